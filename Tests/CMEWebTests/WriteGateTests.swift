import CMEStorage
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 16, "Bad input and faults": on SQLite, lock contention waits inside the server; no request fails with
/// "database is locked".
@Suite("SQLite write gate")
struct WriteGateTests {
    @Test("A gated transaction that reads first is not refused when another connection commits a write meanwhile")
    func readThenWriteWaitsInsteadOfFailing() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let gate = app.cme.service.gate
            let sql = try #require(app.db as? any SQLDatabase)
            let (read, readDone) = AsyncStream.makeStream(of: Void.self)
            let (other, otherStarted) = AsyncStream.makeStream(of: Void.self)
            // MUT: the gated transaction reads, then another connection writes and commits, then the gated one
            // writes. Without the write lock taken first, SQLite refuses the second write at once.
            async let gated: Void = gate.transaction(app.db) { tx in
                let tsql = try #require(tx as? any SQLDatabase)
                _ = try await tsql.raw("SELECT COUNT(*) AS n FROM counters").all()
                readDone.yield()
                for await _ in other { break }
                try await Task.sleep(for: .milliseconds(200))
                try await tsql.raw("INSERT INTO counters (name, value) VALUES ('gated', 1)").run()
            }
            for await _ in read { break }
            otherStarted.yield()
            // An ordinary write on a request's connection (a session touched, a sign-in counted).
            try await sql.raw("INSERT INTO counters (name, value) VALUES ('ungated', 1)").run()
            try await gated
            // validate: both writes are there
            let names = try await sql.raw("SELECT name FROM counters WHERE name IN ('gated', 'ungated')").all()
                .map { try $0.decode(column: "name", as: String.self) }
            #expect(Set(names) == ["gated", "ungated"])
        }
    }
}
