import CMECore

extension ManagementReport {
    /// The days a report covers, and what it is called.
    public struct Period: Sendable, Equatable {
        public var kind: Kind
        public var first: Day
        public var last: Day
        public var label: String

        /// The period named by `text` (`YYYY-MM` for a month, `YYYY-Qn` for a calendar quarter, `YYYY` for the
        /// academic year starting that September), or by default the last one that has ended on `today`.
        public static func named(_ kind: Kind, _ text: String?, today: Day) -> Period? {
            switch kind {
            case .monthly:
                let month: (Int, Int)
                if let text {
                    let parts = text.split(separator: "-")
                    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]),
                        let m = Int(parts[1]), (1...12).contains(m)
                    else { return nil }
                    month = (y, m)
                } else {
                    month = today.month == 1 ? (today.year - 1, 12) : (today.year, today.month - 1)
                }
                guard let first = Day(year: month.0, month: month.1, day: 1) else { return nil }
                let label = "\(month.0)-\(month.1 < 10 ? "0" : "")\(month.1)"
                return Period(kind: kind, first: first, last: first.adding(months: 1).adding(days: -1), label: label)
            case .quarterly:
                let quarter: (Int, Int)
                if let text {
                    let parts = text.uppercased().split(separator: "-")
                    guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), parts[1].count == 2,
                        parts[1].first == "Q", let q = Int(parts[1].dropFirst()), (1...4).contains(q)
                    else { return nil }
                    quarter = (y, q)
                } else {
                    let current = (today.month - 1) / 3 + 1
                    quarter = current == 1 ? (today.year - 1, 4) : (today.year, current - 1)
                }
                guard let first = Day(year: quarter.0, month: (quarter.1 - 1) * 3 + 1, day: 1) else { return nil }
                return Period(
                    kind: kind,
                    first: first,
                    last: first.adding(months: 3).adding(days: -1),
                    label: "\(quarter.0)-Q\(quarter.1)"
                )
            case .annual, .openCases:
                let start: Int
                if let text {
                    guard text.count == 4, let y = Int(text), (1990...2200).contains(y) else { return nil }
                    start = y
                } else {
                    start = AcademicYear(containing: today).startYear - 1
                }
                let year = AcademicYear(startYear: start)
                return Period(kind: kind, first: year.firstDay, last: year.lastDay, label: year.description)
            }
        }
    }
}
