import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 17, "One command model": every channel offers only what the command model allows now.
@Suite("One command model")
struct CommandModelTests {
    @Test(
        "The assignment queue offers Assign only on cases the state machine lets the manager assign (Suffolk App. 3: reason and source first)",
        arguments: Backend.available
    )
    func queueOffersOnlyAllowedAssignments(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: one case opened, one with its reason and source recorded
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let waiting = try await app.refer("Nia", "Bell", dob: "2014-01-01", as: "officer", people)
            let ready = try await app.refer("Owen", "Cole", dob: "2013-02-02", as: "officer", people)
            let readyID = try #require(ready.caseID)
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(readyID)/events",
                as: people.tokens["officer"],
                json: ["kind": "reason_and_source_recorded", "expectedVersion": 1, "reason": "RTL", "source": "SCH"]
            )
            let waitingRef = try #require(waiting.caseSummary?["reference"] as? String)
            let readyRef = try #require(ready.caseSummary?["reference"] as? String)

            // MUT
            let manager = WebClient(app)
            try await manager.signIn("manager@test.cme", at: clock.now)
            let queue = try await manager.get("/team/queue")

            // validate: the API's allowedEvents and the queue agree
            #expect(queue.body.contains("Assign \(readyRef) to"))
            #expect(!queue.body.contains("Assign \(waitingRef) to"))
            #expect(queue.body.contains("Record the reason and source for \(waitingRef) first"))
            let waitingID = try #require(waiting.caseID)
            let detail = try await app.call(.GET, "api/v1/cases/\(waitingID)", as: people.tokens["manager"])
            #expect(!((detail["allowedEvents"] as? [String]) ?? []).contains("ewo_assigned"))
            let readyDetail = try await app.call(.GET, "api/v1/cases/\(readyID)", as: people.tokens["manager"])
            #expect(((readyDetail["allowedEvents"] as? [String]) ?? []).contains("ewo_assigned"))
        }
    }
}
