import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing

@testable import CMEWeb

/// Issue 17: a case's category is derived from its events, the policy and the day, kept current by every command
/// and the sweep, shown with the day it changed, and counted on the day it applies.
@Suite("Category over time")
struct CategoryAPITests {
    /// A referral about a child whose whereabouts are known (a current address, no "whereabouts unknown"),
    /// out of school since `since`.
    static func knownWhereabouts(_ forename: String, since: String) -> [String: Any] {
        var body = referralJSON(forename: forename, surname: "Abbott", dob: "2014-05-06", firstDayOfAbsence: since)
        var child = body["child"] as! [String: Any]
        child["addresses"] = [
            [
                "lines": ["3 Orchard Row"], "town": "Ipswich", "postcode": "IP4 1AA", "restricted": false,
                "kind": "current",
            ]
        ]
        body["child"] = child
        body["indicators"] = [[String: Any]]()
        body["actions"] = [[String: Any]]()
        return body
    }

    /// The case's category as the case detail gives it.
    static func category(_ detail: Exchange) -> String? { (detail["case"] as? [String: Any])?["category"] as? String }

    static func history(_ detail: Exchange) -> [[String: Any]] { detail["categoryHistory"] as? [[String: Any]] ?? [] }

    @Test(
        "Suffolk 1.1: a child without a school place becomes CME on the policy's day, with the change on the timeline and in the counts",
        arguments: Backend.available
    )
    func waspPendingBecomesCME(_ backend: Backend) async throws {
        // Monday 3 November 2025, 09:00.
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["officer"],
                json: Self.knownWhereabouts("Ivy", since: "2025-11-03")
            )
            let caseID = try #require(created.caseID)
            let first = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            #expect(Self.category(first) == "wasp_pending")
            #expect(Self.history(first).map { $0["category"] as? String } == ["wasp_pending"])

            // Friday 14 November: the 10th school day, still not CME.
            clock.advance(days: 11)
            _ = try await sweepClocks(app)
            let friday = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            #expect(Self.category(friday) == "wasp_pending")

            // Saturday 15 November: the sweep moves the stored category and the counts follow.
            clock.advance(days: 1)
            let swept = try #require(try await sweepClocks(app))
            #expect(swept.categoriesChanged == 1)
            let stored = try #require(try await CaseModel.find(UUID(uuidString: caseID), on: app.db))
            #expect(stored.category == "wasp")
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let changes = Self.history(detail)
            #expect(changes.map { $0["category"] as? String } == ["wasp_pending", "wasp"])
            #expect(changes.last?["day"] as? String == "2025-11-15")
            #expect(changes.last?["cause"] == nil, "time, not an event, made the child CME")
            #expect(changes.last?["section"] as? String == "Suffolk 1.1")
            let list = try await app.call(.GET, "api/v1/cases?category=wasp", as: people.tokens["officer"])
            #expect((list["items"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == caseID })

            let time = app.cme.service.time
            let rows = try await TermlyReturn.rows(on: app.db, time: time)
            #expect(TermlyReturn.compute(rows, census: try Day(iso: "2025-11-14")).missingOnCensusDay.isEmpty)
            #expect(TermlyReturn.compute(rows, census: try Day(iso: "2025-11-15")).missingOnCensusDay.count == 1)

            // The case page shows the change on its day, in words.
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            let page = try await officer.get("/cases/\(caseID.lowercased())")
            #expect(page.body.contains("Category: CME: without a school place (WASP)"))
            #expect(page.body.contains("From 15 November 2025, as time passed"))
        }
    }

    @Test(
        "Suffolk 2.1 and 12.1: a missing child located is no longer missing from that day, and out of CME once placed; the termly return follows",
        arguments: Backend.available
    )
    func locatedThenPlaced(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let created = try await app.refer("Noor", "Haddad", dob: "2013-02-02", as: "officer", people)
            let caseID = try #require(created.caseID)
            try await app.triage(caseID, assignTo: "ewo", people)
            clock.advance(days: 2)
            let located = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["ewo"],
                json: ["kind": "child_located", "expectedVersion": 3, "note": "Seen at her aunt's"]
            )
            #expect(located.status == .created)
            var detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            // Out of school since 20 October with half term between: ten school days have not yet run, so the
            // located child is without a place but not yet CME (Suffolk 1.1).
            #expect(Self.history(detail).map { $0["category"] as? String } == ["missing", "wasp_pending"])
            #expect(Self.history(detail).last?["cause"] as? String == "child_located")
            clock.advance(days: 2)
            let placed = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: [
                    "kind": "destination_confirmed", "expectedVersion": 4, "outcome": "WLA",
                    "destination": "Castle Hill Primary",
                ]
            )
            #expect(placed.status == .created)
            detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            #expect(Self.category(detail) == "placed")
            #expect(Self.history(detail).last?["day"] as? String == "2025-11-07")
            let stored = try #require(try await CaseModel.find(UUID(uuidString: caseID), on: app.db))
            #expect(stored.category == "placed", "the command kept the stored category current")
            let rows = try await TermlyReturn.rows(on: app.db, time: app.cme.service.time)
            let census = TermlyReturn.compute(rows, census: try Day(iso: "2025-11-07"))
            #expect(census.missingOnCensusDay.isEmpty, "found and placed: not missing on census day")
            #expect(census.missingInPrevious12Months.count == 1, "but missing earlier in the year")
        }
    }
}

/// Issue 17, done-when: each seed's classification checked through the API as time moves.
@Suite("Each seed's threshold over time")
struct SeedThresholdTests {
    static let seeds = ["suffolk", "leicestershire", "derbyshire", "gloucestershire", "innov8"]

    @Test(
        "Suffolk 1.1, Leicestershire 2.0, Derbyshire 3.3, John Moore 2, innov8 (Suffolk 1.1): a child without a place becomes CME on the policy's day, through the API and the sweep",
        arguments: seeds
    )
    func thresholdDay(_ seed: String) async throws {
        try await withTestApp(.sqlite, policy: seed) { app, clock in
            let people = try await People.make(app)
            let policy = app.cme.service.policy
            let since = try Day(iso: "2025-11-03")
            let becomes = try policy.classification.waspThreshold.due(
                from: LocalDateTime(day: since),
                on: policy.calendar
            )
            // "No waiting period" (zero days) is CME from the first day out of education.
            let expected = policy.classification.waspThreshold.isZero ? since : becomes.deadline.day
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["officer"],
                json: CategoryAPITests.knownWhereabouts("Ivy", since: since.description)
            )
            let caseID = try #require(created.caseID)
            func category() async throws -> String? {
                let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
                return CategoryAPITests.category(detail)
            }
            let time = app.cme.service.time
            if expected > since {
                #expect(try await category() == "wasp_pending", "\(seed): not yet CME on \(since)")
                // The day before the threshold day, 09:00.
                let before = time.date(LocalDateTime(day: expected.adding(days: -1), hour: 9, minute: 0))
                clock.advance(hours: before.timeIntervalSince(clock.now) / 3600)
                _ = try await sweepClocks(app)
                #expect(
                    try await category() == "wasp_pending",
                    "\(seed): still not CME on \(expected.adding(days: -1))"
                )
                clock.advance(days: 1)
                let swept = try #require(try await sweepClocks(app))
                #expect(swept.categoriesChanged == 1, "\(seed)")
            }
            #expect(try await category() == "wasp", "\(seed): CME (WASP) from \(expected)")
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let last = CategoryAPITests.history(detail).last
            #expect(last?["day"] as? String == expected.description, "\(seed)")
            #expect(last?["section"] as? String == policy.classification.waspThresholdSection, "\(seed)")
            let stored = try #require(try await CaseModel.find(UUID(uuidString: caseID), on: app.db))
            #expect(stored.category == "wasp", "\(seed): the stored category follows")
        }
    }
}
