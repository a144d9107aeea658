import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 5, use 2: the weekly lost-pupil search (Suffolk 11.7) as a review queue, with hand-made populations.
@Suite("Lost-pupil review queue")
struct TracingTests {
    /// Other LAs' lost pupils: one is a child we are looking for (a typo in her surname), one is on our roll under
    /// a nickname with day and month swapped, one is nobody we know.
    static let lost = """
        record_id,upn,forename,surname,dob,gender,postcode,school_urn
        NFK-1,,Amelia,Pryce,2014-03-27,F,IP1 2BX,926000
        NFK-2,,Jim,Barker,2013-07-04,M,NR1 1AA,926001
        NFK-3,,Wojciech,Zielinski,2012-01-15,M,NR3 3CC,926002
        """

    static let roll = """
        record_id,upn,forename,surname,dob,gender,postcode,school_urn
        R-100,,James,Barker,2013-04-07,M,IP4 5ZZ,124500
        R-101,,Olivia,Turner,2015-02-02,F,IP2 8QQ,124537
        R-102,,Harry,Patel,2011-11-30,M,IP3 9XX,124500
        """

    @Test(
        "the search queues pairs with evidence; confirming notes the case; a rejection is never proposed again",
        arguments: Backend.available
    )
    func reviewQueue(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: a child we are looking for (an open case)
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let created = try await app.call(
                .POST,
                "/api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Amelia", surname: "Price", dob: "2014-03-27")
            )
            let caseID = try #require((try await app.caseID(created)))
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            try await officer.get("/tracing/lost-pupils")

            // A file without the required columns is named, and nothing is queued.
            let bad = try await officer.upload(
                "/tracing/lost-pupils/search",
                files: [("lost", "lost.csv", "name,born\nAmelia,2014-03-27\n")]
            )
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(##"href="#lost""##))
            #expect(try await TracingCandidateModel.query(on: app.db).count() == 0)

            // MUT
            let ran = try await officer.upload(
                "/tracing/lost-pupils/search",
                files: [("lost", "lost.csv", Self.lost), ("roll", "roll.csv", Self.roll)]
            )
            #expect(ran.status == .seeOther)
            let queue = try await officer.get(try #require(ran.location))
            // validate: the two true pairs are waiting, with their evidence; the stranger is not paired
            #expect(queue.body.contains("Searched 3 lost pupils against 4 of ours"))
            let pending = try await TracingCandidateModel.query(on: app.db).filter(\.$status == .pending).all()
            let pairs = Set(pending.map { "\($0.lost["record_id"] ?? "")>\($0.roll["record_id"] ?? "")" })
            #expect(pairs.contains("NFK-1>case:\(caseID.lowercased())"))
            #expect(pairs.contains("NFK-2>R-100"))
            #expect(!pending.contains { $0.lost["record_id"] == "NFK-3" && $0.band == "match" })
            let amelia = try #require(pending.first { $0.lost["record_id"] == "NFK-1" && $0.$case.id != nil })
            #expect(amelia.evidence.contains("dob=exact"))
            #expect(queue.body.contains("Why they were paired"))
            #expect(queue.body.contains("A child we are looking for"))

            // Confirm Amelia: her case gets a note with the lead.
            try await officer.post(
                "/tracing/lost-pupils/\(try amelia.requireID().uuidString.lowercased())",
                ["decision": "confirm"]
            )
            let casePage = try await officer.get("/cases/\(caseID.lowercased())")
            #expect(casePage.body.contains("Matches another LA&#39;s lost pupil NFK-1"))
            // Reject every other pair.
            for candidate in try await TracingCandidateModel.query(on: app.db).filter(\.$status == .pending).all() {
                try await officer.get("/tracing/lost-pupils")
                let page = try await officer.post(
                    "/tracing/lost-pupils/\(try candidate.requireID().uuidString.lowercased())",
                    ["decision": "reject"]
                )
                #expect(page.status == .seeOther)
            }
            // Next week's run proposes nothing already decided.
            clock.advance(days: 7)
            try await officer.signIn("officer@test.cme", at: clock.now)
            try await officer.get("/tracing/lost-pupils")
            let again = try await officer.upload(
                "/tracing/lost-pupils/search",
                files: [("lost", "lost.csv", Self.lost), ("roll", "roll.csv", Self.roll)]
            )
            let message = try await officer.get(try #require(again.location))
            #expect(message.body.contains("0 new pairs to check"))
            #expect(try await TracingCandidateModel.query(on: app.db).filter(\.$status == .pending).count() == 0)
            // Each decision is in the audit trail, by the officer (issue 16: every write).
            let decided = try await TracingCandidateModel.query(on: app.db).count()
            let decisions = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "tracing_candidate")
                .all()
            #expect(decisions.count == decided && decisions.allSatisfy { $0.role == "cme_officer" })
            #expect(decisions.filter { $0.detail == "confirmed as the same child" }.count == 1)

            // Schools and EWOs have no access to the queue.
            let school = WebClient(app)
            try await school.signIn("dsla@test.cme", at: clock.now)
            #expect(try await school.get("/tracing/lost-pupils").status == .forbidden)
        }
    }

    /// Twins share a surname, a date of birth and an address: the reports must keep them apart.
    static let twinsRoll = """
        record_id,forename,surname,dob,gender,postcode,school_urn
        T1,Amelia,Smith,2014-05-02,F,IP1 2BX,124500
        T2,Harry,Khan,2012-11-03,M,IP4 1AA,124500
        """

    @Test(
        "without a school place: the twin on no roll is reported, her sister and the under-fives are not",
        arguments: Backend.available
    )
    func withoutASchoolPlace(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            try await officer.get("/tracing/reports")
            let population = """
                record_id,forename,surname,dob,gender,postcode
                GP1,Amelia,Smith,2014-05-02,F,IP1 2BX
                GP2,Olivia,Smith,2014-05-02,F,IP1 2BX
                GP3,Harry,Khan,2012-11-03,M,IP4 1AA
                GP4,Poppy,Evans,2023-01-10,F,IP2 1AA
                """
            let other = "record_id,forename,surname,dob,school_urn\nW1,Kwame,Mensah,2012-05-19,124537\n"
            // Missing files and a bad date are named.
            let bad = try await officer.upload(
                "/tracing/reports/without-a-school-place",
                fields: ["on": "24/11/2025"],
                files: []
            )
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(##"href="#population""##))
            #expect(bad.body.contains(##"href="#on""##))
            // MUT: two schools' rolls at once
            let report = try await officer.upload(
                "/tracing/reports/without-a-school-place",
                fields: ["on": "2025-11-24"],
                files: [
                    ("population", "gp.csv", population), ("rolls[]", "castle.csv", Self.twinsRoll),
                    ("rolls[]", "westbourne.csv", other),
                ]
            )
            // validate
            #expect(report.status == .ok)
            #expect(report.body.contains("1 child not found"))
            #expect(report.body.contains("Olivia Smith"))
            #expect(!report.body.contains("Amelia Smith"))
            #expect(!report.body.contains("Poppy"), "not of compulsory school age")
        }
    }

    @Test(
        "failure to transfer: the Year 6 child on no September roll is listed and referred with reason FTT",
        arguments: Backend.available
    )
    func failureToTransfer(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            try await officer.get("/tracing/reports")
            let cohort = """
                record_id,forename,surname,dob,gender,postcode,school_urn
                P1,Amelia,Smith,2015-05-02,F,IP1 2BX,124611
                P2,Olivia,Smith,2015-05-02,F,IP1 2BX,124611
                P3,Esme,Riley,2018-05-05,F,IP5 5EE,124611
                """
            let september = "record_id,forename,surname,dob,school_urn\nS1,Amelia,Smith,2015-05-02,124574\n"
            // MUT: on 1 July 2026 the twins were in Year 6
            let page = try await officer.upload(
                "/tracing/reports/failure-to-transfer",
                fields: ["lastYear": "2026-07-01", "refer": "yes"],
                files: [("cohorts[]", "year6.csv", cohort), ("rolls[]", "september.csv", september)]
            )
            // validate: Olivia, not her twin; Esme (Year 3) was not moving school
            #expect(page.status == .ok)
            #expect(page.body.contains("1 child not found"))
            #expect(page.body.contains("Olivia Smith"))
            #expect(page.body.contains("Year 6"))
            #expect(!page.body.contains("Esme"))
            #expect(page.body.contains("Referrals made: REF-"))
            let referral = try #require(try await ReferralModel.query(on: app.db).first())
            #expect(referral.reason == "FTT")
            #expect(try await CaseModel.query(on: app.db).count() == 1)
        }
    }
}
