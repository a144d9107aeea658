import Synchronization
import Vapor

/// Counts the requests being answered, so that shutting down waits for them before the databases close. Fluent
/// hands out no database once it has shut down, and a request that asked for one after that stopped the server with
/// a crash: stopping `cme serve` under load did so in about one run in four, and the crash reporter then held the
/// port for minutes. The HTTP server stops taking requests first; this waits up to `patience` for those it took.
final class InFlightRequests: AsyncMiddleware, LifecycleHandler, Sendable {
    private let count = Atomic<Int>(0)
    let patience: Duration

    init(patience: Duration) {
        self.patience = patience
    }

    /// Requests taken and not yet answered.
    var current: Int { self.count.load(ordering: .acquiring) }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        self.count.add(1, ordering: .relaxed)
        defer { self.count.subtract(1, ordering: .releasing) }
        return try await next.respond(to: request)
    }

    func shutdownAsync(_ application: Application) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: self.patience)
        while self.current > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        if self.current > 0 {
            application.logger.warning("shutting down with \(self.current) requests still being answered")
        }
    }
}
