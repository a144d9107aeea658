import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 4: what each role does on its pages, end to end over HTTP with real sessions.
@Suite("Page workflows")
struct PageWorkflowTests {
    /// The answers of each step of Leicestershire Appendix A for one child.
    static func steps(forename: String = "Zainab", surname: String = "Okafor") -> [[String: String]] {
        [
            [
                "child-forename": forename, "child-surname": surname, "child-dateOfBirth-day": "14",
                "child-dateOfBirth-month": "2", "child-dateOfBirth-year": "2014", "child-gender": "F",
            ],
            [
                "address-line1": "4 Orchard Way", "address-town": "Ipswich", "address-postcode": "ip4 1aa",
                "address-restricted": "yes", "carer-name": "Grace \(surname)", "carer-relationship": "mother",
                "carer-pr": "yes",
            ],
            [
                "child-schoolName": "Castle Hill Primary", "dateLastAttended-day": "24", "dateLastAttended-month": "10",
                "dateLastAttended-year": "2025", "firstDayOfAbsence-day": "27", "firstDayOfAbsence-month": "10",
                "firstDayOfAbsence-year": "2025", "reason": "RTL", "child-sen": "none",
            ],
            ["indicator-10": "current", "indicator-13": "historic", "indicator-1": "no"],
            [
                "action-visited_last_known_address-outcome": "Curtains drawn, post piling up",
                "action-visited_last_known_address-date-day": "31",
                "action-visited_last_known_address-date-month": "10",
                "action-visited_last_known_address-date-year": "2025", "socialCareReferralConsidered": "yes",
                "parentalConsent": "no",
            ],
            ["worriedAbout": "Family left suddenly", "referrerName": "Ian Marsh", "referrerContact": "01473 000000"],
        ]
    }

    /// Walks a draft through every step and sends it; returns the confirmation page.
    static func submitReferral(_ browser: WebClient, steps: [[String: String]]) async throws -> WebClient.Page {
        try await browser.get("/referrals/new")
        let start = try await browser.post("/referrals/new")
        var location = try #require(start.location)
        for answers in steps {
            try await browser.get(location)
            let page = try await browser.post(location, answers)
            #expect(page.status == .seeOther, "step \(location) saved: \(page.body.prefix(0))")
            location = try #require(page.location)
        }
        #expect(location.hasSuffix("/check"))
        let check = try await browser.get(location)
        #expect(check.body.contains("Check your answers"))
        #expect(check.body.contains("Zainab") || check.body.contains("Amelia"))
        return try await browser.post(location.replacingOccurrences(of: "/check", with: "/submit"))
    }

    @Test(
        "a DSL sends a referral in steps; an update attaches to the open case; another school cannot open it",
        arguments: Backend.available
    )
    func schoolReferral(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let dsl = WebClient(app)
            try await dsl.signIn("dsla@test.cme", at: clock.now)

            // A bad step names its fields and keeps the answers.
            try await dsl.get("/referrals/new")
            let draft = try #require(try await dsl.post("/referrals/new").location)
            try await dsl.get(draft)
            let bad = try await dsl.post(
                draft,
                [
                    "child-forename": "Zainab", "child-dateOfBirth-day": "31", "child-dateOfBirth-month": "2",
                    "child-dateOfBirth-year": "2014", "child-upn": "A801200005001",
                ]
            )
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("There is a problem"))
            #expect(bad.body.contains(##"href="#child-surname""##))
            #expect(bad.body.contains(##"href="#child-dateOfBirth""##), "31 February is not a date")
            #expect(bad.body.contains(##"href="#child-upn""##), "the UPN's check letter is wrong")
            #expect(bad.body.contains(#"value="Zainab""#), "answers are kept")

            // MUT: the whole form
            let sent = try await Self.submitReferral(dsl, steps: Self.steps())
            #expect(sent.status == .ok)
            #expect(sent.body.contains("Referral sent"))
            let reference = try #require(sent.body.firstMatch(of: /REF-\d{4}-\d{6}/)).output
            let stored = try #require(
                try await ReferralModel.query(on: app.db).filter(\.$reference == String(reference)).first()
            )
            let form = try JSONDecoder().decode(Referral.self, from: stored.form)
            // validate: the whole Appendix A arrived
            #expect(form.child.dateOfBirth.description == "2014-02-14")
            #expect(form.child.addresses.first?.address.restricted == true)
            #expect(form.child.addresses.first?.address.postcode == "IP4 1AA")
            #expect(form.indicators[.whereaboutsUnknown] == IndicatorAnswer(present: true, currency: .current))
            #expect(form.indicators[.historyOfCare] == IndicatorAnswer(present: false, currency: nil))
            #expect(form.actions[.visitedLastKnownAddress]?.completedOn?.description == "2025-10-31")
            #expect(form.parentalConsent == false)
            #expect(try await CaseModel.query(on: app.db).count() == 1)
            #expect(
                try await ReferralDraftModel.query(on: app.db).count() == 1,
                "the sent draft is gone; the abandoned one stays"
            )
            // A draft holds what the school typed about the child: each write of it is audited (issue 16).
            let drafts = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "referral_draft").all()
            #expect(Set(drafts.map(\.action)) == ["create", "update", "delete"])

            // The school sees its referral's status, and may send an update, which attaches (Suffolk 9.5).
            let list = try await dsl.get("/referrals")
            #expect(list.body.contains(String(reference)))
            let mine = try await dsl.get("/referrals/\(try stored.requireID().uuidString.lowercased())")
            #expect(mine.body.contains("Received"))
            // What the school sent, in its own words, and who to contact; never the case file (issue 16).
            #expect(mine.body.contains("Zainab"))
            #expect(mine.body.contains("Children Missing Education Officer, Suffolk County Council"))
            #expect(!mine.body.contains("CME-"), "no case reference: it would show whether the child was known")
            let update = try await dsl.post("/referrals/\(try stored.requireID().uuidString.lowercased())/update")
            let step6 = try #require(update.location)
            try await dsl.get(step6)
            #expect(dsl.body.contains("Update to referral \(reference)"))
            let saved = try await dsl.post(step6, ["additionalInformation": "Seen in Norwich on Saturday"])
            let check = try #require(saved.location)
            let confirmation = try await dsl.post(check.replacingOccurrences(of: "/check", with: "/submit"))
            // The school is not told that the child was known (issue 16); the update attached all the same.
            #expect(confirmation.body.contains("Referral sent"))
            #expect(!confirmation.body.contains("already knows"))
            #expect(try await CaseModel.query(on: app.db).count() == 1, "no duplicate case")
            #expect(try await ReferralModel.query(on: app.db).count() == 2)

            // Another school is told the referral does not exist.
            let other = WebClient(app)
            try await other.signIn("dslb@test.cme", at: clock.now)
            #expect(
                try await other.get("/referrals/\(try stored.requireID().uuidString.lowercased())").status == .notFound
            )
            #expect(!(try await other.get("/referrals").body.contains(String(reference))))
        }
    }

    @Test("Cromford 8.0: a restricted address shows only to the roles the policy names", arguments: Backend.available)
    func restrictedAddress(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let created = try await app.call(
                .POST,
                "/api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Maja", surname: "Nowak", dob: "2013-06-02", restrictedAddress: true)
            )
            let caseID = try #require((try await app.caseID(created)))
            for (step, body) in [
                ["kind": "reason_and_source_recorded", "expectedVersion": 1, "reason": "RTL", "source": "SCH"],
                ["kind": "ewo_assigned", "expectedVersion": 2, "assigneeId": people.ids["ewo"]!.uuidString],
            ].enumerated() {
                let answer = try await app.call(
                    .POST,
                    "/api/v1/cases/\(caseID)/events",
                    as: people.tokens["officer"],
                    json: body
                )
                #expect(answer.status == .created, "step \(step)")
            }
            // Suffolk names the CME officer and team manager; the EWO sees that an address is held, not where.
            for (email, sees) in [("officer@test.cme", true), ("manager@test.cme", true), ("ewo@test.cme", false)] {
                let browser = WebClient(app)
                try await browser.signIn(email, at: clock.now)
                clock.advance(hours: 0.01)
                let page = try await browser.get("/cases/\(caseID.lowercased())")
                #expect(page.status == .ok, "\(email)")
                #expect(page.body.contains("12 Mill Lane") == sees, "\(email) address")
                #expect(page.body.contains("IP1 2BX") == sees, "\(email) postcode")
                #expect(page.body.contains("A restricted address is held") == !sees, "\(email) told one exists")
            }
        }
    }

    @Test(
        "officer triages and assigns on the case page; a stale form is refused with what changed",
        arguments: Backend.available
    )
    func casePageActions(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let created = try await app.call(
                .POST,
                "/api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Kacper", surname: "Nowak", dob: "2012-09-09")
            )
            let path = "/cases/\(try #require((try await app.caseID(created))).lowercased())"
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            let manager = WebClient(app)
            try await manager.signIn("manager@test.cme", at: clock.now)
            // The case list finds the child by name, in any case, and nobody else.
            #expect(try await officer.get("/cases?name=KACPER+nowak").body.contains(path))
            #expect(try await officer.get("/cases?name=Nowak").body.contains(path))
            #expect(!(try await officer.get("/cases?name=Smith").body.contains(path)))
            try await officer.get(path)
            try await manager.get(path)
            #expect(officer.body.contains("Record the reason and source"))

            // A missing choice is named beside its field.
            let missing = try await officer.post(
                "\(path)/events",
                ["kind": "reason_and_source_recorded", "version": "1", "reason": "RTL"]
            )
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains(##"href="#reason_and_source_recorded-source""##))

            let triaged = try await officer.post(
                "\(path)/events",
                ["kind": "reason_and_source_recorded", "version": "1", "reason": "RTL", "source": "SCH"]
            )
            #expect(triaged.status == .seeOther)
            // The manager's page still says version 1: their save is refused, not applied over the officer's.
            let stale = try await manager.post(
                "\(path)/events",
                ["kind": "ewo_assigned", "version": "1", "assigneeId": people.ids["ewo"]!.uuidString.lowercased()]
            )
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Someone else changed this case"))
            let assigned = try await officer.post(
                "\(path)/events",
                ["kind": "ewo_assigned", "version": "2", "assigneeId": people.ids["ewo"]!.uuidString.lowercased()]
            )
            #expect(assigned.status == .seeOther)
            let after = try await officer.get(try #require(assigned.location))
            #expect(after.body.contains("Saved: ewo assigned") || after.body.contains("Saved:"))
            #expect(after.body.contains("Assigned to ewo"))
            // The EWO records a failed home visit from their own list.
            let ewo = WebClient(app)
            try await ewo.signIn("ewo@test.cme", at: clock.now)
            let mine = try await ewo.get("/my-cases")
            #expect(mine.body.contains("Kacper Nowak"))
            try await ewo.get(path)
            let visit = try await ewo.post(
                "\(path)/events",
                ["kind": "home_visit_recorded", "version": "3", "outcome": "No reply"]
            )
            #expect(visit.status == .seeOther)
            let timeline = try await ewo.get(path)
            #expect(timeline.body.contains("Outcome: No reply"))
            // An EWO may not close a case: the action is not offered, and a forged post is refused.
            #expect(!timeline.body.contains("Close the case"))
            #expect(
                try await ewo.post("\(path)/events", ["kind": "closed", "version": "4", "outcome": "NCA"]).status
                    == .forbidden
            )
        }
    }

    @Test("the public report: a reference for a person, nothing for a bot or a flood", arguments: Backend.available)
    func publicReport(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let visitor = WebClient(app)
            let form = try await visitor.get("/report")
            #expect(form.status == .ok)
            let stamp = try #require(form.body.firstMatch(of: /name="stamp" value="([^"]+)"/)).output.1
            let answers = [
                "forename": "Tyson", "age": "12", "area": "Gainsborough estate", "concern": "At home every school day",
                "stamp": String(stamp),
            ]
            // Sent within 3 seconds of being shown: a bot.
            #expect(try await visitor.post("/report", answers).status == .badRequest)
            clock.advance(hours: 0.01)
            // A filled-in hidden field: a bot.
            var bot = answers
            bot["website"] = "http://spam.example"
            #expect(try await visitor.post("/report", bot).status == .badRequest)
            #expect(try await ReferralModel.query(on: app.db).count() == 0)
            // Missing answers are named.
            let short = try await visitor.post("/report", ["stamp": String(stamp), "forename": "Tyson"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.contains(##"href="#concern""##))
            #expect(short.body.contains(##"href="#age""##))
            // The stamp was spent by that post; the form shown again carries a new one (issue 16).
            #expect(try await visitor.post("/report", answers).status == .badRequest)
            let fresh = try #require(short.body.firstMatch(of: /name="stamp" value="([^"]+)"/)).output.1
            #expect(fresh != stamp)
            var corrected = answers
            corrected["stamp"] = String(fresh)
            // A person: a reference, and a case awaiting triage, anonymous.
            let sent = try await visitor.post("/report", corrected)
            #expect(sent.status == .ok)
            #expect(sent.body.contains("Report sent"))
            #expect(sent.body.firstMatch(of: /REF-\d{4}-\d{6}/) != nil)
            let referral = try #require(try await ReferralModel.query(on: app.db).first())
            #expect(referral.kind == "public_report")
            let stored = try JSONDecoder().decode(Referral.self, from: referral.form)
            #expect(stored.referrer.isAnonymous)
            #expect(stored.child.dateOfBirth.year == 2013, "estimated from the age")
            // Five posts from one address in ten minutes, then 429.
            for _ in 0..<2 { _ = try await visitor.post("/report", answers) }
            let flood = try await visitor.post("/report", answers)
            #expect(flood.status == .tooManyRequests)
        }
    }

    @Test(
        "an administrator adds a user who can then sign in; the auditor sees who read a child's record",
        arguments: Backend.available
    )
    func adminAndAudit(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let admin = WebClient(app)
            try await admin.signIn("admin@test.cme", at: clock.now)
            try await admin.get("/admin/users")
            let weak = try await admin.post(
                "/admin/users",
                ["email": "new@test.cme", "name": "New", "role": "school_dsl", "password": "short"]
            )
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.body.contains(##"href="#organisation""##))
            #expect(weak.body.contains(##"href="#password""##))
            let added = try await admin.post(
                "/admin/users",
                [
                    "email": "New.DSL@test.cme", "name": "New DSL", "role": "school_dsl",
                    "organisation": people.schoolA.id!.uuidString, "password": "a long first password",
                ]
            )
            #expect(added.status == .seeOther)
            // A forgotten password and a lost phone: the administrator resets both; the EWO enrols again.
            let ewoID = try #require(people.ids["ewo"])
            try await admin.get("/admin/users/\(ewoID.uuidString.lowercased())/reset")
            let short = try await admin.post(
                "/admin/users/\(ewoID.uuidString.lowercased())/reset",
                ["password": "short"]
            )
            #expect(short.status == .unprocessableEntity)
            let reset = try await admin.post(
                "/admin/users/\(ewoID.uuidString.lowercased())/reset",
                ["password": "a brand new password", "clearCode": "yes"]
            )
            #expect(reset.status == .seeOther)
            let ewo = WebClient(app)
            try await ewo.get("/sign-in")
            let first = try await ewo.post("/sign-in", ["email": "ewo@test.cme", "password": "a brand new password"])
            #expect(first.location == "/sign-in/set-up-code", "the cleared code is set up again")
            let newcomer = WebClient(app)
            #expect(
                try await newcomer.signIn("new.dsl@test.cme", password: "a long first password", at: clock.now).location
                    == "/referrals"
            )

            // The officer reads a case; the auditor finds that read by the child.
            let created = try await app.call(
                .POST,
                "/api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Oskar", surname: "Lee", dob: "2011-01-05")
            )
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            try await officer.get("/cases/\(try #require((try await app.caseID(created))).lowercased())")
            let childID = try #require(
                try await CaseModel.find(UUID(uuidString: (try await app.caseID(created))!)!, on: app.db)?.$child.id
            )
            let auditor = WebClient(app)
            try await auditor.signIn("auditor@test.cme", at: clock.now)
            let trail = try await auditor.get("/audit?child=\(childID.uuidString.lowercased())")
            #expect(trail.status == .ok)
            #expect(!trail.body.contains("The trail is intact"), "the whole chain is checked on request only")
            #expect(try await auditor.get("/audit?verify=1").body.contains("The trail is intact"))
            #expect(trail.body.contains("officer"))
            #expect(trail.body.contains("cme_officer"))
            #expect(!trail.body.contains("Oskar"), "the trail holds identifiers, never the child's data")
            let bad = try await auditor.get("/audit?from=yesterday")
            #expect(bad.status == .unprocessableEntity)
        }
    }
}
