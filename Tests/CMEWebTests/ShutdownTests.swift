import Synchronization
import Testing
import Vapor

@testable import CMEWeb

/// Stopping the server while it answers requests: the databases close only once those requests are answered.
@Suite("Shutdown")
struct ShutdownTests {
    /// An answer that waits until the test lets it go.
    struct HeldResponder: AsyncResponder {
        let release: AsyncStream<Void>

        func respond(to request: Request) async throws -> Response {
            for await _ in self.release { break }
            return Response(status: .ok)
        }
    }

    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { self.value.load(ordering: .acquiring) }
        func set() { self.value.store(true, ordering: .releasing) }
    }

    /// A request taken by `inFlight` and held until the returned continuation yields; returns once it is counted.
    static func holdRequest(
        through inFlight: InFlightRequests,
        on app: Application
    ) async -> (Task<Response, any Error>, AsyncStream<Void>.Continuation) {
        let (release, releasing) = AsyncStream<Void>.makeStream()
        let request = Request(application: app, on: app.eventLoopGroup.any())
        let answer = Task { try await inFlight.respond(to: request, chainingTo: HeldResponder(release: release)) }
        while inFlight.current == 0 { await Task.yield() }
        return (answer, releasing)
    }

    @Test("Shutting down waits for the requests being answered")
    func waitsForRequests() async throws {
        let app = try await Application.make(.testing)
        let inFlight = InFlightRequests(patience: .seconds(30))
        let (answer, releasing) = await Self.holdRequest(through: inFlight, on: app)

        let finished = Flag()
        let shutdown = Task {
            await inFlight.shutdownAsync(app)
            finished.set()
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(!finished.isSet, "shut down while a request was still being answered")
        #expect(inFlight.current == 1)

        releasing.yield()
        #expect(try await answer.value.status == .ok)
        await shutdown.value
        #expect(finished.isSet)
        #expect(inFlight.current == 0)
        try await app.asyncShutdown()
    }

    @Test("A request that never finishes holds shutting down back only as long as the patience allows")
    func patience() async throws {
        let app = try await Application.make(.testing)
        let inFlight = InFlightRequests(patience: .milliseconds(100))
        let (answer, releasing) = await Self.holdRequest(through: inFlight, on: app)
        let clock = ContinuousClock()
        let took = await clock.measure { await inFlight.shutdownAsync(app) }
        #expect(took >= .milliseconds(100) && took < .seconds(5))
        #expect(inFlight.current == 1)
        releasing.yield()
        _ = try await answer.value
        try await app.asyncShutdown()
    }
}
