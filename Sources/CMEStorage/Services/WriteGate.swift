import Fluent

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
            let value = try await (self.writer ?? db).transaction(body)
            await lock.unlock()
            return value
        } catch {
            await lock.unlock()
            throw error
        }
    }
}
