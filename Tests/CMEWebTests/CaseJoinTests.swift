import CMECore
import CMEStorage
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import CMEWeb

/// Issue 18 with Suffolk 9.5 (no duplicate case): when a merge finds the child with two open cases, the one opened
/// later joins the one opened first, as a further referral would have attached to it. One open case, one timeline,
/// counted once; an unmerge parts them exactly as they were.
@Suite("Joining a merged child's open cases")
struct CaseJoinTests {
    /// The columns of a case and its clocks an unmerge must put back.
    func snapshot(_ caseID: String, on db: any Database) async throws -> [String] {
        let sql = try #require(db as? any SQLDatabase)
        let id = try #require(UUID(uuidString: caseID))
        var rows: [String] = []
        for row in try await sql.raw(
            """
            SELECT state, closed_at, joined_into, facts, overdue_clocks, category, category_review_on, version
            FROM cases WHERE id = \(bind: id)
            """
        ).all() {
            rows.append(
                [
                    try row.decode(column: "state", as: String.self),
                    "\(try row.decode(column: "closed_at", as: Date?.self).map { "\($0)" } ?? "-")",
                    try row.decode(column: "joined_into", as: UUID?.self)?.uuidString ?? "-",
                    try row.decode(column: "facts", as: [String].self).joined(separator: ","),
                    "\(try row.decode(column: "overdue_clocks", as: Int.self))",
                    try row.decode(column: "category", as: String.self),
                    try row.decode(column: "category_review_on", as: String?.self) ?? "-",
                    "\(try row.decode(column: "version", as: Int.self))",
                ].joined(separator: " ")
            )
        }
        for row in try await sql.raw(
            "SELECT rule_id, state, settled_at, alerted_at, deadline FROM clocks WHERE case_id = \(bind: id)"
        ).all() {
            rows.append(
                [
                    try row.decode(column: "rule_id", as: String.self),
                    try row.decode(column: "state", as: String.self),
                    "\(try row.decode(column: "settled_at", as: Date?.self).map { "\($0)" } ?? "-")",
                    "\(try row.decode(column: "alerted_at", as: Date?.self).map { "\($0)" } ?? "-")",
                    "\(try row.decode(column: "deadline", as: Date.self))",
                ].joined(separator: " ")
            )
        }
        return rows.sorted()
    }

    /// The case a referral reached: its id, reference and child.
    func caseOf(_ referral: Exchange, _ app: Application) async throws -> (id: String, reference: String, child: String)
    {
        let reference = try #require(referral["referralId"] as? String, "\(referral.json)")
        let stored = try #require(try await ReferralModel.query(on: app.db).filter(\.$reference == reference).first())
        let caseID = try #require(stored.$case.id, "the referral opened or reached a case")
        let found = try #require(try await CaseModel.find(caseID, on: app.db))
        return (try found.requireID().uuidString, found.reference, found.$child.id.uuidString)
    }

    func clock(_ detail: Exchange, _ id: String) -> [String: Any]? {
        (detail["clocks"] as? [[String: Any]] ?? []).first { $0["id"] as? String == id }
    }

    @Test(
        "Issue 18, Suffolk 9.5: merging two records with open cases leaves one open case carrying both timelines, counted once, the joined case taking nothing more; unmerge parts them as they were",
        arguments: Backend.available
    )
    func mergeJoinsOpenCases(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: Amelia Price referred by her school; the next day the officer refers her under her
            // stepfather's surname at his home, and the EWO visits on that second case.
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let officer = people.tokens["officer"]
            let first = try await app.refer("Amelia", "Price", dob: "2014-03-27", as: "dslA", people)
            clock.advance(days: 1)
            let second = try await app.refer(
                "Millie",
                "Whitlock",
                dob: "2014-03-27",
                postcode: "IP4 5TT",
                as: "officer",
                people
            )
            let (earlier, keptReference, _) = try await self.caseOf(first, app)
            let (later, laterReference, _) = try await self.caseOf(second, app)
            try await app.triage(later, assignTo: "ewo", people)
            let visit = try await app.call(
                .POST,
                "api/v1/cases/\(later)/events",
                as: people.tokens["ewo"],
                json: [
                    "kind": "home_visit_recorded", "expectedVersion": 3, "outcome": "Spoke to mother",
                    "note": "Amelia seen at home",
                ]
            )
            #expect(visit.status == .created, "\(visit.json)")
            let before = try await app.call(.GET, "api/v1/cases/\(earlier)", as: officer)
            #expect(self.clock(before, "home-visit")?["state"] as? String == "running")
            let laterBefore = try await self.snapshot(later, on: app.db)
            let census = app.cme.service.time.day(clock.now)
            let returnBefore = TermlyReturn.compute(
                try await TermlyReturn.rows(on: app.db, time: app.cme.service.time),
                census: census
            ).csv
            let pairs = try await app.call(.GET, "api/v1/duplicates?status=open", as: officer)
            let pair = try #require((pairs.json as? [[String: Any]])?.first)

            // MUT: the officer decides they are the same child, keeping the Price record
            let merged = try await app.call(
                .POST,
                "api/v1/duplicates/\(pair["id"] as? String ?? "")/decision",
                as: officer,
                json: ["decision": "same_child"]
            )

            // validate: one open case, the first; the second closed as joined into it
            #expect(merged.status == .ok, "\(merged.json)")
            let keptChild = try #require(UUID(uuidString: merged["keptChildId"] as? String ?? ""))
            let open = try await CaseModel.query(on: app.db).filter(\.$child.$id == keptChild)
                .filter(\.$state != CaseState.closed.rawValue).all()
            #expect(open.map { $0.id?.uuidString } == [earlier])
            let joined = try await app.call(.GET, "api/v1/cases/\(later)", as: officer)
            #expect((joined["case"] as? [String: Any])?["state"] as? String == "closed")
            let into = joined["joinedInto"] as? [String: Any]
            #expect(into?["id"] as? String == earlier, "\(joined.json)")
            #expect((joined["allowedEvents"] as? [Any])?.isEmpty == true, "nothing more is recorded on it")
            #expect((joined["clocks"] as? [Any])?.isEmpty == true, "its clocks are the kept case's now")
            // The kept case's timeline carries the visit, marked with the case it was recorded on, and the visit
            // meets its own home-visit deadline.
            let kept = try await app.call(.GET, "api/v1/cases/\(earlier)", as: officer)
            let timeline = kept["timeline"] as? [[String: Any]] ?? []
            let visitEntry = timeline.first { $0["kind"] as? String == "home_visit_recorded" }
            #expect(visitEntry?["note"] as? String == "Amelia seen at home", "\(timeline)")
            #expect(visitEntry?["joinedFrom"] as? String == laterReference)
            #expect(timeline.filter { $0["kind"] as? String == "referral_received" }.count == 2)
            #expect(self.clock(kept, "home-visit")?["state"] as? String == "met", "\(kept["clocks"] ?? "")")
            #expect(self.clock(kept, "home-visit")?["settledBy"] as? String == "home_visit_recorded")
            // Recording on the joined case is refused, naming the case to record on; the same on the page.
            let refused = try await app.call(
                .POST,
                "api/v1/cases/\(later)/events",
                as: officer,
                json: ["kind": "note_added", "expectedVersion": 4, "note": "Called school"]
            )
            #expect(refused.status == .unprocessableEntity)
            #expect("\(refused.json)".contains("joined into \(keptReference)"), "\(refused.json)")
            let web = WebClient(app)
            try await web.signIn("officer@test.cme", at: clock.now)
            let page = try await web.get("/cases/\(later.lowercased())")
            #expect(page.body.contains("This case was joined into"), "\(page.body)")
            let keptPage = try await web.get("/cases/\(earlier.lowercased())")
            #expect(keptPage.body.contains("Recorded on case \(laterReference), joined into this case"))
            // The termly return counts the child once: the joined case is in no figure.
            let returnAfter = TermlyReturn.compute(
                try await TermlyReturn.rows(on: app.db, time: app.cme.service.time),
                census: census
            ).csv
            #expect(returnBefore.contains(laterReference), "both were counted before: \(returnBefore)")
            #expect(!returnAfter.contains(laterReference), "\(returnAfter)")
            #expect(returnAfter.contains(keptReference))
            // A further referral attaches to the open case, not the joined one.
            let further = try await app.refer("Amelia", "Price", dob: "2014-03-27", as: "dslA", people)
            #expect(try await self.caseOf(further, app).id == earlier, "\(further.json)")

            // MUT: undo the merge
            let mergeID = try #require(merged["mergeId"] as? String)
            let undo = try await app.call(.POST, "api/v1/children/merges/\(mergeID)/undo", as: officer)

            // validate: both cases as they were (the kept one with the further referral it took since), each
            // timeline its own again
            #expect(undo.status == .noContent, "\(undo.json)")
            #expect(try await self.snapshot(later, on: app.db) == laterBefore)
            let parted = try await app.call(.GET, "api/v1/cases/\(earlier)", as: officer)
            #expect(
                !(parted["timeline"] as? [[String: Any]] ?? []).contains {
                    $0["kind"] as? String == "home_visit_recorded"
                }
            )
            #expect(self.clock(parted, "home-visit")?["state"] as? String == "running")
            let reopened = try await app.call(.GET, "api/v1/cases/\(later)", as: officer)
            #expect(reopened["joinedInto"] == nil)
            #expect(((reopened["allowedEvents"] as? [Any]) ?? []).isEmpty == false)
        }
    }

    @Test(
        "Issue 18: the clock sweep raises no alert on a joined case; its deadlines run on the case it joined",
        arguments: Backend.available
    )
    func sweepSkipsJoinedCases(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: two records of one child, each with an open case, merged from search
            let people = try await People.make(app)
            let first = try await app.refer("Harriet", "Quenby", dob: "2012-01-09", as: "officer", people)
            let second = try await app.refer("Hattie", "Quenby", dob: "2012-10-19", as: "officer", people)
            let (keptCase, _, a) = try await self.caseOf(first, app)
            let (joinedCase, _, b) = try await self.caseOf(second, app)
            let merged = try await app.call(
                .POST,
                "api/v1/children/merges",
                as: people.tokens["officer"],
                json: ["keep": a, "merge": b]
            )
            #expect(merged.status == .ok || merged.status == .created, "\(merged.json)")
            let joinedID = try #require(UUID(uuidString: joinedCase))
            let keptID = try #require(UUID(uuidString: keptCase))

            // MUT: two weeks pass with nothing done
            clock.advance(days: 14)
            _ = try await app.cme.service.sweep(on: app.db, at: clock.now)

            // validate: the kept case's deadlines went overdue and alerted; the joined case's did not
            #expect(try await AlertModel.query(on: app.db).filter(\.$case.$id == joinedID).count() == 0)
            #expect(try await AlertModel.query(on: app.db).filter(\.$case.$id == keptID).count() > 0)
            let joined = try #require(try await CaseModel.find(joinedID, on: app.db))
            #expect(joined.overdueClocks == 0)
            #expect(joined.joinedInto == keptID)
        }
    }
}
