/// An inclusive range of days.
public struct DayRange: Hashable, Sendable, Encodable {
    public let first: Day
    public let last: Day

    public init(first: Day, last: Day) {
        self.first = first
        self.last = last
    }

    public func contains(_ day: Day) -> Bool { day >= self.first && day <= self.last }
}

/// One term of a school year, with its half-term break.
public struct Term: Hashable, Sendable {
    public var name: String
    /// First day of the term (INSET days included; they are listed separately).
    public var start: Day
    /// Last day of the term.
    public var end: Day
    public var halfTerm: DayRange?

    public init(name: String, start: Day, end: Day, halfTerm: DayRange? = nil) {
        self.name = name
        self.start = start
        self.end = end
        self.halfTerm = halfTerm
    }
}

/// The term dates a local authority publishes for one academic year.
public struct AcademicYearDates: Hashable, Sendable {
    public var year: AcademicYear
    /// True when the dates are examples shipped with CME Tracker for the LA to replace.
    public var exampleDates: Bool
    public var terms: [Term]
    /// Staff training days: school is closed to pupils, staff work.
    public var insetDays: [Day]
    /// Other days the schools are closed (polling days, one-off closures).
    public var otherClosures: [Day]

    public init(
        year: AcademicYear,
        exampleDates: Bool,
        terms: [Term],
        insetDays: [Day] = [],
        otherClosures: [Day] = []
    ) {
        self.year = year
        self.exampleDates = exampleDates
        self.terms = terms
        self.insetDays = insetDays
        self.otherClosures = otherClosures
    }

    /// Checks that every term lies inside the academic year and ends after it starts.
    public func validate() throws(CalendarError) {
        for term in self.terms {
            guard term.start <= term.end else { throw .termEndsBeforeStart(term.name, self.year) }
            guard self.year.contains(term.start), self.year.contains(term.end) else {
                throw .termOutsideAcademicYear(term.name, self.year)
            }
        }
    }
}
