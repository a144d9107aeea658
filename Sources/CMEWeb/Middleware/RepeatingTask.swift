import CMEStorage
import Fluent
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

/// One sweep at `at` (the server's clock by default; `cme clocks sweep --at` catches up after downtime); `nil` when
/// another instance holds the sweep's lock.
public func sweepClocks(_ application: Application, at: Date? = nil) async throws -> SweepResult? {
    let services = application.cme
    let now = at ?? services.now()
    let time = services.service.time
    return try await ExclusiveRun.run(.sweep, on: application.db) { db in
        let result = try await services.service.sweep(on: db, at: now)
        try await ManagementReport.keepLastMonth(on: db, time: time, at: now)
        try await Throttles.prune(before: now.addingTimeInterval(-Throttles.kept), at: now, on: db)
        try await IdempotencyKeys.prune(at: now, on: db)
        _ = try await services.service.runRetentionDaily(on: db, at: now)
        return result
    }
}
