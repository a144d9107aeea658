import CMECore
import CMEStorage
import Fluent
import Foundation
import SQLKit
import Testing

@testable import CMEWeb

/// Issue 6: the management reports: the monthly snapshot kept in the database (Leicestershire 8.3), the quarterly
/// report (Leicestershire 9.0), the annual report (Suffolk 4.2) and the open cases at the year's end (Suffolk 10.11).
@Suite("Management reports")
struct ManagementReportTests {
    @Test("periods: by name, and by default the last one that has ended")
    func periods() throws {
        let today = try Day(iso: "2026-11-24")
        typealias P = ManagementReport.Period
        let month = try #require(P.named(.monthly, nil, today: today))
        #expect(
            (month.label, month.first.description, month.last.description) == ("2026-10", "2026-10-01", "2026-10-31")
        )
        let january = try #require(P.named(.monthly, nil, today: Day(iso: "2027-01-05")))
        #expect(january.label == "2026-12")
        let february = try #require(P.named(.monthly, "2028-02", today: today))
        #expect(february.last.description == "2028-02-29")
        let quarter = try #require(P.named(.quarterly, nil, today: today))
        #expect(
            (quarter.label, quarter.first.description, quarter.last.description) == (
                "2026-Q3", "2026-07-01", "2026-09-30"
            )
        )
        let year = try #require(P.named(.annual, nil, today: today))
        #expect((year.first.description, year.last.description) == ("2025-09-01", "2026-08-31"))
        #expect(P.named(.openCases, "2024", today: today)?.last.description == "2025-08-31")
        for (kind, bad) in [(ManagementReport.Kind.monthly, "2026-13"), (.quarterly, "2026-Q5"), (.annual, "26")] {
            #expect(P.named(kind, bad, today: today) == nil, "\(bad)")
        }
    }

    @Test(
        "figures from hand-made cases: open at the end by each breakdown, new and closed per month, repeats, overdue clocks"
    )
    func figures() throws {
        func row(
            _ reference: String,
            opened: String,
            closed: String? = nil,
            reason: String = "FTR",
            episode: Int = 1,
            owner: String? = "Sam Price"
        ) throws -> ManagementReport.Row {
            ManagementReport.Row(
                reference: reference,
                category: "missing",
                reason: reason,
                source: "SCH",
                gender: "F",
                dateOfBirth: try Day(iso: "2015-03-04"),
                opened: try Day(iso: opened),
                closed: try closed.map { try Day(iso: $0) },
                outcome: closed == nil ? nil : "CMEF",
                episode: episode,
                area: "IP4",
                owner: owner
            )
        }
        let rows = [
            try row("A", opened: "2026-06-01"),  // open throughout: 5 months missing at the end of October
            try row("B", opened: "2026-10-10", reason: "RTL", episode: 2),  // new in October, a repeat episode
            try row("C", opened: "2026-09-20", closed: "2026-10-15"),  // closed in October
            try row("D", opened: "2026-10-31", closed: "2026-10-31"),  // opened and closed on the last day
            try row("E", opened: "2026-11-02"),  // after the month
        ]
        let clocks = [
            ManagementReport.OverdueClock(
                reference: "A",
                owner: "Sam Price",
                overdueFrom: try Day(iso: "2026-10-20"),
                settled: nil
            ),
            ManagementReport.OverdueClock(
                reference: "B",
                owner: nil,
                overdueFrom: try Day(iso: "2026-10-30"),
                settled: try Day(iso: "2026-11-03")
            ),
            ManagementReport.OverdueClock(
                reference: "C",
                owner: "Sam Price",
                overdueFrom: try Day(iso: "2026-10-01"),
                settled: try Day(iso: "2026-10-12")
            ),
        ]
        let period = try #require(ManagementReport.Period.named(.monthly, "2026-10", today: Day(iso: "2026-11-24")))
        let report = ManagementReport.compute(rows, clocks: clocks, period: period)
        func cases(_ group: String, _ value: String) -> [String]? {
            report.figures.first { $0.group == group && $0.value == value }?.cases
        }
        #expect(cases("open on 2026-10-31", "all") == ["A", "B"])
        #expect(cases("open by reason", "FTR") == ["A"])
        #expect(cases("open by reason", "RTL") == ["B"])
        #expect(cases("open by time missing", "3 to 6 months") == ["A"])
        #expect(cases("open by time missing", "under 1 month") == ["B"])
        #expect(cases("open by NC year", "7") == ["A", "B"])
        #expect(cases("open by age", "11") == ["A", "B"])
        #expect(cases("open by area", "IP4") == ["A", "B"])
        #expect(cases("new per month", "2026-10") == ["B", "D"])
        #expect(cases("closed per month", "2026-10") == ["C", "D"])
        #expect(cases("outcomes of cases closed", "CMEF") == ["C", "D"])
        #expect(cases("repeat episodes (open)", "2") == ["B"])
        // overdue at the end of October: A (still) and B (settled in November); C was settled on 12 October
        #expect(cases("overdue clocks by owner", "Sam Price") == ["A"])
        #expect(cases("overdue clocks by owner", "unassigned") == ["B"])
        #expect(report.csv.hasPrefix("section,value,count,cases\nopen on 2026-10-31,all,2,A B\n"))

        let year = try #require(ManagementReport.Period.named(.openCases, "2026", today: Day(iso: "2027-09-01")))
        let open = ManagementReport.compute(rows, clocks: [], period: year)
        #expect(open.open.map(\.reference) == ["A", "B", "E"])
        #expect(open.csv.split(separator: "\n")[1] == "A,missing,FTR,2026-06-01,456,7,IP4,Sam Price")
    }

    @Test(
        "the monthly page: the demo's figures match an independent count, the month is kept, a school is refused",
        arguments: Backend.available
    )
    func monthlyPage(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await DemoData.load(into: app, at: clock.now, cases: 60)
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@demo.cme.test", at: clock.now)
            // The demo clock is 3 November 2025: the default month is October 2025.
            let time = app.cme.service.time
            let end = time.date(LocalDateTime(day: try Day(iso: "2025-11-01")))
            let openAtEnd = try await CaseModel.query(on: app.db).all()
                .filter { $0.episodeOpenedAt < end && ($0.closedAt.map { $0 >= end } ?? true) }
            #expect(openAtEnd.count > 5)

            // MUT
            let page = try await officer.get("/reports/management/monthly")
            let csv = try await officer.get("/reports/management/monthly?period=2025-10&format=csv")

            #expect(page.status == .ok)
            #expect(page.body.contains("Monthly snapshot"))
            #expect(page.body.contains("chart-report-reason"))
            // The open-cases report (default: the year to 31 August 2025) lists its cases, each linking to its page.
            let yearEnd = time.date(LocalDateTime(day: try Day(iso: "2025-09-01")))
            let openAtYearEnd = try await CaseModel.query(on: app.db).all()
                .filter { $0.episodeOpenedAt < yearEnd && ($0.closedAt.map { $0 >= yearEnd } ?? true) }
            let open = try await officer.get("/reports/management/open-cases")
            let linked = openAtYearEnd.filter {
                open.body.contains("/cases/\($0.id?.uuidString.lowercased() ?? "-")\"")
            }
            #expect(openAtYearEnd.count > 0)
            #expect(linked.count == min(openAtYearEnd.count, 50), "\(linked.count) of \(openAtYearEnd.count) linked")
            let first = csv.body.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
            #expect(first.hasPrefix("open on 2025-10-31,all,\(openAtEnd.count),"), "\(first)")
            let kept = try await KeptMonthlyRecordModel.query(on: app.db).all()
            #expect(kept.map(\.month) == ["2025-10"])
            #expect(String(decoding: kept.first?.figures ?? Data(), as: UTF8.self) == csv.body)

            let bad = try await officer.get("/reports/management/quarterly?period=2025-Q9")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(##"href="#period""##))
            #expect(try await officer.get("/reports/management/weekly").status == .notFound)

            // The sweep keeps last month's record without anyone asking, once.
            try await KeptMonthlyRecordModel.query(on: app.db).delete()
            _ = try await sweepClocks(app)
            _ = try await sweepClocks(app)
            let swept = try await KeptMonthlyRecordModel.query(on: app.db).all()
            #expect(swept.map(\.month) == ["2025-10"])

            // Issue 17: shown again, the month's record is read back, not taken again: one record, its first time.
            clock.advance(hours: 0.05)
            #expect(try await officer.get("/reports/management/monthly?period=2025-10").status == .ok)
            let again = try await KeptMonthlyRecordModel.query(on: app.db).all()
            #expect(again.map(\.revision) == [1] && again.first?.takenAt == swept.first?.takenAt)

            // A case recorded differently afterwards: the kept figures stand, the change is offered as a correction.
            let sql = try #require(app.db as? any SQLDatabase)
            let changed = try #require(openAtEnd.first(where: { $0.reason != "FTT" }))
            // As a save does, the change stamps the case with the wall clock, as Fluent does (the reports cache reads it).
            try await sql.raw(
                "UPDATE cases SET reason = 'FTT', updated_at = \(bind: Date()) WHERE id = \(bind: try changed.requireID())"
            ).run()
            let stale = try await officer.get("/reports/management/monthly?period=2025-10&format=csv")
            #expect(stale.body == csv.body, "the kept record, as kept")
            let offered = try await officer.get("/reports/management/monthly?period=2025-10")
            #expect(offered.body.contains("have changed since the record was kept"))
            let corrected = try await officer.post("/reports/management/monthly/keep", ["period": "2025-10"])
            #expect(corrected.status == .seeOther)
            let revisions = try await KeptMonthlyRecordModel.query(on: app.db).sort(\.$revision).all()
            #expect(revisions.map(\.revision) == [1, 2], "the correction is kept beside the first record")
            #expect(String(decoding: revisions[0].figures, as: UTF8.self) == csv.body)
            let now = try await officer.get("/reports/management/monthly?period=2025-10&format=csv")
            #expect(now.body != csv.body && now.body == String(decoding: revisions[1].figures, as: UTF8.self))
            #expect(
                !(try await officer.get("/reports/management/monthly?period=2025-10")).body.contains("have changed")
            )

            let dsl = WebClient(app)
            try await dsl.signIn("dsl@castlehill.demo.cme.test", at: clock.now)
            #expect(try await dsl.get("/reports/management/monthly").status == .forbidden)
        }
    }
}
