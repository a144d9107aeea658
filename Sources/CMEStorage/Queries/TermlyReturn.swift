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

    static let cme: Set<String> = [CMECore.Category.missing.rawValue, CMECore.Category.wasp.rawValue]

    /// One case as the return sees it.
    public struct Row: Sendable {
        public var reference: String
        public var category: String
        public var reason: String?
        public var gender: String
        public var dateOfBirth: Day?
        public var opened: Day
        public var closed: Day?
        /// The day the child's destination was confirmed (found, and placed or gone elsewhere): no longer missing
        /// education from then, though the case stays open for its follow-ups (Suffolk 12.1).
        public var destinationConfirmed: Day?

        public init(
            reference: String,
            category: String,
            reason: String?,
            gender: String,
            dateOfBirth: Day?,
            opened: Day,
            closed: Day?,
            destinationConfirmed: Day? = nil
        ) {
            self.reference = reference
            self.category = category
            self.reason = reason
            self.gender = gender
            self.dateOfBirth = dateOfBirth
            self.opened = opened
            self.closed = closed
            self.destinationConfirmed = destinationConfirmed
        }

        /// The last day the child was counted: the day before their destination was confirmed, else the day the
        /// case closed, else still counted.
        var lastCounted: Day? {
            [self.closed, self.destinationConfirmed.map { $0.adding(days: -1) }].compactMap { $0 }.min()
        }

        /// Counted on `day`: opened on or before it, and neither closed nor found before it.
        func isOpen(on day: Day) -> Bool { self.opened <= day && (self.lastCounted.map { $0 >= day } ?? true) }

        /// Counted on some day of the 12 months up to `day`.
        func wasOpen(inYearTo day: Day) -> Bool {
            self.opened <= day && (self.lastCounted.map { $0 >= day.adding(days: -365) } ?? true)
        }
    }

    /// The return computed from `rows` (pure: the storage query only gathers rows).
    public static func compute(_ rows: [Row], census: Day) -> TermlyReturn {
        let missing = rows.filter { Self.cme.contains($0.category) && $0.isOpen(on: census) }
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
        add("time missing") { Self.band(days: $0.opened.days(to: census)) }
        add("primary reason") { $0.reason ?? "not recorded" }
        let ehe = CMECore.Category.homeEducated.rawValue
        return TermlyReturn(
            census: census,
            onCensusDay: figures,
            missingOnCensusDay: missing.map(\.reference).sorted(),
            missingInPrevious12Months: rows.filter { Self.cme.contains($0.category) && $0.wasOpen(inYearTo: census) }
                .map(\.reference).sorted(),
            homeEducatedOnCensusDay: rows.filter { $0.category == ehe && $0.isOpen(on: census) }.map(\.reference)
                .sorted(),
            homeEducatedInPrevious12Months: rows.filter { $0.category == ehe && $0.wasOpen(inYearTo: census) }
                .map(\.reference).sorted()
        )
    }

    /// The rows of every case, for `compute`: the columns it needs, cases joined to their children in one query
    /// (whole models for 20,000 cases took seconds to decode).
    public static func rows(on db: any Database, time: LocalTime) async throws -> [Row] {
        guard let sql = db as? any SQLDatabase else { throw ServiceError.notFound("SQL database") }
        let rows = try await Self.casesWithChildren(on: sql)
        return try rows.map { row in
            Row(
                reference: try row.decode(column: "reference", as: String.self),
                category: try row.decode(column: "category", as: String.self),
                reason: try row.decode(column: "reason", as: String?.self),
                gender: try row.decode(column: "gender", as: String.self),
                dateOfBirth: try? Day(iso: row.decode(column: "date_of_birth", as: String.self)),
                opened: time.day(try row.decode(column: "episode_opened_at", as: Date.self)),
                closed: try row.decode(column: "closed_at", as: Date?.self).map(time.day),
                destinationConfirmed: try row.decode(column: "destination_confirmed_at", as: Date?.self).map(time.day)
            )
        }
    }

    /// Every case, with the columns the termly return and the management reports count and the child's gender:
    /// one query, cases joined to children.
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
