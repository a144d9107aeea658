import FluentSQLiteDriver
import Foundation
import SQLKit
import Testing

@testable import CMEWeb

/// The server's SQLite settings (ADR 0003, ADR 0009), on every pooled connection the requests use.
@Suite("SQLite settings")
struct SQLiteTuningTests {
    @Test("Write-ahead logging, a busy timeout and a checkpoint every 20,000 pages on each event loop's connection")
    func everyConnection() async throws {
        try await withTestApp(.sqlite) { app, _ in
            var loops = 0
            for loop in app.eventLoopGroup.makeIterator() {
                let db = try #require(
                    app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase
                )
                func value(_ pragma: String) async throws -> String? {
                    let row = try await db.raw("PRAGMA \(unsafeRaw: pragma)").first()
                    let column = try #require(row?.allColumns.first)
                    return (try? row?.decode(column: column, as: String.self))
                        ?? (try? row?.decode(column: column, as: Int.self)).map(String.init)
                }
                #expect(try await value("journal_mode") == "wal")
                #expect(try await value("busy_timeout") == "10000")
                #expect(try await value("wal_autocheckpoint") == String(SQLiteTuning.checkpointPages))
                loops += 1
            }
            #expect(loops > 0)
        }
    }
}
