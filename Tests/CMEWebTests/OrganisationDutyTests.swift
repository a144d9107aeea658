import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing

@testable import CMEWeb

/// Issue 17: an organisation's own recurring duties run per organisation, go overdue and alert their owner like
/// case clocks, and are recorded done by the role the policy names, through the API and the page.
@Suite("Organisation duties")
struct OrganisationDutyTests {
    @Test(
        "Suffolk 11.7: the LA's weekly reading of other LAs' s2s messages runs, goes overdue and alerts the officer and manager; the officer records it; a school and an EWO may not",
        arguments: Backend.available
    )
    func weeklyS2SCheck(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            // The first sweep starts the LA's duties (Monday 3 November 2025, 09:00).
            _ = try await sweepClocks(app)
            var duties = try await app.call(.GET, "api/v1/duties", as: people.tokens["officer"])
            var items = duties["items"] as? [[String: Any]] ?? []
            let weekly = try #require(items.first { $0["id"] as? String == "s2s-messages-weekly" })
            #expect(weekly["state"] as? String == "running")
            #expect(weekly["section"] as? String == "Suffolk 11.7")
            // A school has no such duty, and may not record it; nor may an EWO.
            let school = try await app.call(.GET, "api/v1/duties", as: people.tokens["dslA"])
            #expect((school["items"] as? [[String: Any]] ?? []).isEmpty)
            for who in ["dslA", "ewo"] {
                let refused = try await app.call(
                    .POST,
                    "api/v1/duties",
                    as: people.tokens[who],
                    json: ["kind": "s2s_messages_checked"]
                )
                #expect(refused.status == .forbidden, "\(who)")
            }
            #expect(try await app.call(.GET, "api/v1/duties", as: nil).status == .unauthorized)

            // A week and a day on, nobody has read them: overdue, and the officer and manager are alerted once.
            clock.advance(days: 8)
            let swept = try #require(try await sweepClocks(app))
            #expect(swept.newlyOverdue >= 1)
            let alerts = try await OrganisationAlertModel.query(on: app.db).all()
            #expect(Set(alerts.map(\.role)) == ["cme_officer", "team_manager"])
            #expect(alerts.allSatisfy { $0.message.contains("Suffolk County Council") })
            _ = try await sweepClocks(app)
            #expect(try await OrganisationAlertModel.query(on: app.db).count() == 2, "alerted once")
            duties = try await app.call(.GET, "api/v1/duties", as: people.tokens["officer"])
            items = duties["items"] as? [[String: Any]] ?? []
            #expect(items.first?["state"] as? String == "overdue")

            // The officer reads them: running again, due a week on, last done now.
            let done = try await app.call(
                .POST,
                "api/v1/duties",
                as: people.tokens["officer"],
                json: ["kind": "s2s_messages_checked", "note": "Three messages; none matched the roll"]
            )
            #expect(done.status == .created)
            items = done["items"] as? [[String: Any]] ?? []
            #expect(items.first?["state"] as? String == "running")
            #expect((items.first?["lastDone"] as? String)?.hasPrefix("2025-11-11") == true)
            #expect((items.first?["due"] as? String) == "2025-11-18")
            let audit = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "organisation").all()
            #expect(audit.contains { $0.detail == "s2s messages checked" })

            // The officer's dashboard shows it, in words, with the button.
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            let page = try await officer.get("/dashboard")
            #expect(page.body.contains("Your organisation&#39;s regular duties"))
            #expect(page.body.contains("Read other LAs&#39; s2s messages"))
            #expect(page.body.contains("Record done now"))
        }
    }

    @Test(
        "innov8 5.3: the AP provider's weekly attendance report runs per provider and is recorded done from its page",
        arguments: Backend.available
    )
    func weeklyAttendanceReport(_ backend: Backend) async throws {
        try await withTestApp(backend, policy: "innov8") { app, clock in
            let people = try await People.make(app)
            // The duties start with the first sweep (Monday); the provider sends its report on Wednesday.
            _ = try await sweepClocks(app)
            clock.advance(days: 2)
            try await WebPeople.enable(app)
            let provider = WebClient(app)
            try await provider.signIn("ap@test.cme", at: clock.now)
            let page = try await provider.get("/referrals")
            #expect(page.body.contains("Weekly attendance report to the commissioning school and LA"))
            let posted = try await provider.post("/duties", ["kind": "return_submitted", "back": "/referrals"])
            #expect(posted.status == .seeOther)
            let duties = try await app.call(.GET, "api/v1/duties", as: people.tokens["ap"])
            let item = try #require((duties["items"] as? [[String: Any]])?.first)
            #expect((item["lastDone"] as? String)?.hasPrefix("2025-11-05") == true)
            #expect(item["due"] as? String == "2025-11-12")
            // The LA's officer has no duty under innov8's own policy file, and cannot record the provider's.
            let officer = try await app.call(
                .POST,
                "api/v1/duties",
                as: people.tokens["officer"],
                json: ["kind": "return_submitted"]
            )
            #expect(officer.status == .forbidden)
        }
    }
}
