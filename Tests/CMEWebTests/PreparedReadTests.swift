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
    /// On PostgreSQL the case detail's reads are kept prepared on the connection that ran them, and a second detail
    /// reuses them; on both databases the detail reads the same case either way.
    @Test("The case detail's reads are prepared once per connection", arguments: Backend.available)
    func preparedOnce(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let (people, opened) = try await Self.openCase(
                app,
                forename: "Maja",
                surname: "Kowalski",
                dob: "2015-03-03"
            )
            let caseID = try #require(UUID(uuidString: opened))
            try await app.db.withConnection { db in
                db.eventLoop.makeFutureWithTask {
                    for _ in 0..<3 {
                        let rows = try await CaseWithChildRead.rows([.uuid(caseID)], on: db)
                        #expect(rows.count == 1)
                        #expect(try rows.first?.decode(column: "ch_forename", as: String.self) == "Maja")
                        let timeline = try await TimelineRead.rows([.uuid(caseID)], on: db)
                        let kinds = try timeline.map { try $0.decode(column: "kind", as: String.self) }
                        #expect(kinds.contains("referral_received"))
                    }
                    guard backend == .postgres, let sql = db as? any SQLDatabase else { return }
                    let prepared = try await sql.raw(
                        "SELECT name FROM pg_prepared_statements WHERE name LIKE 'cme_%' ORDER BY name"
                    ).all().map { try $0.decode(column: "name", as: String.self) }
                    #expect(Set(prepared).isSuperset(of: ["cme_case_timeline", "cme_case_with_child"]))
                }
            }.get()
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
        return (people, try #require(created.caseID))
    }
}
