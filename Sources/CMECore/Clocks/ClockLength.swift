/// How long a clock runs, in the unit the policy states it in.
public enum ClockLength: Hashable, Sendable {
    /// By the end of the trigger day (or the next working day when it falls on a non-working day).
    case sameWorkingDay
    /// `n` school days after the trigger day.
    case schoolDays(Int)
    /// By the `n`th school day of a run whose first day is the trigger day ("by day 10 of absence").
    case nthSchoolDay(Int)
    case workingDays(Int)
    /// Hours counted only on working days, a day being 24 hours (Suffolk 10.1 "72 working hours").
    case workingHours(Int)
    /// Hours counted only on school days (innov8 11.2 "72 working hours/three school days").
    case schoolHours(Int)
    case calendarDays(Int)
    case weeks(Int)
    case months(Int)
    case minutes(Int)

    /// The policy-file unit names, with an example of each.
    public static let units = [
        "sameWorkingDay", "schoolDays", "nthSchoolDay", "workingDays", "workingHours", "schoolHours",
        "calendarDays", "weeks", "months", "minutes",
    ]

    public init(unit: String, value: Int) throws(ClockError) {
        guard value >= 0 else { throw .negativeLength(unit, value) }
        switch unit {
        case "sameWorkingDay": self = .sameWorkingDay
        case "schoolDays": self = .schoolDays(value)
        case "nthSchoolDay":
            guard value >= 1 else { throw .negativeLength(unit, value) }
            self = .nthSchoolDay(value)
        case "workingDays": self = .workingDays(value)
        case "workingHours": self = .workingHours(value)
        case "schoolHours": self = .schoolHours(value)
        case "calendarDays": self = .calendarDays(value)
        case "weeks": self = .weeks(value)
        case "months": self = .months(value)
        case "minutes": self = .minutes(value)
        default: throw .unknownUnit(unit)
        }
    }

    /// Plain words: "72 working hours", "the 10th school day".
    public var description: String {
        switch self {
        case .sameWorkingDay: "the same working day"
        case .schoolDays(let n): "\(n) school day\(n == 1 ? "" : "s")"
        case .nthSchoolDay(let n): "the \(Self.ordinal(n)) school day"
        case .workingDays(let n): "\(n) working day\(n == 1 ? "" : "s")"
        case .workingHours(let n): "\(n) working hours"
        case .schoolHours(let n): "\(n) hours of school days"
        case .calendarDays(let n): "\(n) day\(n == 1 ? "" : "s")"
        case .weeks(let n): "\(n) week\(n == 1 ? "" : "s")"
        case .months(let n): "\(n) month\(n == 1 ? "" : "s")"
        case .minutes(let n): "\(n) minute\(n == 1 ? "" : "s")"
        }
    }

    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    /// Whether the length is no time at all ("no waiting period").
    public var isZero: Bool {
        switch self {
        case .calendarDays(0), .weeks(0), .months(0), .schoolDays(0), .workingDays(0), .workingHours(0),
            .schoolHours(0), .minutes(0):
            true
        default: false
        }
    }

    /// When the working day begins, in minutes after midnight: an hours deadline before it falls in the night and
    /// is due at the end of the last counted day before (issue 17: never "by 4:01am").
    static let workingDayStarts = 8 * 60

    /// When a clock of this length that started at `start` falls due: a whole working time (issue 17). A length in
    /// days is due at the end of its last day, and a length in calendar days, weeks or months that ends on a day
    /// that is not a working day is due at the end of the next working day. A length in hours is due at the exact
    /// time it runs out when that is in the working day, else at the end of the last counted day before it.
    public func due(from start: LocalDateTime, on calendar: SchoolCalendar) throws(CalendarError) -> ClockDue {
        switch self {
        case .sameWorkingDay:
            return .endOf(try calendar.next(.working, onOrAfter: start.day))
        case .schoolDays(let n):
            return .endOf(try calendar.add(n, .school, to: start.day))
        case .nthSchoolDay(let n):
            return .endOf(try calendar.nth(n, .school, from: start.day))
        case .workingDays(let n):
            return .endOf(try calendar.add(n, .working, to: start.day))
        case .workingHours(let n):
            return try Self.whole(try calendar.add(hours: n, .working, to: start), .working, calendar)
        case .schoolHours(let n):
            return try Self.whole(try calendar.add(hours: n, .school, to: start), .school, calendar)
        case .calendarDays(let n):
            // Zero days is the day itself ("no waiting period", Leicestershire 2.0), whatever day it is.
            return n == 0
                ? .endOf(start.day) : .endOf(try calendar.next(.working, onOrAfter: start.day.adding(days: n)))
        case .weeks(let n):
            return .endOf(try calendar.next(.working, onOrAfter: start.day.adding(days: 7 * n)))
        case .months(let n):
            return .endOf(try calendar.next(.working, onOrAfter: start.day.adding(months: n)))
        case .minutes(let n):
            return .at(start.adding(minutes: n))
        }
    }

    /// An hours deadline as a whole working time: as it is within the working day, else the end of the last day of
    /// `kind` before it.
    static func whole(
        _ instant: LocalDateTime,
        _ kind: DayKind,
        _ calendar: SchoolCalendar
    ) throws(CalendarError)
        -> ClockDue
    {
        guard instant.minute < Self.workingDayStarts else { return .at(instant) }
        var day = instant.day.adding(days: -1)
        while try !calendar.counts(day, as: kind) { day = day.adding(days: -1) }
        return .endOf(day)
    }
}

/// When a clock falls due: by the end of a day, or at an exact time.
public enum ClockDue: Hashable, Sendable, Comparable, CustomStringConvertible {
    case endOf(Day)
    case at(LocalDateTime)

    /// The first instant at which the clock is overdue (or, for an earliest-date clock, reached).
    public var deadline: LocalDateTime {
        switch self {
        case .endOf(let day): LocalDateTime(day: day.adding(days: 1))
        case .at(let instant): instant
        }
    }

    public var day: Day {
        switch self {
        case .endOf(let day): day
        case .at(let instant): instant.day
        }
    }

    public static func < (lhs: ClockDue, rhs: ClockDue) -> Bool { lhs.deadline < rhs.deadline }

    public var description: String {
        switch self {
        case .endOf(let day): "\(day)"
        case .at(let instant): "\(instant)"
        }
    }
}

/// Why a clock could not be set up or computed.
public enum ClockError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownUnit(String)
    case negativeLength(String, Int)

    public var description: String {
        switch self {
        case .unknownUnit(let unit):
            "unknown length unit '\(unit)'; allowed: \(ClockLength.units.joined(separator: ", "))"
        case .negativeLength(let unit, let value):
            "\(unit) must be at least \(unit == "nthSchoolDay" ? 1 : 0), got \(value)"
        }
    }
}
