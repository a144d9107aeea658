import Fluent
import SQLKit

/// SQLite settings for a server with concurrent requests: write-ahead logging (persistent in the file), so readers
/// never wait for the writer, and on every pooled connection (one per event loop, and the write gate's own, ADR
/// 0011) a busy timeout for the rare writer from another process (`cme clocks sweep` while the server runs) and a
/// checkpoint of the log every `checkpointPages` pages instead of SQLite's 1,000. A batch of intakes (ADR 0009)
/// writes hundreds of pages, so at 1,000 the commit that crossed the line copied the log into the file and synced
/// it every few batches; at 20,000 (about 80 MB of log) create referral measured 651-676 requests/s against
/// 544-597, and case detail 1,494 against 1,373 (BENCHMARKS.md). Every commit still syncs the log, so nothing
/// acknowledged is lost.
public enum SQLiteTuning {
    public static let checkpointPages = 20_000

    /// Sets the log mode on `database`, and tunes each of `connections` (every pooled connection and the writer).
    public static func apply(_ database: any Database, connections: [(any Database)?]) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        for case let connection as any SQLDatabase in connections {
            try await connection.raw("PRAGMA busy_timeout = 10000").run()
            try await connection.raw("PRAGMA wal_autocheckpoint = \(unsafeRaw: String(Self.checkpointPages))").run()
        }
    }
}
