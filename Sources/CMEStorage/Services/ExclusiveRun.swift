import Fluent
import SQLKit

/// The PostgreSQL advisory locks CME Tracker takes, each named once: a bare number at a call site could collide
/// with another's unseen.
public enum AdvisoryLockKey: Int64, Sendable {
    /// Held for one run of the sweep (clocks, categories, the month's record, retention), so that several server
    /// instances on one database never sweep at once.
    case sweep = 4_721_930_612
}

/// Work that one instance at a time may do.
public enum ExclusiveRun {
    /// Runs `body` in a transaction holding `key` on PostgreSQL, or `nil` when another instance holds it. On SQLite,
    /// where one process writes the file and the write gate serialises it, `body` runs on `db` directly.
    public static func run<T: Sendable>(
        _ key: AdvisoryLockKey,
        on db: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T? {
        guard let sql = db as? any SQLDatabase, sql.isPostgreSQL else { return try await body(db) }
        return try await db.transaction { tx -> T? in
            guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
            let row = try await sql.raw("SELECT pg_try_advisory_xact_lock(\(bind: key.rawValue)) AS locked").first()
            guard try row?.decode(column: "locked", as: Bool.self) == true else { return nil }
            return try await body(tx)
        }
    }
}
