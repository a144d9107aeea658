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
public struct WriteGate: Sendable {
    let lock: AsyncLock?

    public static let none = WriteGate(lock: nil)
    public static func serialised() -> WriteGate { WriteGate(lock: AsyncLock()) }

    /// Runs `body` in a transaction, alone among gated writers.
    public func transaction<T: Sendable>(
        _ db: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let lock = self.lock else { return try await db.transaction(body) }
        await lock.lock()
        do {
            let value = try await db.transaction(body)
            await lock.unlock()
            return value
        } catch {
            await lock.unlock()
            throw error
        }
    }
}
