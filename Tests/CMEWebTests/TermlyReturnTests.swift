import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing

@testable import CMEWeb

/// Issue 6, done-when: the termly return on the demo data matches counts computed independently here.
@Suite("Termly return")
struct TermlyReturnTests {
    /// Whether a case's child was CME on `day`, worked out here from the case's own timeline and basis, without
    /// the core's category history: the termly return must agree with it.
    static func independentlyCME(
        _ model: CaseModel,
        events: [CaseEventModel],
        on day: Day,
        policy: Policy,
        time: LocalTime
    ) throws -> Bool {
        let basis = try JSONDecoder().decode(CategoryBasis.self, from: Data(try #require(model.categoryBasis).utf8))
        let episode = events.filter { $0.episode == model.episode && time.day($0.at) <= day }
        guard !episode.isEmpty, SchoolAge(dateOfBirth: basis.dateOfBirth).isCompulsorySchoolAge(on: day) else {
            return false
        }
        let placed = ["IND", "WLA", "OLA", "EMI", "EHE", "NCA", "DEC"]
        if episode.contains(where: {
            $0.kind == "closed" || ($0.kind == "destination_confirmed" && placed.contains($0.outcome ?? ""))
        }) {
            return false
        }
        let found = episode.contains { ["child_located", "destination_confirmed"].contains($0.kind) }
        guard basis.whereaboutsKnown || found else { return true }
        guard let since = basis.outOfEducationSince else { return true }
        // No term dates to count the threshold in: whereabouts decide (the policy's calendar starts in 2025/26).
        guard
            let due = try? policy.classification.waspThreshold.due(
                from: LocalDateTime(day: since),
                on: policy.calendar
            )
        else { return true }
        return day >= due.deadline.day
    }

    @Test(
        "Issue 17: every case behind the demo's termly figures agrees with its own timeline, and none is WASP pending past its day",
        arguments: Backend.available
    )
    func matchesAnIndependentCount(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: the demo LA with 80 cases over the last 150 days, every state among them
            _ = try await DemoData.load(into: app, at: clock.now, cases: 80)
            let time = app.cme.service.time
            let policy = app.cme.service.policy
            let cases = try await CaseModel.query(on: app.db).all()
            let events = Dictionary(grouping: try await CaseEventModel.query(on: app.db).all()) { $0.$case.id }
            let today = time.day(clock.now)
            // Only the current episode's basis is kept: a case reopened after a census day is checked on later days.
            let checkable = { (model: CaseModel, day: Day) in
                (events[model.id!] ?? []).filter { $0.episode == model.episode }.map { time.day($0.at) }.min()
                    .map { $0 <= day || model.episode == 1 } ?? false
            }
            for census in [today, today.adding(days: -40)] {
                var expected: [String] = []
                var expectedInYear: [String] = []
                var unchecked: Set<String> = []
                for model in cases {
                    guard checkable(model, census) else {
                        unchecked.insert(model.reference)
                        continue
                    }
                    let timeline = events[model.id!] ?? []
                    if try Self.independentlyCME(model, events: timeline, on: census, policy: policy, time: time) {
                        expected.append(model.reference)
                    }
                    let window = (0...365).map { census.adding(days: -$0) }
                    if try window.contains(where: {
                        try Self.independentlyCME(model, events: timeline, on: $0, policy: policy, time: time)
                    }) {
                        expectedInYear.append(model.reference)
                    }
                }
                if census == today { #expect(expected.count > 5, "the demo has children missing today") }
                // MUT
                let report = TermlyReturn.compute(try await TermlyReturn.rows(on: app.db, time: time), census: census)

                // validate: every case behind each figure, checked against its own timeline
                #expect(report.missingOnCensusDay.filter { !unchecked.contains($0) } == expected.sorted(), "\(census)")
                #expect(
                    report.missingInPrevious12Months.filter { !unchecked.contains($0) } == expectedInYear.sorted(),
                    "\(census)"
                )
                for group in ["sex", "NC year group", "time missing", "primary reason"] {
                    let total = report.onCensusDay.filter { $0.group == group }.reduce(0) { $0 + $1.count }
                    #expect(total == report.missingOnCensusDay.count, "every child counted once by \(group)")
                }
            }
            // On the demo, no open case is still "without a place, not yet CME" past its policy day.
            for model in cases where model.category == Category.waspPending.rawValue {
                let basis = try JSONDecoder().decode(CategoryBasis.self, from: Data(model.categoryBasis!.utf8))
                let since = try #require(basis.outOfEducationSince)
                let due = try policy.classification.waspThreshold.due(
                    from: LocalDateTime(day: since),
                    on: policy.calendar
                )
                #expect(due.deadline.day > today, "\(model.reference) became CME on \(due.deadline.day)")
            }
            #expect(!cases.isEmpty)
        }
    }

    @Test(
        "Issue 17: a child found before census day is not missing on it but was in the previous 12 months; a child becomes CME on the threshold day; bands come shortest first"
    )
    func foundChildrenAndBandOrder() throws {
        func row(_ reference: String, _ changes: [(String, CMECore.Category)]) throws -> TermlyReturn.Row {
            TermlyReturn.Row(
                reference: reference,
                reason: "FTR",
                gender: "F",
                dateOfBirth: try Day(iso: "2014-03-04"),
                categories: CategoryTimeline(try changes.map { (try Day(iso: $0.0), $0.1) })
            )
        }
        let rows = [
            try row("A", [("2026-10-01", .missing)]),
            try row("B", [("2026-01-05", .missing)]),
            // found and placed before census day
            try row("C", [("2026-09-01", .missing), ("2026-10-20", .placed)]),
            // found after it
            try row("D", [("2026-09-01", .missing), ("2026-11-05", .placed)]),
            // closed more than a year before
            try row("E", [("2025-01-01", .missing), ("2025-06-30", .caseClosed)]),
            // placed on census day
            try row("F", [("2026-08-01", .missing), ("2026-11-04", .placed)]),
            try row("G", [("2025-06-01", .missing)]),
            try row("H", [("2026-10-25", .missing)]),
            // without a place: not CME until the threshold day, after census day
            try row("I", [("2026-10-28", .waspPending), ("2026-11-11", .wasp)]),
            // became CME (WASP) before census day: counted from that day, not from the referral
            try row("J", [("2026-09-01", .waspPending), ("2026-10-06", .wasp)]),
            // lost, found (WASP), placed, closed, then lost again in a second episode
            try row(
                "K",
                [
                    ("2026-02-01", .missing), ("2026-03-01", .wasp), ("2026-04-01", .placed),
                    ("2026-07-01", .caseClosed),
                    ("2026-10-30", .missing),
                ]
            ),
            // home educated
            try row("L", [("2026-06-01", .missing), ("2026-06-10", .homeEducated)]),
        ]
        let report = TermlyReturn.compute(rows, census: try Day(iso: "2026-11-04"))
        #expect(report.missingOnCensusDay == ["A", "B", "D", "G", "H", "J", "K"])
        #expect(report.missingInPrevious12Months == ["A", "B", "C", "D", "F", "G", "H", "J", "K", "L"])
        #expect(report.homeEducatedOnCensusDay == ["L"])
        #expect(report.homeEducatedInPrevious12Months == ["L"])
        let bands = report.onCensusDay.filter { $0.group == "time missing" }.map(\.value)
        #expect(bands == ["under 1 month", "1 to 3 months", "6 to 12 months", "12 months or more"])
        #expect(
            report.onCensusDay.filter { $0.group == "time missing" }.map(\.cases)
                == [["H", "J", "K"], ["A", "D"], ["B"], ["G"]]
        )
    }

    @Test func timeMissingBands() {
        #expect(TermlyReturn.band(days: 0) == "under 1 month")
        #expect(TermlyReturn.band(days: 30) == "1 to 3 months")
        #expect(TermlyReturn.band(days: 120) == "3 to 6 months")
        #expect(TermlyReturn.band(days: 200) == "6 to 12 months")
        #expect(TermlyReturn.band(days: 400) == "12 months or more")
    }

    @Test("the termly return page drills down to the cases and downloads as CSV", arguments: Backend.available)
    func page(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
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
            let page = try await officer.get("/reports/termly?census=2025-11-03")
            #expect(page.status == .ok)
            // Each figure links to its cases, a page of them: the page itself carries no list (issue 17).
            #expect(page.body.contains("/reports/termly/cases?census=2025-11-03&amp;measure=missing"))
            #expect(!page.body.contains("/cases/\(caseID.lowercased())"))
            #expect(page.body.contains("by primary reason"))
            let behind = try await officer.get("/reports/termly/cases?census=2025-11-03&measure=missing")
            #expect(behind.status == .ok)
            #expect(behind.body.contains("/cases/\(caseID.lowercased())"))
            #expect(behind.body.contains("Amelia Price"))
            let byGroup = try await officer.get("/reports/termly/cases?census=2025-11-03&group=sex&value=female")
            #expect(byGroup.body.contains("/cases/\(caseID.lowercased())"))
            #expect(
                try await officer.get("/reports/termly/cases?census=2025-11-03&measure=nonsense").status == .notFound
            )
            let csv = try await officer.get("/reports/termly?census=2025-11-03&format=csv")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.contains("missing on census day,sex,female,1,CME-2025-000001"))
            let bad = try await officer.get("/reports/termly?census=3%2F11%2F2025")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(##"href="#census""##))
        }
    }
}
