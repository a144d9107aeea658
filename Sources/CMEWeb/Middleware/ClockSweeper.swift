import CMEStorage
import Fluent
import SQLKit
import Vapor

/// Runs the clock sweep inside `cme serve` every `interval`, and takes last month's snapshot once the month is over.
/// With PostgreSQL each run holds an advisory lock, so several server instances never sweep at once.
struct ClockSweeper: LifecycleHandler {
    let interval: Duration

    func didBootAsync(_ application: Application) async throws {
        let interval = self.interval
        let task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                do {
                    let result = try await sweepClocks(application)
                    if let result, result.newlyOverdue > 0 {
                        application.logger.info(
                            "clock sweep: \(result.newlyOverdue) overdue, \(result.alertsRaised) alerts"
                        )
                    }
                } catch {
                    application.logger.error("clock sweep failed: \(String(reflecting: type(of: error)))")
                }
            }
        }
        application.storage[TaskKey.self] = task
    }

    /// Stops the sweeps, letting one under way finish before the databases close.
    func shutdownAsync(_ application: Application) async {
        guard let task = application.storage[TaskKey.self] else { return }
        task.cancel()
        await task.value
    }

    private struct TaskKey: StorageKey {
        typealias Value = Task<Void, Never>
    }

}

/// One clock sweep; `nil` when another instance holds the lock.
public func sweepClocks(_ application: Application) async throws -> SweepResult? {
    let services = application.cme
    let now = services.now()
    let time = services.service.time
    guard services.settings.database.isPostgres else {
        let result = try await services.service.sweep(on: application.db, at: now)
        try await ManagementReport.keepLastMonth(on: application.db, time: time, at: now)
        return result
    }
    return try await application.db.transaction { tx in
        guard let sql = tx as? any SQLDatabase else { return nil }
        let row = try await sql.raw("SELECT pg_try_advisory_xact_lock(\(literal: 4_721_930_612)) AS locked").first()
        guard try row?.decode(column: "locked", as: Bool.self) == true else { return nil }
        let result = try await services.service.sweep(on: tx, at: now)
        try await ManagementReport.keepLastMonth(on: tx, time: time, at: now)
        return result
    }
}
