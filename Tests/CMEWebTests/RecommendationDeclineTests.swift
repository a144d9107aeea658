import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing

@testable import CMEWeb

/// Issue 17: a recommended escalation is outstanding until it is made (done) or the officer declines it with a
/// reason (declined); the reason is kept and shown, and only the officer and manager may decline.
@Suite("Declining a recommendation")
struct RecommendationDeclineTests {
    @Test(
        "Suffolk 10.1: the officer declines the social care recommendation with a reason; an EWO may not; a reason is required",
        arguments: Backend.available
    )
    func declineWithReason(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["officer"],
                json: referralJSON(forename: "Tyson", surname: "Lovell", dob: "2011-07-07")
            )
            let caseID = try #require(created.caseID)
            // Not located within 72 working hours: Suffolk 10.1 recommends social care.
            clock.advance(days: 4)
            _ = try await sweepClocks(app)
            var detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let outstanding = (detail["recommendations"] as? [[String: Any]] ?? []).filter {
                $0["status"] as? String == "outstanding"
            }
            let target = try #require(outstanding.first?["target"] as? String)
            #expect((detail["allowedEvents"] as? [String] ?? []).contains("recommendation_declined"))
            let version = (detail["case"] as? [String: Any])?["version"] as? Int ?? 0
            let path = "api/v1/cases/\(caseID)/events"

            // The role that must not: an EWO.
            let byEWO = try await app.call(
                .POST,
                path,
                as: people.tokens["ewo"],
                json: ["kind": "recommendation_declined", "expectedVersion": version, "target": target, "note": "No"]
            )
            #expect(byEWO.status == .forbidden || byEWO.status == .notFound)
            // No reason.
            let bare = try await app.call(
                .POST,
                path,
                as: people.tokens["officer"],
                json: ["kind": "recommendation_declined", "expectedVersion": version, "target": target]
            )
            #expect(bare.status == .unprocessableEntity)
            #expect("\(bare.json)".contains("note"))
            // A target with nothing outstanding.
            let wrong = try await app.call(
                .POST,
                path,
                as: people.tokens["officer"],
                json: [
                    "kind": "recommendation_declined", "expectedVersion": version,
                    "target": "elective_home_education_team",
                    "note": "Not needed",
                ]
            )
            #expect(wrong.status == .unprocessableEntity)
            #expect("\(wrong.json)".contains("no outstanding recommendation"))

            let reason = "Family confirmed at the grandmother address in Norwich; social care already involved"
            let declined = try await app.call(
                .POST,
                path,
                as: people.tokens["officer"],
                json: ["kind": "recommendation_declined", "expectedVersion": version, "target": target, "note": reason]
            )
            #expect(declined.status == .created)
            detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let settled = try #require(
                (detail["recommendations"] as? [[String: Any]] ?? []).first { $0["target"] as? String == target }
            )
            #expect(settled["status"] as? String == "declined")
            #expect(settled["settledBy"] as? String == "recommendation_declined")

            // The page says so, with the reason, in words.
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            let page = try await officer.get("/cases/\(caseID.lowercased())")
            #expect(page.body.contains("Declined"))
            #expect(page.body.contains("Reason: \(reason)"))
        }
    }
}
