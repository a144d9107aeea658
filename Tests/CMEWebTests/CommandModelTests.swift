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

extension CommandModelTests {
    @Test(
        "Suffolk 12.1: a follow-up is recorded from its due day, or earlier only with a reason the timeline keeps",
        arguments: Backend.available
    )
    func followUpsWaitForTheirDay(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let created = try await app.refer("Ada", "Moss", dob: "2014-01-01", as: "officer", people)
            let caseID = try #require(created.caseID)
            try await app.triage(caseID, assignTo: "ewo", people)
            var version = 3
            func step(_ body: [String: Any]) async throws -> Exchange {
                var body = body
                body["expectedVersion"] = version
                let result = try await app.call(
                    .POST,
                    "api/v1/cases/\(caseID)/events",
                    as: people.tokens[body["kind"] as? String == "ewo_responded" ? "ewo" : "officer"],
                    json: body
                )
                if result.status == .created { version += 1 }
                return result
            }
            _ = try await step(["kind": "ewo_responded"])
            let found = try await step(["kind": "destination_confirmed", "outcome": "OLA", "destination": "Norfolk"])
            #expect(found.status == .created)

            // MUT: the 6-week follow-up on the day the destination was confirmed
            let early = try await step(["kind": "follow_up_6_weeks"])

            // validate
            #expect(early.status == .unprocessableEntity)
            #expect("\(early.json)".contains("note") && "\(early.json)".contains("2025-12-15"))
            let explained = try await step(["kind": "follow_up_6_weeks", "note": "Norfolk confirmed attendance early"])
            #expect(explained.status == .created)
            // Six weeks on (15 December 2025), the 18-week one is still early; at 18 weeks it needs no reason.
            clock.advance(days: 42)
            #expect(try await step(["kind": "follow_up_18_weeks"]).status == .unprocessableEntity)
            clock.advance(days: 84)
            #expect(try await step(["kind": "follow_up_18_weeks"]).status == .created)
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let notes = (detail["timeline"] as? [[String: Any]] ?? []).compactMap { $0["note"] as? String }
            #expect(notes.contains("Norfolk confirmed attendance early"))
        }
    }
}

extension CommandModelTests {
    @Test(
        "Suffolk 10.4: a recommended escalation is outstanding until the escalation to its target is recorded, then done naming it; once the child is found, one nobody acted on is no longer recommended",
        arguments: Backend.available
    )
    func recommendationsAreSettledByTheEscalation(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["officer"],
                json: referralJSON(
                    forename: "Ivo",
                    surname: "Hart",
                    dob: "2013-05-05",
                    facts: ["child_protection_plan"]
                )
            )
            let caseID = try #require(created.caseID)
            func statuses() async throws -> [String: String] {
                let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
                let list = detail["recommendations"] as? [[String: Any]] ?? []
                return Dictionary(
                    list.map { ($0["target"] as? String ?? "", $0["status"] as? String ?? "") },
                    uniquingKeysWith: { first, _ in first }
                )
            }
            #expect(try await statuses() == ["childrens_social_care": "outstanding", "police": "outstanding"])
            try await app.triage(caseID, assignTo: "ewo", people)

            // MUT: the officer contacts social care
            clock.advance(hours: 1)
            let escalated = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: [
                    "kind": "escalated", "expectedVersion": 3, "target": "childrens_social_care", "reference": "SC-9",
                ]
            )
            #expect(escalated.status == .created)

            // validate
            #expect(try await statuses() == ["childrens_social_care": "done", "police": "outstanding"])
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let done = (detail["recommendations"] as? [[String: Any]] ?? []).first { $0["status"] as? String == "done" }
            #expect(done?["settledBy"] as? String == "escalated" && done?["settledAt"] != nil)
            // Found: the police recommendation nobody acted on is no longer made; social care's stays done.
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: ["kind": "child_located", "expectedVersion": 4, "note": "At her aunt's"]
            )
            #expect(try await statuses() == ["childrens_social_care": "done"])
        }
    }
}

extension CommandModelTests {
    @Test(
        "Suffolk 11.4: a referral giving only the date last attended starts the lost-pupil CTF clock from the next school day",
        arguments: Backend.available
    )
    func dateLastAttendedStartsTheLostPupilClock(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            // Last attended Friday 17 October 2025; half term is 27-31 October, so the next school day is 20 October.
            let body = referralJSON(forename: "Lia", surname: "Frost", dob: "2014-04-04", firstDayOfAbsence: nil)
            let created = try await app.call(.POST, "api/v1/referrals", as: people.tokens["officer"], json: body)
            let clocks = (created["case"] as? [String: Any])?["clocks"] as? [[String: Any]] ?? []
            let ctf = try #require(clocks.first { $0["id"] as? String == "lost-pupil-ctf" })
            // Four weeks from Monday 20 October 2025.
            #expect(ctf["due"] as? String == "2025-11-17")
        }
    }
}

extension CommandModelTests {
    @Test(
        "Derbyshire 5.11: a case still unresolved four school weeks after the referral is recommended to the Complex Case Panel",
        arguments: Backend.available
    )
    func complexCasePanelFires(backend: Backend) async throws {
        try await withTestApp(backend, policy: "derbyshire") { app, clock in
            let people = try await People.make(app)
            var body = referralJSON(forename: "Kit", surname: "Vale", dob: "2013-03-03")
            var child = try #require(body["child"] as? [String: Any])
            child["addresses"] = []  // whereabouts unknown: missing, not located
            body["child"] = child
            let created = try await app.call(.POST, "api/v1/referrals", as: people.tokens["officer"], json: body)
            let caseID = try #require(created.caseID)
            func panel() async throws -> String? {
                let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
                return (detail["recommendations"] as? [[String: Any]] ?? [])
                    .first { $0["target"] as? String == "complex_case_panel" }?["status"] as? String
            }
            #expect(try await panel() == nil)
            // Twenty school days after Monday 3 November 2025 end with Monday 1 December: not yet on that day.
            clock.advance(days: 28)
            #expect(try await panel() == nil)
            clock.advance(days: 1)
            #expect(try await panel() == "outstanding")
        }
    }
}

extension CommandModelTests {
    @Test(
        "Suffolk 16.1: an open case of a child past the school leaving date prompts closure with NCA, on the page and the API",
        arguments: Backend.available
    )
    func schoolLeavingDatePromptsNCA(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            // Born 5 May 2009: the school leaving date was Friday 27 June 2025.
            let older = try await app.refer("Sam", "Cole", dob: "2009-05-05", as: "officer", people)
            let younger = try await app.refer("Tom", "Cole", dob: "2012-05-05", as: "officer", people)
            func prompts(_ exchange: Exchange) async throws -> [String] {
                let detail = try await app.call(
                    .GET,
                    "api/v1/cases/\(try #require(exchange.caseID))",
                    as: people.tokens["officer"]
                )
                return (detail["prompts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            #expect(try await prompts(older) == ["close-nca"])
            #expect(try await prompts(younger).isEmpty)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            let page = try await officer.get("/cases/\(try #require(older.caseID).lowercased())")
            #expect(page.body.contains("passed the school leaving date") && page.body.contains("27 June 2025"))
            // Closed with NCA, nothing more is asked.
            let closed = try await app.call(
                .POST,
                "api/v1/cases/\(try #require(older.caseID))/events",
                as: people.tokens["officer"],
                json: ["kind": "closed", "expectedVersion": 1, "outcome": "NCA"]
            )
            #expect(closed.status == .created)
            #expect(try await prompts(older).isEmpty)
        }
    }
}

extension CommandModelTests {
    @Test(
        "Suffolk 10.1: a home visit needs what happened, and an enquiry which one, on the API as on the page",
        arguments: Backend.available
    )
    func sameRulesOnEveryChannel(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let created = try await app.refer("Una", "Bell", dob: "2014-01-01", as: "officer", people)
            let caseID = try #require(created.caseID)
            try await app.triage(caseID, assignTo: "ewo", people)
            let events = "api/v1/cases/\(caseID)/events"
            let visit = try await app.call(
                .POST,
                events,
                as: people.tokens["ewo"],
                json: ["kind": "home_visit_recorded", "expectedVersion": 3, "note": "Went round"]
            )
            #expect(visit.status == .unprocessableEntity && "\(visit.json)".contains("outcome"))
            let enquiry = try await app.call(
                .POST,
                events,
                as: people.tokens["ewo"],
                json: ["kind": "enquiry_recorded", "expectedVersion": 3, "note": "Asked around"]
            )
            #expect(enquiry.status == .unprocessableEntity && "\(enquiry.json)".contains("action"))
            // The page says the same, in the form.
            let ewo = WebClient(app)
            try await ewo.signIn("ewo@test.cme", at: clock.now)
            try await ewo.get("/cases/\(caseID.lowercased())")
            let page = try await ewo.post(
                "/cases/\(caseID.lowercased())/events",
                ["kind": "home_visit_recorded", "version": "3", "note": "Went round"]
            )
            #expect(page.body.contains("Say what happened at the visit"))
        }
    }
}
