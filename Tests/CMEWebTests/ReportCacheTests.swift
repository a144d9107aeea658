import CMECore
import CMEStorage
import Foundation
import Testing

@testable import CMEWeb

/// How many times a report was computed.
actor Computations {
    var count = 0
    func add() { self.count += 1 }
}

/// Issue 17: a report over every case is computed once while the cases are unchanged, never shown stale.
@Suite("Reports' cache")
struct ReportCacheTests {
    @Test(
        "Sixteen readers at once compute the report once; a new case makes the next read compute it again",
        arguments: Backend.available
    )
    func computedOnceAndNeverStale(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            _ = try await app.refer("Amelia", "Price", dob: "2014-03-27", as: "officer", people)
            let cache = ReportCache()
            let computed = Computations()
            let db = app.db
            @Sendable func count() async throws -> Int {
                await computed.add()
                try await Task.sleep(for: .milliseconds(50))
                return try await CaseModel.query(on: db).count()
            }
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 { group.addTask { try await cache.value("cases", on: db, compute: count) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers == Array(repeating: 1, count: 16))
            #expect(await computed.count == 1, "computed once for sixteen readers")
            #expect(try await cache.value("cases", on: db, compute: count) == 1)
            #expect(await computed.count == 1, "held while nothing changed")

            _ = try await app.refer("Zainab", "Okafor", dob: "2013-05-01", as: "officer", people)
            #expect(try await cache.value("cases", on: db, compute: count) == 2, "a new case: computed again")
            #expect(await computed.count == 2)
        }
    }
}
