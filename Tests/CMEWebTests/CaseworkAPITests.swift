import CMECore
import CMEStorage
import CMEWeb
import Fluent
import Foundation
import Testing
import VaporTesting

/// The casework procedure through the JSON API, on SQLite and PostgreSQL.
@Suite("Casework API")
struct CaseworkAPITests {
    @Test(
        "Suffolk Appendix 3 end to end: open, assign, enquiries, not found, s2s, found, outcome, follow-ups, closed",
        arguments: Backend.available
    )
    func appendix3FlowEndToEnd(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Kaleigh", surname: "Smith", dob: "2014-05-02")
            )
            #expect(created.status == .created)
            // A school is told its referral's reference and status, never the case (issue 16).
            #expect(Set(created.object.keys) == ["referralId", "status"])
            #expect(created["status"] as? String == "received")
            let caseID = try #require(try await app.caseID(created))
            let officerView = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let summary = try #require(officerView["case"] as? [String: Any])
            #expect(summary["state"] as? String == "opened")
            #expect(summary["category"] as? String == "missing")
            let clocks = (officerView["clocks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            // Suffolk 10.1: same-day response and a home visit within 72 working hours start with the referral.
            #expect(clocks.contains("ewo-same-day-response"))
            #expect(clocks.contains("home-visit"))
            var version = summary["version"] as? Int ?? 0

            // MUT: each step of the procedure, by the person whose step it is.
            func step(_ who: String, _ body: [String: Any], expect: HTTPStatus = .created) async throws -> [String: Any]
            {
                var body = body
                body["expectedVersion"] = version
                let result = try await app.call(
                    .POST,
                    "api/v1/cases/\(caseID)/events",
                    as: people.tokens[who],
                    json: body
                )
                #expect(result.status == expect, "\(body["kind"] ?? "") by \(who): \(result.json)")
                let after = result["case"] as? [String: Any] ?? [:]
                version = after["version"] as? Int ?? version
                return after
            }
            _ = try await step("officer", ["kind": "reason_and_source_recorded", "reason": "RTL", "source": "SCH"])
            _ = try await step("manager", ["kind": "ewo_assigned", "assigneeId": people.ids["ewo"]!.uuidString])
            _ = try await step("ewo", ["kind": "ewo_responded"])
            _ = try await step(
                "ewo",
                [
                    "kind": "enquiry_recorded", "action": "staff_siblings_friends",
                    "note": "Friends say the family moved",
                ]
            )
            clock.advance(days: 1)
            _ = try await step("ewo", ["kind": "home_visit_recorded", "outcome": "No reply", "note": "Property empty"])
            _ = try await step(
                "officer",
                ["kind": "escalated", "target": "childrens_social_care", "reference": "SC-1", "note": "Not located"]
            )
            clock.advance(days: 27)
            let posted = try await step("officer", ["kind": "posted_to_s2s"])
            #expect(posted["state"] as? String == "posted_to_s2s")
            clock.advance(days: 10)
            _ = try await step("officer", ["kind": "child_located", "note": "Found via s2s in Norfolk"])
            let found = try await step(
                "officer",
                ["kind": "destination_confirmed", "outcome": "OLA", "destination": "Norfolk LA"]
            )
            #expect(found["state"] as? String == "destination_confirmed")
            clock.advance(days: 42)
            _ = try await step("officer", ["kind": "follow_up_6_weeks", "note": "Attending"])
            clock.advance(days: 84)
            _ = try await step("officer", ["kind": "follow_up_18_weeks", "note": "Still attending"])
            let closed = try await step("officer", ["kind": "closed"])

            // validate
            #expect(closed["state"] as? String == "closed")
            let final = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let timeline = (final["timeline"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(
                timeline == [
                    "referral_received", "reason_and_source_recorded", "ewo_assigned", "ewo_responded",
                    "enquiry_recorded",
                    "home_visit_recorded", "escalated", "posted_to_s2s", "child_located", "destination_confirmed",
                    "follow_up_6_weeks", "follow_up_18_weeks", "closed",
                ]
            )
            let states = Dictionary(
                uniqueKeysWithValues: (final["clocks"] as? [[String: Any]] ?? []).map {
                    ($0["id"] as! String, $0["state"] as! String)
                }
            )
            #expect(states["ewo-same-day-response"] == "met")
            #expect(states["home-visit"] == "met")
            #expect(states["follow-up-6-weeks"] == "met")
            #expect(states["follow-up-18-weeks"] == "met")
        }
    }

    @Test(
        "A second referral with a typo in the name attaches to the open case (Suffolk 9.5)",
        arguments: Backend.available
    )
    func secondReferralAttaches(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let first = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Kaleigh", surname: "Smith", dob: "2014-05-02")
            )
            let second = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslB"],
                json: referralJSON(forename: "Kaliegh", surname: "Smith", dob: "2014-05-02")
            )
            #expect(second.status == .created)
            // The second school is not told the child was known (issue 16); the referral attached all the same.
            #expect(second["attached"] == nil && second["case"] == nil)
            let firstCase = try await app.caseID(first)
            let secondCase = try await app.caseID(second)
            #expect(firstCase != nil && firstCase == secondCase)
            // A twin with the same date of birth and surname is a different child: a second case.
            let twin = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Olivia", surname: "Smith", dob: "2014-05-02")
            )
            #expect(try await app.caseID(twin) != firstCase)
            let list = try await app.call(.GET, "api/v1/cases", as: people.tokens["officer"])
            #expect(list["total"] as? Int == 2)
            // Referring a child gives a school no way into the case list.
            let schoolB = try await app.call(.GET, "api/v1/cases", as: people.tokens["dslB"])
            #expect(schoolB.status == .forbidden)
        }
    }

    @Test(
        "A referral under a surname the child is also known by attaches to that child's case, not their twin's",
        arguments: Backend.available
    )
    func referralUnderAnotherNameAttaches(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            // setup: twins born the same day, both also known by their stepfather's surname
            let people = try await People.make(app)
            func refer(
                _ forename: String,
                _ surname: String,
                aliases: [String],
                as role: String
            ) async throws
                -> Exchange
            {
                var body = referralJSON(forename: forename, surname: surname, dob: "2015-06-03")
                var child = body["child"] as! [String: Any]
                child["aliases"] = aliases
                body["child"] = child
                return try await app.call(.POST, "api/v1/referrals", as: people.tokens[role], json: body)
            }
            let omar = try await refer("Omar", "Haddad", aliases: ["Jones"], as: "officer")
            let amira = try await refer("Amira", "Haddad", aliases: ["Jones"], as: "officer")
            #expect(amira["attached"] as? Bool == false)

            // MUT: a school refers her under the other surname
            let update = try await refer("Amira", "Jones", aliases: [], as: "dslA")

            // validate
            let updated = try await app.caseID(update)
            #expect(update["attached"] == nil)
            #expect(updated != nil && updated == amira.caseID && updated != omar.caseID)
        }
    }

    @Test(
        "A child whose case was closed gets a new episode, and repeat episodes are counted",
        arguments: Backend.available
    )
    func closedCaseReopens(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let first = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["officer"],
                json: referralJSON(forename: "Leo", surname: "Nowak", dob: "2013-02-11")
            )
            let caseID = try #require(first.caseID)
            let closed = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: ["kind": "closed", "expectedVersion": 1, "note": "Not CME: on roll at Castle Hill"]
            )
            #expect(closed.status == .created)
            let again = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Leo", surname: "Nowak", dob: "2013-02-11")
            )
            #expect(again["newEpisode"] == nil)
            #expect(try await app.caseID(again) == caseID)
            let summary =
                try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])["case"]
                as? [String: Any] ?? [:]
            #expect(summary["episode"] as? Int == 2)
            #expect(summary["state"] as? String == "opened")
        }
    }

    @Test(
        "The case detail shows each of the child's addresses, oldest first, and each other name once",
        arguments: Backend.available
    )
    func detailShowsEveryAddressAndAlias(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: two addresses and two other names on the first referral, a third address on the second
            let people = try await People.make(app)
            var body = referralJSON(forename: "Amira", surname: "Haddad", dob: "2012-09-14")
            var child = body["child"] as! [String: Any]
            child["aliases"] = ["Amira Al-Haddad", "Amy Haddad"]
            child["addresses"] = [
                ["lines": ["12 Mill Lane"], "postcode": "IP1 2BX", "kind": "previous"],
                ["lines": ["3 Orwell Court"], "postcode": "IP4 1AA", "kind": "last_known"],
            ]
            body["child"] = child
            let first = try await app.call(.POST, "api/v1/referrals", as: people.tokens["officer"], json: body)
            let caseID = try #require(first.caseID)
            clock.advance(days: 1)
            child["addresses"] = [["lines": ["Flat 2, 40 Norwich Road"], "postcode": "IP1 3QQ", "kind": "current"]]
            body["child"] = child

            // MUT
            let second = try await app.call(.POST, "api/v1/referrals", as: people.tokens["dslA"], json: body)
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])

            // validate
            #expect(try await app.caseID(second) == caseID)
            let shown = try #require(detail["child"] as? [String: Any])
            let lines = (shown["addresses"] as? [[String: Any]] ?? []).compactMap { ($0["lines"] as? [String])?.first }
            #expect(lines == ["12 Mill Lane", "3 Orwell Court", "Flat 2, 40 Norwich Road"])
            #expect((shown["aliases"] as? [String])?.sorted() == ["Amira Al-Haddad", "Amy Haddad"])
            let timeline = (detail["timeline"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(timeline == ["referral_received", "referral_received"])
        }
    }

    @Test(
        "The case list filters by status, reason, owner and age, and an EWO sees only their team's cases",
        arguments: Backend.available
    )
    func caseListFilters(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            // setup: three children; Leo's case assigned to the north team's EWO, Zainab's closed
            let people = try await People.make(app)
            var ids: [String: String] = [:]
            for (forename, surname, dob, reason) in [
                ("Leo", "Nowak", "2013-02-11", "RTL"), ("Zainab", "Okafor", "2017-06-30", "RTL"),
                ("Amira", "Haddad", "2010-09-14", "FTR"),
            ] {
                var body = referralJSON(forename: forename, surname: surname, dob: dob)
                body["reason"] = reason
                let created = try await app.call(.POST, "api/v1/referrals", as: people.tokens["officer"], json: body)
                let id = try #require(created.caseID)
                ids[forename] = id
            }
            let ewo = people.ids["ewo"]!.uuidString
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(ids["Leo"]!)/events",
                as: people.tokens["officer"],
                json: ["kind": "reason_and_source_recorded", "reason": "RTL", "source": "SCH", "expectedVersion": 1]
            )
            let assigned = try await app.call(
                .POST,
                "api/v1/cases/\(ids["Leo"]!)/events",
                as: people.tokens["manager"],
                json: ["kind": "ewo_assigned", "assigneeId": ewo, "expectedVersion": 2]
            )
            #expect(assigned.status == .created, "\(assigned.json)")
            let closed = try await app.call(
                .POST,
                "api/v1/cases/\(ids["Zainab"]!)/events",
                as: people.tokens["officer"],
                json: ["kind": "closed", "expectedVersion": 1, "note": "On roll elsewhere"]
            )
            #expect(closed.status == .created)

            // MUT
            func listed(_ query: String, as who: String = "officer") async throws -> [String] {
                let page = try await app.call(.GET, "api/v1/cases?\(query)", as: people.tokens[who])
                #expect(page.status == .ok, "\(query): \(page.json)")
                let names = (page["items"] as? [[String: Any]] ?? []).compactMap { $0["childName"] as? String }
                #expect(page["total"] as? Int == names.count, "\(query)")
                return names.sorted()
            }

            // validate
            #expect(try await listed("status=open") == ["Amira Haddad", "Leo Nowak"])
            #expect(try await listed("status=closed") == ["Zainab Okafor"])
            #expect(try await listed("reason=FTR") == ["Amira Haddad"])
            #expect(try await listed("owner=\(ewo)") == ["Leo Nowak"])
            #expect(try await listed("maxAge=10") == ["Zainab Okafor"])
            #expect(try await listed("minAge=15") == ["Amira Haddad"])
            #expect(try await listed("status=open&reason=RTL") == ["Leo Nowak"])
            #expect(try await listed("", as: "ewo2") == ["Leo Nowak"])
            #expect(try await listed("", as: "ewo3") == [])
            let pageTwo = try await app.call(.GET, "api/v1/cases?per=2&page=2", as: people.tokens["officer"])
            #expect((pageTwo["items"] as? [Any])?.count == 1)
            #expect(pageTwo["total"] as? Int == 3)
            // An EWO in no team sees only cases assigned to them.
            let loner = UserModel(email: "loner@test.cme", displayName: "Loner", role: .ewo, team: nil)
            try await loner.create(on: app.db)
            let token = try await APIToken.issue(for: loner, label: "test", on: app.db)
            let lonerList = try await app.call(.GET, "api/v1/cases", as: token)
            #expect(lonerList.status == .ok)
            #expect(lonerList["total"] as? Int == 0)
            // Out-of-range pages and ages are refused naming the field, never a server error.
            for (query, field) in [
                ("page=9223372036854775807", "page"), ("minAge=100000", "minAge"), ("maxAge=-5", "maxAge"),
            ] {
                let refused = try await app.call(.GET, "api/v1/cases?\(query)", as: people.tokens["officer"])
                #expect(refused.status == .unprocessableEntity, "\(query)")
                #expect("\(refused.json)".contains(field), "\(query)")
            }
        }
    }

    @Test("A stale save is refused with 409 and the events the caller has not seen", arguments: Backend.available)
    func staleVersionConflicts(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["officer"],
                json: referralJSON(forename: "Amira", surname: "Khan", dob: "2012-09-30")
            )
            let caseID = try #require(
                created.caseID
            )
            let officerSave = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: ["kind": "note_added", "expectedVersion": 1, "note": "Called the family"]
            )
            #expect(officerSave.status == .created)
            let managerSave = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["manager"],
                json: ["kind": "note_added", "expectedVersion": 1, "note": "Also called"]
            )
            #expect(managerSave.status == .conflict)
            #expect(managerSave["currentVersion"] as? Int == 2)
            let unseen = managerSave["unseen"] as? [[String: Any]] ?? []
            #expect(unseen.map { $0["note"] as? String } == ["Called the family"])
        }
    }

    @Test("Overdue clocks raise alerts for the owner and their manager", arguments: Backend.available)
    func sweepRaisesAlerts(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["officer"],
                json: referralJSON(forename: "Tyson", surname: "Lovell", dob: "2011-07-07")
            )
            let caseID = try #require(
                created.caseID
            )
            #expect(try await sweepClocks(app)?.newlyOverdue == 0)
            // Monday 09:00 + 72 working hours = Thursday 09:00 (Suffolk 10.1); Friday nothing has been done.
            clock.advance(days: 4)
            let result = try #require(try await sweepClocks(app))
            #expect(result.newlyOverdue >= 2)
            let alerts = try await AlertModel.query(on: app.db).all()
            let roles = Set(alerts.map(\.role))
            #expect(roles.isSuperset(of: ["ewo", "team_manager"]))
            #expect(alerts.contains { $0.message.contains("Visit the last known home address") })
            // A second sweep raises nothing new.
            #expect(try await sweepClocks(app)?.alertsRaised == 0)
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            #expect((detail["case"] as? [String: Any])?["overdueClocks"] as? Int ?? 0 >= 2)
            // Suffolk 10.1: not located within 72 hours, so social care is recommended.
            let recommendations = detail["recommendations"] as? [[String: Any]] ?? []
            #expect(recommendations.contains { $0["section"] as? String == "Suffolk 10.1" })
        }
    }
}
