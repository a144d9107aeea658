/// England and Wales bank holidays, computed from the rules of the Banking and Financial Dealings Act 1971
/// and the royal proclamations that moved or added days.
public enum BankHolidays {
    /// Easter Sunday by the Gregorian computus (the anonymous "Meeus/Jones/Butcher" algorithm).
    public static func easterSunday(year: Int) -> Day {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return Day(year: year, month: month, day: day)!
    }

    /// A named bank holiday.
    public struct Holiday: Hashable, Sendable {
        public let day: Day
        public let name: String

        public init(day: Day, name: String) {
            self.day = day
            self.name = name
        }
    }

    /// Every England and Wales bank holiday in `year`, in date order.
    ///
    /// - Parameter extra: one-off holidays a policy adds (they are merged in, duplicates dropped).
    public static func holidays(year: Int, extra: [Holiday] = []) -> [Holiday] {
        var list: [Holiday] = []
        let newYear = Day(year: year, month: 1, day: 1)!
        list.append(
            Holiday(
                day: substitute(newYear),
                name: newYear.isWeekend ? "New Year's Day (substitute day)" : "New Year's Day"
            )
        )
        let easter = easterSunday(year: year)
        list.append(Holiday(day: easter.adding(days: -2), name: "Good Friday"))
        list.append(Holiday(day: easter.adding(days: 1), name: "Easter Monday"))

        if let moved = movedEarlyMay[year] {
            list.append(Holiday(day: moved, name: "Early May bank holiday"))
        } else {
            list.append(Holiday(day: firstMonday(year: year, month: 5), name: "Early May bank holiday"))
        }
        if let moved = movedSpring[year] {
            list.append(Holiday(day: moved, name: "Spring bank holiday"))
        } else {
            list.append(Holiday(day: lastMonday(year: year, month: 5), name: "Spring bank holiday"))
        }
        list.append(Holiday(day: lastMonday(year: year, month: 8), name: "Summer bank holiday"))

        // Christmas Day and Boxing Day: a weekend day moves to the next free weekday.
        let christmas = Day(year: year, month: 12, day: 25)!
        let boxing = Day(year: year, month: 12, day: 26)!
        switch christmas.weekday {
        case 5:  // Friday: Boxing Day falls on Saturday, substitute Monday 28th.
            list.append(Holiday(day: christmas, name: "Christmas Day"))
            list.append(Holiday(day: boxing.adding(days: 2), name: "Boxing Day (substitute day)"))
        case 6:  // Saturday: Christmas substitute Monday 27th, Boxing Day substitute Tuesday 28th.
            list.append(Holiday(day: christmas.adding(days: 2), name: "Christmas Day (substitute day)"))
            list.append(Holiday(day: boxing.adding(days: 2), name: "Boxing Day (substitute day)"))
        case 7:  // Sunday: Boxing Day on Monday 26th, Christmas substitute Tuesday 27th.
            list.append(Holiday(day: boxing, name: "Boxing Day"))
            list.append(Holiday(day: christmas.adding(days: 2), name: "Christmas Day (substitute day)"))
        default:
            list.append(Holiday(day: christmas, name: "Christmas Day"))
            list.append(Holiday(day: boxing, name: "Boxing Day"))
        }

        for holiday in oneOff where holiday.day.year == year { list.append(holiday) }
        for holiday in extra where holiday.day.year == year && !list.contains(where: { $0.day == holiday.day }) {
            list.append(holiday)
        }
        return list.sorted { $0.day < $1.day }
    }

    // The early May holiday was moved to VE Day anniversaries; the spring holiday to royal jubilees.
    private static let movedEarlyMay: [Int: Day] = [
        1995: Day(year: 1995, month: 5, day: 8)!,
        2020: Day(year: 2020, month: 5, day: 8)!,
    ]
    private static let movedSpring: [Int: Day] = [
        2002: Day(year: 2002, month: 6, day: 4)!,
        2012: Day(year: 2012, month: 6, day: 4)!,
        2022: Day(year: 2022, month: 6, day: 2)!,
    ]
    /// Additional one-off bank holidays proclaimed for England and Wales.
    public static let oneOff: [Holiday] = [
        Holiday(day: Day(year: 1999, month: 12, day: 31)!, name: "Millennium Eve"),
        Holiday(day: Day(year: 2002, month: 6, day: 3)!, name: "Golden Jubilee"),
        Holiday(day: Day(year: 2011, month: 4, day: 29)!, name: "Royal wedding"),
        Holiday(day: Day(year: 2012, month: 6, day: 5)!, name: "Diamond Jubilee"),
        Holiday(day: Day(year: 2022, month: 6, day: 3)!, name: "Platinum Jubilee"),
        Holiday(day: Day(year: 2022, month: 9, day: 19)!, name: "State funeral of Queen Elizabeth II"),
        Holiday(day: Day(year: 2023, month: 5, day: 8)!, name: "Coronation of King Charles III"),
    ]

    private static func substitute(_ day: Day) -> Day {
        switch day.weekday {
        case 6: day.adding(days: 2)
        case 7: day.adding(days: 1)
        default: day
        }
    }

    private static func firstMonday(year: Int, month: Int) -> Day {
        let first = Day(year: year, month: month, day: 1)!
        return first.adding(days: (8 - first.weekday) % 7)
    }

    private static func lastMonday(year: Int, month: Int) -> Day {
        let last = Day(year: year, month: month, day: Day.daysInMonth(year: year, month: month))!
        return last.adding(days: -((last.weekday - 1) % 7))
    }
}
