import Fluent
import FluentSQLiteDriver
import SQLKit
import Vapor

/// SQLite settings for a server with concurrent requests: write-ahead logging (persistent in the file), so readers
/// never wait for the writer, and a busy timeout on every pooled connection (one per event loop) for the rare
/// writer from another process (`cme clocks sweep` while the server runs).
enum SQLiteTuning {
    static func apply(_ app: Application) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        for loop in app.eventLoopGroup.makeIterator() {
            guard let connection = app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase
            else {
                continue
            }
            try await connection.raw("PRAGMA busy_timeout = 10000").run()
        }
    }
}
