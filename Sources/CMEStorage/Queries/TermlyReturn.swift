import CMECore
import Fluent
import Foundation
import SQLKit

/// The DfE termly children-missing-education return for a census date: children missing education on the day by
/// sex, NC year group, time missing and primary reason, children missing at any time in the previous 12 months, and
/// the same for elective home education. Every figure keeps the case references behind it (the drill-down).
public struct TermlyReturn: Sendable, Equatable {
    public struct Figure: Sendable, Equatable {
        public var group: String
        public var value: String
        public var cases: [String]
        public var count: Int { self.cases.count }
    }

    public var census: Day
    /// CME on the census date: missing, or without a school place once the policy's threshold has passed.
    public var onCensusDay: [Figure]
    public var missingOnCensusDay: [String]
    public var missingInPrevious12Months: [String]
    public var homeEducatedOnCensusDay: [String]
    public var homeEducatedInPrevious12Months: [String]

    /// The length-of-time bands, shortest first.
    public static let bands = [
        "under 1 month", "1 to 3 months", "3 to 6 months", "6 to 12 months", "12 months or more",
    ]

    /// The length-of-time bands, in days missing on the census date.
    public static func band(days: Int) -> String {
        switch days {
        case ..<30: "under 1 month"
        case 30..<91: "1 to 3 months"
        case 91..<182: "3 to 6 months"
        case 182..<365: "6 to 12 months"
        default: "12 months or more"
        }
    }

    /// One case as the return sees it.
    public struct Row: Sendable {
        public var reference: String
        public var reason: String?
        public var gender: String
        public var dateOfBirth: Day?
        /// The child's categories over the case's episodes, as derived from its events, the policy and the days.
        public var categories: CategoryTimeline

        public init(
            reference: String,
            reason: String?,
            gender: String,
            dateOfBirth: Day?,
            categories: CategoryTimeline
        ) {
            self.reference = reference
            self.reason = reason
            self.gender = gender
            self.dateOfBirth = dateOfBirth
            self.categories = categories
        }
    }

    /// The return computed from `rows` (pure: the storage query only gathers rows).
    public static func compute(_ rows: [Row], census: Day) -> TermlyReturn {
        // The DfE's definitions (docs/termly-return.md): CME on census day is the category that day; "at any time
        // in the previous 12 months" is any day of the year to census day.
        let yearStart = census.adding(days: -365)
        let missing = rows.filter { $0.categories.category(on: census).map(CMECore.Category.cme.contains) == true }
        var figures: [Figure] = []
        func add(_ group: String, _ key: (Row) -> String) {
            var byValue: [String: [String]] = [:]
            for row in missing { byValue[key(row), default: []].append(row.reference) }
            // Year groups in school order (N, R, 1 ... 13), time bands shortest first, everything else
            // alphabetically.
            func order(_ value: String) -> (Int, String) {
                if let band = Self.bands.firstIndex(of: value) { return (band, value) }
                if value == "N" { return (-1, value) }
                if value == "R" { return (0, value) }
                return (Int(value) ?? 99, value)
            }
            for value in byValue.keys.sorted(by: { order($0) < order($1) }) {
                figures.append(Figure(group: group, value: value, cases: byValue[value]!.sorted()))
            }
        }
        add("sex") { row in
            switch row.gender {
            case "M": "male"
            case "F": "female"
            default: "not known or other"
            }
        }
        add("NC year group") { row in
            row.dateOfBirth.flatMap { SchoolAge.ncYearLabel(SchoolAge(dateOfBirth: $0).ncYear(on: census)) }
                ?? "not known"
        }
        add("time missing") { row in
            Self.band(
                days: (row.categories.runStart(CMECore.Category.cme, containing: census) ?? census).days(to: census)
            )
        }
        add("primary reason") { $0.reason ?? "not recorded" }
        let ehe: Set<CMECore.Category> = [.homeEducated]
        func references(_ keep: (CategoryTimeline) -> Bool) -> [String] {
            rows.filter { keep($0.categories) }.map(\.reference).sorted()
        }
        return TermlyReturn(
            census: census,
            onCensusDay: figures,
            missingOnCensusDay: missing.map(\.reference).sorted(),
            missingInPrevious12Months: references { $0.wasIn(CMECore.Category.cme, from: yearStart, through: census) },
            homeEducatedOnCensusDay: references { $0.category(on: census) == .homeEducated },
            homeEducatedInPrevious12Months: references { $0.wasIn(ehe, from: yearStart, through: census) }
        )
    }

    /// The rows of every case, for `compute`: its columns and its category history, in two queries.
    public static func rows(on db: any Database, time: LocalTime) async throws -> [Row] {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let histories = try await Self.categoryTimelines(on: sql)
        return try await Self.casesWithChildren(on: sql).map { row in
            Row(
                reference: try row.decode(column: "reference", as: String.self),
                reason: try row.decode(column: "reason", as: String?.self),
                gender: try row.decode(column: "gender", as: String.self),
                dateOfBirth: try? Day(iso: row.decode(column: "date_of_birth", as: String.self)),
                categories: histories[try row.decode(column: "id", as: UUID.self)] ?? CategoryTimeline([])
            )
        }
    }

    /// Every case's category history (`case_categories`, as every command and the sweep derived it), by case.
    static func categoryTimelines(on sql: any SQLDatabase) async throws -> [UUID: CategoryTimeline] {
        var changes: [UUID: [(episode: Int, day: Day, category: CMECore.Category)]] = [:]
        for row in try await sql.select().columns("case_id", "episode", "day", "category").from("case_categories")
            .all()
        {
            guard let day = try? Day(iso: row.decode(column: "day", as: String.self)),
                let category = CMECore.Category(rawValue: try row.decode(column: "category", as: String.self))
            else { continue }
            changes[try row.decode(column: "case_id", as: UUID.self), default: []].append(
                (try row.decode(column: "episode", as: Int.self), day, category)
            )
        }
        return changes.mapValues { list in
            CategoryTimeline(list.sorted { ($0.episode, $0.day) < ($1.episode, $1.day) }.map { ($0.day, $0.category) })
        }
    }

    /// Every case, with the columns the termly return and the management reports count and the child's gender:
    /// one query, cases joined to children. A case joined into another by a merge (issue 18) is counted as that
    /// one, whose history its events are part of: one child, counted once.
    static func casesWithChildren(on sql: any SQLDatabase) async throws -> [any SQLRow] {
        let columns = [
            "id", "reference", "category", "reason", "source", "date_of_birth", "episode_opened_at", "closed_at",
            "outcome", "episode", "assignee_id", "child_id", "destination_confirmed_at",
        ]
        return try await sql.select()
            .columns(columns.map { SQLColumn($0, table: "cases") })
            .column(SQLColumn("gender", table: "children"))
            .from("cases")
            .join("children", on: SQLColumn("child_id", table: "cases"), .equal, SQLColumn("id", table: "children"))
            .where(SQLColumn("joined_into", table: "cases"), .is, SQLLiteral.null)
            .all()
    }

    /// The return as CSV: `measure,group,value,count,cases` (cases separated by spaces: the drill-down).
    public var csv: String {
        var lines = ["measure,group,value,count,cases"]
        for figure in self.onCensusDay {
            lines.append(
                "missing on census day,\(figure.group),\(figure.value),\(figure.count),\(figure.cases.joined(separator: " "))"
            )
        }
        for (measure, cases) in [
            ("missing on census day", self.missingOnCensusDay),
            ("missing in the previous 12 months", self.missingInPrevious12Months),
            ("home educated on census day", self.homeEducatedOnCensusDay),
            ("home educated in the previous 12 months", self.homeEducatedInPrevious12Months),
        ] {
            lines.append("\(measure),total,all,\(cases.count),\(cases.joined(separator: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
