/// Which days a count runs over.
public enum DayKind: String, Sendable, Codable, CaseIterable {
    /// Days the schools are open to pupils: term time, not weekends, half terms, bank holidays or INSET days.
    case school
    /// Days the LA's staff work: Monday to Friday except bank holidays (school holidays included).
    case working
    /// Every day.
    case calendar
}

/// A local authority's school calendar: its term dates on top of England and Wales bank holidays.
///
/// Pure value: built from policy data, answers day arithmetic; it never looks at today's date.
public struct SchoolCalendar: Sendable {
    public let years: [AcademicYearDates]
    private let bankHolidayOrdinals: Set<Int>
    private let bankHolidayNames: [Int: String]
    private let schoolDayOrdinals: Set<Int>
    private let coveredYears: Set<Int>
    private let extraHolidays: [BankHolidays.Holiday]

    /// - Parameters:
    ///   - years: term dates per academic year.
    ///   - extraHolidays: one-off bank holidays the policy adds to the computed ones.
    public init(years: [AcademicYearDates], extraHolidays: [BankHolidays.Holiday] = []) {
        self.years = years.sorted { $0.year < $1.year }
        self.extraHolidays = extraHolidays
        let yearRange: ClosedRange<Int> = {
            let starts = years.map(\.year.startYear)
            guard let lo = starts.min(), let hi = starts.max() else { return 1990...2100 }
            return min(lo, 1990)...max(hi + 1, 2100)
        }()
        var holidays: Set<Int> = []
        var names: [Int: String] = [:]
        for y in yearRange {
            for holiday in BankHolidays.holidays(year: y, extra: extraHolidays) {
                holidays.insert(holiday.day.ordinal)
                names[holiday.day.ordinal] = holiday.name
            }
        }
        self.bankHolidayOrdinals = holidays
        self.bankHolidayNames = names
        var school: Set<Int> = []
        for year in years {
            let closed = Set((year.insetDays + year.otherClosures).map(\.ordinal))
            for term in year.terms {
                for ordinal in term.start.ordinal...max(term.start.ordinal, term.end.ordinal) {
                    let day = Day(ordinal: ordinal)
                    if day.isWeekend || holidays.contains(ordinal) || closed.contains(ordinal) { continue }
                    if let half = term.halfTerm, half.contains(day) { continue }
                    school.insert(ordinal)
                }
            }
        }
        self.schoolDayOrdinals = school
        self.coveredYears = Set(years.map(\.year.startYear))
    }

    // MARK: - Questions about one day

    public func isBankHoliday(_ day: Day) -> Bool { self.bankHolidayOrdinals.contains(day.ordinal) }

    /// The bank holiday's name, if `day` is one.
    public func bankHolidayName(_ day: Day) -> String? { self.bankHolidayNames[day.ordinal] }

    public func isWorkingDay(_ day: Day) -> Bool { !day.isWeekend && !self.isBankHoliday(day) }

    /// Whether pupils attend on `day`. Throws when the policy has no term dates for that academic year.
    public func isSchoolDay(_ day: Day) throws(CalendarError) -> Bool {
        let year = AcademicYear(containing: day)
        guard self.coveredYears.contains(year.startYear) else { throw .noTermDates(day, year) }
        return self.schoolDayOrdinals.contains(day.ordinal)
    }

    public func isINSETDay(_ day: Day) -> Bool {
        self.years.contains { $0.insetDays.contains(day) }
    }

    /// Whether `day` counts for `kind`.
    public func counts(_ day: Day, as kind: DayKind) throws(CalendarError) -> Bool {
        switch kind {
        case .school: try self.isSchoolDay(day)
        case .working: self.isWorkingDay(day)
        case .calendar: true
        }
    }

    // MARK: - Arithmetic

    /// The day `n` counted days after `day` (`day` itself is not counted). With `n == 0`, `day` itself if it
    /// counts, otherwise the next day that does.
    public func add(_ n: Int, _ kind: DayKind, to day: Day) throws(CalendarError) -> Day {
        guard n >= 0 else { throw .negativeCount(n) }
        if n == 0 { return try self.next(kind, onOrAfter: day) }
        var current = day
        var remaining = n
        while remaining > 0 {
            current = current.adding(days: 1)
            if try self.counts(current, as: kind) { remaining -= 1 }
        }
        return current
    }

    /// The `n`th counted day of a run that starts on `day` (which is day 1 if it counts).
    ///
    /// "Refer no later than the 10th day of absence" (John Moore 4.1 IX) is `nth(10, .school, from: firstDay)`.
    public func nth(_ n: Int, _ kind: DayKind, from day: Day) throws(CalendarError) -> Day {
        guard n >= 1 else { throw .negativeCount(n) }
        let first = try self.next(kind, onOrAfter: day)
        return try self.add(n - 1, kind, to: first)
    }

    /// The first counted day on or after `day`.
    public func next(_ kind: DayKind, onOrAfter day: Day) throws(CalendarError) -> Day {
        var current = day
        while !(try self.counts(current, as: kind)) { current = current.adding(days: 1) }
        return current
    }

    /// How many counted days lie in `first...last` (zero when `last < first`).
    public func count(_ kind: DayKind, from first: Day, through last: Day) throws(CalendarError) -> Int {
        guard first <= last else { return 0 }
        var total = 0
        for ordinal in first.ordinal...last.ordinal where try self.counts(Day(ordinal: ordinal), as: kind) {
            total += 1
        }
        return total
    }

    /// Adds `hours` counting only hours that fall on counted days.
    ///
    /// Suffolk 10.1's "72 working hours" and innov8 11.2's "72 working hours/three school days" treat a day as 24
    /// hours: 72 hours from Friday 14:00 over working days ends on Wednesday 14:00.
    public func add(hours: Int, _ kind: DayKind, to start: LocalDateTime) throws(CalendarError) -> LocalDateTime {
        guard hours >= 0 else { throw .negativeCount(hours) }
        var remaining = hours * 60
        var day = start.day
        var minute = start.minute
        while true {
            if try self.counts(day, as: kind) {
                let left = 1440 - minute
                if remaining <= left {
                    return LocalDateTime(day: day, minute: 0).adding(minutes: minute + remaining)
                }
                remaining -= left
            }
            day = day.adding(days: 1)
            minute = 0
        }
    }

    /// The academic years this calendar has term dates for.
    public var academicYears: [AcademicYear] { self.years.map(\.year) }
}
