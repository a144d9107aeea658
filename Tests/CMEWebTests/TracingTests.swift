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
            let caseID = try #require(created.caseID)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            try await officer.get("/tracing/lost-pupils")

            // A file without the required columns is named, and nothing is queued.
            let bad = try await officer.upload(
                "/tracing/lost-pupils/search",
                files: ["lost": ("lost.csv", "name,born\nAmelia,2014-03-27\n")]
            )
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(##"href="#lost""##))
            #expect(try await TracingCandidateModel.query(on: app.db).count() == 0)

            // MUT
            let ran = try await officer.upload(
                "/tracing/lost-pupils/search",
                files: ["lost": ("lost.csv", Self.lost), "roll": ("roll.csv", Self.roll)]
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
                files: ["lost": ("lost.csv", Self.lost), "roll": ("roll.csv", Self.roll)]
            )
            let message = try await officer.get(try #require(again.location))
            #expect(message.body.contains("0 new pairs to check"))
            #expect(try await TracingCandidateModel.query(on: app.db).filter(\.$status == .pending).count() == 0)

            // Schools and EWOs have no access to the queue.
            let school = WebClient(app)
            try await school.signIn("dsla@test.cme", at: clock.now)
            #expect(try await school.get("/tracing/lost-pupils").status == .forbidden)
        }
    }
}
