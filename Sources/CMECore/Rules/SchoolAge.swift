/// Compulsory school age in England (Education Act 1996 s.8 and the Education (Start of Compulsory School Age)
/// Order 1998), and the national curriculum year group.
public struct SchoolAge: Hashable, Sendable {
    public let dateOfBirth: Day

    public init(dateOfBirth: Day) { self.dateOfBirth = dateOfBirth }

    /// The day the child reaches `years` of age. A 29 February birthday is reached on 1 March in a common year.
    public func birthday(_ years: Int) -> Day {
        let year = self.dateOfBirth.year + years
        if self.dateOfBirth.month == 2, self.dateOfBirth.day == 29, !Day.isLeapYear(year) {
            return Day(year: year, month: 3, day: 1)!
        }
        return Day(year: year, month: self.dateOfBirth.month, day: self.dateOfBirth.day)!
    }

    /// Compulsory school age starts on the first prescribed day (31 December, 31 March or 31 August) on or after
    /// the fifth birthday: the birthday itself when it is one of those days.
    public var starts: Day {
        let fifth = self.birthday(5)
        let candidates = [
            Day(year: fifth.year, month: 3, day: 31)!,
            Day(year: fifth.year, month: 8, day: 31)!,
            Day(year: fifth.year, month: 12, day: 31)!,
        ]
        return candidates.first { $0 >= fifth }!
    }

    /// The school leaving date: the last Friday in June of the school year (1 September to 31 August) in which the
    /// child turns 16. Compulsory school age ends on this day.
    public var schoolLeavingDate: Day {
        let sixteenth = self.birthday(16)
        let june = AcademicYear(containing: sixteenth).startYear + 1
        let last = Day(year: june, month: 6, day: 30)!
        // ISO weekday 5 is Friday.
        return last.adding(days: -((last.weekday - 5 + 7) % 7))
    }

    /// Whether the child is of compulsory school age on `day` (from the start day through the leaving date).
    public func isCompulsorySchoolAge(on day: Day) -> Bool {
        day >= self.starts && day <= self.schoolLeavingDate
    }

    /// The national curriculum year group on `day`: -1 nursery (age 3-4), 0 reception, 1...13.
    ///
    /// Children born 1 September to 31 August form one cohort; the cohort born in the academic year starting
    /// September `Y` enters reception in September `Y + 5`.
    public func ncYear(on day: Day) -> Int {
        let cohort = AcademicYear(containing: self.dateOfBirth).startYear
        return AcademicYear(containing: day).startYear - cohort - 5
    }

    /// A year group as schools write it: `N` nursery, `R` reception, `1`...`13`; `nil` outside them.
    public static func ncYearLabel(_ year: Int) -> String? {
        switch year {
        case -1: "N"
        case 0: "R"
        case 1...13: String(year)
        default: nil
        }
    }

    /// Age in whole years on `day`.
    public func age(on day: Day) -> Int {
        var years = day.year - self.dateOfBirth.year
        if day < self.birthday(years) { years -= 1 }
        return years
    }
}
