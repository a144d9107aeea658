/// A school (academic) year: 1 September to 31 August, named like `2025/26`.
public struct AcademicYear: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The calendar year in which the academic year starts (2025 for 2025/26).
    public let startYear: Int

    public init(startYear: Int) { self.startYear = startYear }

    /// The academic year that contains `day`.
    public init(containing day: Day) {
        self.startYear = day.month >= 9 ? day.year : day.year - 1
    }

    /// Parses `2025/26` (the second part must follow the first).
    public init(label: String) throws(CalendarError) {
        let parts = label.split(separator: "/")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let start = Int(parts[0]), let end = Int(parts[1]), (start + 1) % 100 == end
        else {
            throw CalendarError.malformedAcademicYear(label)
        }
        self.startYear = start
    }

    public var firstDay: Day { Day(year: self.startYear, month: 9, day: 1)! }
    public var lastDay: Day { Day(year: self.startYear + 1, month: 8, day: 31)! }
    public func contains(_ day: Day) -> Bool { day >= self.firstDay && day <= self.lastDay }

    public var description: String {
        let end = (self.startYear + 1) % 100
        return "\(self.startYear)/\(end < 10 ? "0" : "")\(end)"
    }

    public static func < (lhs: AcademicYear, rhs: AcademicYear) -> Bool { lhs.startYear < rhs.startYear }
}

/// Why a calendar question could not be answered.
public enum CalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedAcademicYear(String)
    /// The policy holds no term dates for the academic year containing this day.
    case noTermDates(Day, AcademicYear)
    case termEndsBeforeStart(String, AcademicYear)
    case termOutsideAcademicYear(String, AcademicYear)
    case negativeCount(Int)

    public var description: String {
        switch self {
        case .malformedAcademicYear(let text):
            "'\(text)' is not an academic year in the form 2025/26"
        case .noTermDates(let day, let year):
            "no term dates for \(year) (needed for \(day)): add them to the policy file's calendar"
        case .termEndsBeforeStart(let term, let year):
            "term '\(term)' of \(year) ends before it starts"
        case .termOutsideAcademicYear(let term, let year):
            "term '\(term)' lies outside \(year) (1 September to 31 August)"
        case .negativeCount(let n):
            "a count of days or hours cannot be negative (\(n))"
        }
    }
}
