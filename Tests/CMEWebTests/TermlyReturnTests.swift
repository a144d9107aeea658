import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing

@testable import CMEWeb

/// Issue 6, done-when: the termly return on the demo data matches counts computed independently here.
@Suite("Termly return")
struct TermlyReturnTests {
    @Test("the termly return on the demo data matches an independent count", arguments: Backend.available)
    func matchesAnIndependentCount(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: the demo LA with 80 cases over the last 150 days, every state among them
            _ = try await DemoData.load(into: app, at: clock.now, cases: 80)
            let time = app.cme.service.time
            let cases = try await CaseModel.query(on: app.db).all()
            let genders = Dictionary(
                uniqueKeysWithValues: try await ChildModel.query(on: app.db).all().map { ($0.id!, $0.gender) }
            )
            for census in ["2025-11-03", "2025-09-15"] {
                let day = try Day(iso: census)
                // Independently: instants, not days, compared with Foundation dates.
                let start = time.date(LocalDateTime(day: day))
                let end = start.addingTimeInterval(86_400)
                let yearBefore = start.addingTimeInterval(-365 * 86_400)
                let cme = cases.filter { ["missing", "wasp"].contains($0.category) }
                // A child whose destination was confirmed is no longer missing from that day (issue 17).
                let openOnDay = cme.filter {
                    $0.episodeOpenedAt < end && ($0.closedAt.map { $0 >= start } ?? true)
                        && ($0.destinationConfirmedAt.map { $0 >= end } ?? true)
                }
                let openInYear = cme.filter {
                    $0.episodeOpenedAt < end && ($0.closedAt.map { $0 >= yearBefore } ?? true)
                        && ($0.destinationConfirmedAt.map { $0 >= yearBefore.addingTimeInterval(86_400) } ?? true)
                }
                let ehe = cases.filter { $0.category == "home_educated" }
                    .filter { $0.episodeOpenedAt < end && ($0.closedAt.map { $0 >= start } ?? true) }

                if census == "2025-11-03" { #expect(openOnDay.count > 5, "the demo has children missing today") }
                // MUT
                let report = TermlyReturn.compute(try await TermlyReturn.rows(on: app.db, time: time), census: day)

                // validate
                #expect(report.missingOnCensusDay == openOnDay.map(\.reference).sorted(), "\(census)")
                #expect(report.missingInPrevious12Months == openInYear.map(\.reference).sorted())
                #expect(report.homeEducatedOnCensusDay == ehe.map(\.reference).sorted())
                let girls = openOnDay.filter { genders[$0.$child.id] == "F" }.map(\.reference).sorted()
                #expect(report.onCensusDay.first { $0.group == "sex" && $0.value == "female" }?.cases ?? [] == girls)
                for group in ["sex", "NC year group", "time missing", "primary reason"] {
                    let total = report.onCensusDay.filter { $0.group == group }.reduce(0) { $0 + $1.count }
                    #expect(total == openOnDay.count, "every child counted once by \(group)")
                }
                let byReason = Dictionary(grouping: openOnDay) { $0.reason ?? "not recorded" }
                for (reason, rows) in byReason {
                    let figure = report.onCensusDay.first { $0.group == "primary reason" && $0.value == reason }
                    #expect(figure?.cases == rows.map(\.reference).sorted(), "reason \(reason)")
                }
            }
            #expect(!cases.isEmpty)
        }
    }

    @Test(
        "Issue 17: a child found (destination confirmed) before census day is not missing on it, but was in the previous 12 months; bands come shortest first"
    )
    func foundChildrenAndBandOrder() throws {
        func row(
            _ reference: String,
            opened: String,
            found: String? = nil,
            closed: String? = nil
        ) throws
            -> TermlyReturn.Row
        {
            TermlyReturn.Row(
                reference: reference,
                category: "missing",
                reason: "FTR",
                gender: "F",
                dateOfBirth: try Day(iso: "2014-03-04"),
                opened: try Day(iso: opened),
                closed: try closed.map { try Day(iso: $0) },
                destinationConfirmed: try found.map { try Day(iso: $0) }
            )
        }
        let rows = [
            try row("A", opened: "2026-10-01"),
            try row("B", opened: "2026-01-05"),
            try row("C", opened: "2026-09-01", found: "2026-10-20"),
            try row("D", opened: "2026-09-01", found: "2026-11-05"),
            try row("E", opened: "2025-01-01", closed: "2025-06-30"),
            try row("F", opened: "2026-08-01", found: "2026-11-04"),
            try row("G", opened: "2025-06-01"),
            try row("H", opened: "2026-10-25"),
        ]
        let report = TermlyReturn.compute(rows, census: try Day(iso: "2026-11-04"))
        // C was found before census day, F on it: neither is missing that day; D was found after.
        #expect(report.missingOnCensusDay == ["A", "B", "D", "G", "H"])
        #expect(report.missingInPrevious12Months == ["A", "B", "C", "D", "F", "G", "H"])
        let bands = report.onCensusDay.filter { $0.group == "time missing" }.map(\.value)
        #expect(bands == ["under 1 month", "1 to 3 months", "6 to 12 months", "12 months or more"])
        #expect(
            report.onCensusDay.filter { $0.group == "time missing" }.map(\.cases) == [["H"], ["A", "D"], ["B"], ["G"]]
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
            #expect(page.body.contains("/cases/\(caseID.lowercased())"), "each figure links to its cases")
            #expect(page.body.contains("by primary reason"))
            let csv = try await officer.get("/reports/termly?census=2025-11-03&format=csv")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.contains("missing on census day,sex,female,1,CME-2025-000001"))
            let bad = try await officer.get("/reports/termly?census=3%2F11%2F2025")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(##"href="#census""##))
        }
    }
}
