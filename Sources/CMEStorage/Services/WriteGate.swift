import Fluent
import SQLKit

/// A first-come, first-served async mutex.
public actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func lock() async {
        if !self.locked {
            self.locked = true
            return
        }
        await withCheckedContinuation { self.waiters.append($0) }
    }

    public func unlock() {
        if self.waiters.isEmpty {
            self.locked = false
        } else {
            self.waiters.removeFirst().resume()
        }
    }
}

/// Serialises write transactions on SQLite, which allows one writer at a time: without it, two pooled
/// connections that both read and then write would see SQLITE_BUSY. PostgreSQL needs no gate.
///
/// A serialised gate can run its transactions on a connection of their own (`writer`), so that a transaction never
/// holds a connection that requests read through: a request's reads (its token, a case) go on while a batch of
/// intakes or audit rows is written, as write-ahead logging allows (ADR 0011).
public struct WriteGate: Sendable {
    /// Starts a gated SQLite transaction with a write, as `BEGIN IMMEDIATE` would. A transaction that read first
    /// and then wrote, after another connection (a session, a sign-in count, the command line) had committed in
    /// between, was refused at once with "database is locked" (SQLITE_BUSY_SNAPSHOT), which no busy timeout waits
    /// out: about one request in 8,000 under a read/write burst (issue 16). Writing first takes the write lock
    /// before the transaction reads anything, waiting for it as long as the busy timeout allows.
    static func takeWriteLock(_ tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase else { return }
        try await sql.raw("UPDATE counters SET value = value WHERE name = 'write-gate'").run()
    }

    let lock: AsyncLock?
    let writer: (any Database)?

    public static let none = WriteGate(lock: nil, writer: nil)
    /// One writer at a time, each on the database it is given, or on `writer` when there is one.
    public static func serialised(writer: (any Database)? = nil) -> WriteGate {
        WriteGate(lock: AsyncLock(), writer: writer)
    }

    /// Runs `body` in a transaction, alone among gated writers: on the gate's own writer connection if it has one,
    /// otherwise on `db`.
    public func transaction<T: Sendable>(
        _ db: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let lock = self.lock else { return try await db.transaction(body) }
        await lock.lock()
        do {
            let value = try await (self.writer ?? db).transaction { tx in
                try await Self.takeWriteLock(tx)
                return try await body(tx)
            }
            await lock.unlock()
            return value
        } catch {
            await lock.unlock()
            throw error
        }
    }
}
