import CMEStorage
import Fluent
import SQLKit
import Vapor

/// Runs `work` inside `cme serve` every `interval`: the clock sweep, the audit checkpoint. Stopping the server lets a
/// run under way finish before the databases close.
struct RepeatingTask: LifecycleHandler {
    let name: String
    let interval: Duration
    let work: @Sendable (Application) async throws -> Void

    func didBootAsync(_ application: Application) async throws {
        let (name, interval, work) = (self.name, self.interval, self.work)
        let task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                do {
                    try await work(application)
                } catch {
                    application.logger.error("\(name) failed: \(String(reflecting: type(of: error)))")
                }
            }
        }
        application.storage[TaskKey.self] = (application.storage[TaskKey.self] ?? []) + [task]
    }

    func shutdownAsync(_ application: Application) async {
        for task in application.storage[TaskKey.self] ?? [] {
            task.cancel()
            await task.value
        }
        application.storage[TaskKey.self] = []
    }

    private struct TaskKey: StorageKey {
        typealias Value = [Task<Void, Never>]
    }
}

extension RepeatingTask {
    /// The clock sweep, and last month's snapshot once the month is over. With PostgreSQL each run holds an
    /// advisory lock, so several server instances never sweep at once.
    static func clockSweep(every interval: Duration) -> RepeatingTask {
        RepeatingTask(name: "clock sweep", interval: interval) { application in
            let result = try await sweepClocks(application)
            if let result, result.newlyOverdue > 0 {
                application.logger.info("clock sweep: \(result.newlyOverdue) overdue, \(result.alertsRaised) alerts")
            }
        }
    }

    /// Appends the audit chain's head to the operator's checkpoint file (issue 16).
    static func auditCheckpoint(every interval: Duration, to path: String) -> RepeatingTask {
        RepeatingTask(name: "audit checkpoint", interval: interval) { application in
            let head = try await AuditLog.head(on: application.db, at: application.cme.now())
            try AuditCheckpointFile.append(head, to: path)
        }
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
        try await Throttles.prune(before: now.addingTimeInterval(-Throttles.kept), at: now, on: application.db)
        try await IdempotencyKeys.prune(at: now, on: application.db)
        _ = try await services.service.runRetentionDaily(on: application.db, at: now)
        return result
    }
    return try await application.db.transaction { tx in
        guard let sql = tx as? any SQLDatabase else { return nil }
        let row = try await sql.raw("SELECT pg_try_advisory_xact_lock(\(literal: 4_721_930_612)) AS locked").first()
        guard try row?.decode(column: "locked", as: Bool.self) == true else { return nil }
        let result = try await services.service.sweep(on: tx, at: now)
        try await ManagementReport.keepLastMonth(on: tx, time: time, at: now)
        try await Throttles.prune(before: now.addingTimeInterval(-Throttles.kept), at: now, on: tx)
        try await IdempotencyKeys.prune(at: now, on: tx)
        _ = try await services.service.runRetentionDaily(on: tx, at: now)
        return result
    }
}
