import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// The CME team's management reports: the monthly snapshot (Leicestershire 8.3: the record saved monthly), the
/// quarterly report to the management team (Leicestershire 9.0), the annual report (Suffolk 4.2) and the open cases
/// at the end of the academic year (Suffolk 10.11). Each is the same set of figures over its period, every figure
/// keeping the case references behind it.
public struct ManagementReport: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable {
        case monthly
        case quarterly
        case annual
        case openCases = "open-cases"
    }

    /// One case as the reports see it.
    public struct Row: Sendable, Equatable {
        public var reference: String
        public var category: String
        public var reason: String?
        public var source: String?
        public var gender: String
        public var dateOfBirth: Day?
        public var opened: Day
        public var closed: Day?
        public var outcome: String?
        public var episode: Int
        /// The postcode district of the child's latest address (`IP4`), or nil (none given, or restricted).
        public var area: String?
        public var owner: String?
        /// The child's categories over the case's episodes (the derived history).
        public var categories: CategoryTimeline

        public init(
            reference: String,
            category: String,
            reason: String?,
            source: String?,
            gender: String,
            dateOfBirth: Day?,
            opened: Day,
            closed: Day?,
            outcome: String?,
            episode: Int,
            area: String?,
            owner: String?,
            categories: CategoryTimeline = CategoryTimeline([])
        ) {
            self.categories = categories
            self.reference = reference
            self.category = category
            self.reason = reason
            self.source = source
            self.gender = gender
            self.dateOfBirth = dateOfBirth
            self.opened = opened
            self.closed = closed
            self.outcome = outcome
            self.episode = episode
            self.area = area
            self.owner = owner
        }

        func isOpen(on day: Day) -> Bool { self.opened <= day && (self.closed.map { $0 > day } ?? true) }
    }

    /// A clock overdue at some time: whose case, and from when until when (nil: still overdue).
    public struct OverdueClock: Sendable, Equatable {
        public var reference: String
        public var owner: String?
        public var overdueFrom: Day
        public var settled: Day?

        public init(reference: String, owner: String?, overdueFrom: Day, settled: Day?) {
            self.reference = reference
            self.owner = owner
            self.overdueFrom = overdueFrom
            self.settled = settled
        }
    }

    public typealias Figure = TermlyReturn.Figure

    public var period: Period
    /// Sections in order, each a list of figures: `open on the last day`, its breakdowns, `new per month`,
    /// `closed per month`, `repeat episodes`, `outcomes of cases closed`, `overdue clocks by owner`.
    public var figures: [Figure]
    /// The cases open on the last day, oldest first (the open-cases report lists them).
    public var open: [Row]

    /// The report over `rows` and `clocks` for `period` (pure: the storage query only gathers them).
    public static func compute(_ rows: [Row], clocks: [OverdueClock], period: Period) -> ManagementReport {
        let last = period.last
        let open = rows.filter { $0.isOpen(on: last) }.sorted { ($0.opened, $0.reference) < ($1.opened, $1.reference) }
        var figures: [Figure] = []
        func add(_ group: String, _ items: [Row], _ key: (Row) -> String) {
            var byValue: [String: [String]] = [:]
            for row in items { byValue[key(row), default: []].append(row.reference) }
            for value in byValue.keys.sorted(by: { Self.order($0) < Self.order($1) }) {
                figures.append(Figure(group: group, value: value, cases: byValue[value]!.sorted()))
            }
        }
        figures.append(Figure(group: "open on \(last)", value: "all", cases: open.map(\.reference).sorted()))
        // The category on the period's last day, from the derived history, in words.
        add("open by category", open) { row in
            (row.categories.category(on: last) ?? CMECore.Category(rawValue: row.category))?.label ?? row.category
        }
        add("open by reason", open) { $0.reason ?? "not recorded" }
        add("open by source", open) { $0.source ?? "not recorded" }
        add("open by NC year", open) { row in
            row.dateOfBirth.flatMap { SchoolAge.ncYearLabel(SchoolAge(dateOfBirth: $0).ncYear(on: last)) }
                ?? "not known"
        }
        add("open by age", open) { row in
            row.dateOfBirth.map { String(SchoolAge(dateOfBirth: $0).age(on: last)) } ?? "not known"
        }
        add("open by area", open) { $0.area ?? "not known" }
        add("open by time missing", open) { TermlyReturn.band(days: $0.opened.days(to: last)) }
        let inPeriod = { (day: Day) in day >= period.first && day <= last }
        let month = { (day: Day) in String(day.description.prefix(7)) }
        add("new per month", rows.filter { inPeriod($0.opened) }) { month($0.opened) }
        let closed = rows.filter { $0.closed.map(inPeriod) ?? false }
        add("closed per month", closed) { month($0.closed!) }
        add("outcomes of cases closed", closed) { $0.outcome ?? "not recorded" }
        add("repeat episodes (open)", open.filter { $0.episode > 1 }) {
            String($0.episode)
        }
        // Clocks overdue at the end of the period, by the owner of their case.
        var byOwner: [String: [String]] = [:]
        for clock in clocks where clock.overdueFrom <= last && (clock.settled.map { $0 > last } ?? true) {
            byOwner[clock.owner ?? "unassigned", default: []].append(clock.reference)
        }
        for owner in byOwner.keys.sorted() {
            figures.append(Figure(group: "overdue clocks by owner", value: owner, cases: byOwner[owner]!.sorted()))
        }
        return ManagementReport(period: period, figures: figures, open: open)
    }

    /// Values in the order people read them: time-missing bands shortest first, year groups N, R, 1...13, ages
    /// and other numbers ascending, then everything else alphabetically.
    static func order(_ value: String) -> (Int, String) {
        let bands = ["under 1 month", "1 to 3 months", "3 to 6 months", "6 to 12 months", "12 months or more"]
        if let band = bands.firstIndex(of: value) { return (band, value) }
        if value == "N" { return (-1, value) }
        if value == "R" { return (0, value) }
        return (Int(value) ?? 999, value)
    }

    /// The figures as CSV: `section,value,count,cases` (cases separated by spaces: the drill-down). The open-cases
    /// report is one row per case open at the end of the year instead.
    public var csv: String {
        var lines: [String] = []
        if self.period.kind == .openCases {
            lines.append("reference,category,reason,opened,days_open,nc_year,area,owner")
            for row in self.open {
                let year = row.dateOfBirth.flatMap {
                    SchoolAge.ncYearLabel(SchoolAge(dateOfBirth: $0).ncYear(on: self.period.last))
                }
                lines.append(
                    [
                        row.reference, row.category, row.reason ?? "", row.opened.description,
                        String(row.opened.days(to: self.period.last)), year ?? "", row.area ?? "", row.owner ?? "",
                    ].map(CSVWriter.field).joined(separator: ",")
                )
            }
        } else {
            lines.append("section,value,count,cases")
            for figure in self.figures {
                lines.append(
                    [figure.group, figure.value, String(figure.count), figure.cases.joined(separator: " ")]
                        .map(CSVWriter.field).joined(separator: ",")
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every case and every clock that fell overdue, for `compute`: only the columns they need, in four queries.
    public static func gather(on db: any Database, time: LocalTime) async throws -> ([Row], [OverdueClock]) {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        var area: [UUID: String] = [:]
        for row in try await sql.select().columns("child_id", "postcode", "restricted").from("child_addresses")
            .orderBy("created_at").all()
        {
            let child = try row.decode(column: "child_id", as: UUID.self)
            let postcode = try row.decode(column: "postcode", as: String?.self)
            let restricted = try row.decode(column: "restricted", as: Bool.self)
            // The latest address with a postcode decides; a restricted one leaves the area unknown, rather than
            // an older address's, which would point at where the family no longer is (Cromford 8.0).
            if restricted {
                area[child] = nil
            } else if let district = Address.reportableArea(postcode: postcode, restricted: false) {
                area[child] = district
            }
        }
        var names: [UUID: String] = [:]
        for row in try await sql.select().columns("id", "display_name").from("users").all() {
            names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "display_name", as: String.self)
        }
        let cases = try await TermlyReturn.casesWithChildren(on: sql)
        let histories = try await TermlyReturn.categoryTimelines(on: sql)
        var rows: [Row] = []
        var byCase: [UUID: Row] = [:]
        for record in cases {
            let child = try record.decode(column: "child_id", as: UUID.self)
            let row = Row(
                reference: try record.decode(column: "reference", as: String.self),
                category: try record.decode(column: "category", as: String.self),
                reason: try record.decode(column: "reason", as: String?.self),
                source: try record.decode(column: "source", as: String?.self),
                gender: try record.decode(column: "gender", as: String.self),
                dateOfBirth: try? Day(iso: record.decode(column: "date_of_birth", as: String.self)),
                opened: time.day(try record.decode(column: "episode_opened_at", as: Date.self)),
                closed: try record.decode(column: "closed_at", as: Date?.self).map(time.day),
                outcome: try record.decode(column: "outcome", as: String?.self),
                episode: try record.decode(column: "episode", as: Int.self),
                area: area[child],
                owner: try record.decode(column: "assignee_id", as: UUID?.self).flatMap { names[$0] },
                categories: histories[try record.decode(column: "id", as: UUID.self)] ?? CategoryTimeline([])
            )
            rows.append(row)
            byCase[try record.decode(column: "id", as: UUID.self)] = row
        }
        var clocks: [OverdueClock] = []
        for record in try await sql.select().columns("case_id", "deadline", "settled_at").from("clocks").all() {
            guard let row = byCase[try record.decode(column: "case_id", as: UUID.self)] else { continue }
            let deadline = try record.decode(column: "deadline", as: Date.self)
            let settled = try record.decode(column: "settled_at", as: Date?.self)
            // A clock settled on time was never overdue.
            if let settled, settled <= deadline { continue }
            clocks.append(
                OverdueClock(
                    reference: row.reference,
                    owner: row.owner,
                    overdueFrom: time.day(deadline),
                    settled: settled.map(time.day)
                )
            )
        }
        return (rows, clocks)
    }
}
