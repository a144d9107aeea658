import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing

@testable import CMEWeb

/// Issue 17: an event carries when it happened as well as when it was recorded; a home visit made on Wednesday and
/// recorded on Friday meets the deadline it met.
@Suite("When it happened")
struct OccurredAtTests {
    @Test(
        "Suffolk 10.1: a home visit made within 72 working hours but recorded later meets the deadline on time; the future and before the last event are refused",
        arguments: Backend.available
    )
    func visitRecordedLater(_ backend: Backend) async throws {
        // Monday 3 November 2025, 09:00 (GMT): the visit is due by Thursday 09:00.
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let created = try await app.refer("Noor", "Haddad", dob: "2013-02-02", as: "officer", people)
            let caseID = try #require(created.caseID)
            try await app.triage(caseID, assignTo: "ewo", people)
            clock.advance(days: 4, hours: 1)  // Friday 10:00
            let path = "api/v1/cases/\(caseID)/events"
            func visit(_ occurredAt: String) async throws -> Exchange {
                try await app.call(
                    .POST,
                    path,
                    as: people.tokens["ewo"],
                    json: [
                        "kind": "home_visit_recorded", "expectedVersion": 3, "outcome": "No reply",
                        "occurredAt": occurredAt,
                    ]
                )
            }
            let future = try await visit("2025-11-08T10:00:00Z")
            #expect(future.status == .unprocessableEntity)
            #expect("\(future.json)".contains("occurredAt"))
            let beforeLast = try await visit("2025-11-02T10:00:00Z")
            #expect(beforeLast.status == .unprocessableEntity)
            #expect("\(beforeLast.json)".contains("earlier than the last event on the case"))

            let made = try await visit("2025-11-05T14:00:00Z")
            #expect(made.status == .created)
            let clocks = made["clocks"] as? [[String: Any]] ?? []
            let home = try #require(clocks.first { $0["id"] as? String == "home-visit" })
            #expect(home["state"] as? String == "met", "done on Wednesday: on time, though recorded on Friday")
            let timeline = made["timeline"] as? [[String: Any]] ?? []
            let entry = try #require(timeline.first { $0["kind"] as? String == "home_visit_recorded" })
            #expect((entry["at"] as? String)?.hasPrefix("2025-11-05T14:00") == true)
            #expect((entry["recordedAt"] as? String)?.hasPrefix("2025-11-07T10:00") == true)

            // The page says both, in words.
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            let page = try await officer.get("/cases/\(caseID.lowercased())")
            #expect(page.body.contains("5 November 2025 at 2pm"))
            #expect(page.body.contains("recorded 7 November 2025 at 10am"))
        }
    }
}
