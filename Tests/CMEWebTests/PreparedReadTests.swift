import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CMEStorage
@testable import CMEWeb

/// The API's busiest reads, prepared once per PostgreSQL connection (ADR 0012), and what a failing read answers.
@Suite("Prepared reads")
struct PreparedReadTests {
    /// On PostgreSQL the case detail's reads are kept prepared on the connection that ran them, and run again from
    /// there; inside a transaction they go unprepared. On both databases they read the same case either way.
    @Test("The case detail's reads are prepared once per connection", arguments: Backend.available)
    func preparedOnce(backend: Backend) async throws {
        // One connection per event loop, and every query below on one loop: all on the same connection.
        let oneConnection: (inout Settings) -> Void = { $0.postgresConnectionsPerLoop = 1 }
        try await withTestApp(backend, settings: oneConnection) { app, _ in
            let (people, opened) = try await Self.openCase(
                app,
                forename: "Maja",
                surname: "Kowalski",
                dob: "2015-03-03"
            )
            let caseID = try #require(UUID(uuidString: opened))
            let db = try #require(app.databases.database(logger: app.logger, on: app.eventLoopGroup.next()))
            @Sendable func readTwice(on db: any Database) async throws {
                for _ in 0..<2 {
                    let rows = try await CaseWithChildRead.rows([.uuid(caseID)], on: db)
                    #expect(rows.count == 1)
                    #expect(try rows.first?.decode(column: "ch_forename", as: String.self) == "Maja")
                    let timeline = try await TimelineRead.rows([.uuid(caseID), .uuid(caseID)], on: db)
                    let kinds = try timeline.map { try $0.decode(column: "kind", as: String.self) }
                    #expect(kinds.contains("referral_received"))
                }
            }
            @Sendable func prepared(on db: any Database) async throws -> Set<String> {
                guard backend == .postgres, let sql = db as? any SQLDatabase else { return [] }
                return Set(
                    try await sql.raw("SELECT name FROM pg_prepared_statements WHERE name LIKE 'cme_%'").all().map {
                        try $0.decode(column: "name", as: String.self)
                    }
                )
            }
            try await db.transaction { tx in try await readTwice(on: tx) }
            #expect(try await prepared(on: db).isDisjoint(with: ["cme_case_timeline_joined", "cme_case_with_child"]))
            try await readTwice(on: db)
            if backend == .postgres {
                #expect(try await prepared(on: db).isSuperset(of: ["cme_case_timeline_joined", "cme_case_with_child"]))
            }
            #expect(try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"]).status == .ok)
        }
    }

    /// PostgreSQL refuses to run a prepared statement whose result columns changed since it was prepared: the reads
    /// name their columns, so a column added by a later migration leaves them working.
    @Test("A column added after the reads were prepared does not break them", arguments: Backend.available)
    func columnAdded(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let (people, caseID) = try await Self.openCase(app, forename: "Esme", surname: "Price", dob: "2013-01-20")
            for _ in 0..<4 {
                #expect(try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"]).status == .ok)
            }
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE cases ADD COLUMN later_note TEXT").run()
            try await sql.raw("ALTER TABLE case_events ADD COLUMN later_note TEXT").run()
            for _ in 0..<4 {
                let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
                #expect(detail.status == .ok)
                #expect((detail["case"] as? [String: Any])?["id"] as? String == caseID)
            }
        }
    }

    /// A read the database cannot answer is the server's failure: 500, not a 400 that blames the request.
    @Test("A database failure under the API answers 500", arguments: Backend.available)
    func databaseFailure(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let (people, caseID) = try await Self.openCase(app, forename: "Ola", surname: "Nowak", dob: "2014-06-06")
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE case_events RENAME TO case_events_away").run()
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            #expect(detail.status == .internalServerError)
            #expect(detail["error"] as? Bool == true)
            try await sql.raw("ALTER TABLE case_events_away RENAME TO case_events").run()
            // Once the table is back, the read works again on every connection, including the one it failed on.
            for _ in 0..<4 {
                #expect(try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"]).status == .ok)
            }
        }
    }

    /// Everyone's tokens, and a case opened by school A's referral for the child.
    static func openCase(
        _ app: Application,
        forename: String,
        surname: String,
        dob: String
    ) async throws -> (People, String) {
        let people = try await People.make(app)
        let created = try await app.call(
            .POST,
            "api/v1/referrals",
            as: people.tokens["dslA"],
            json: referralJSON(forename: forename, surname: surname, dob: dob)
        )
        return (people, try #require((try await app.caseID(created))))
    }
}
