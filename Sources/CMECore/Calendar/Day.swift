/// A calendar date in the local authority's own calendar (England), with no time and no time zone.
///
/// The core never reads the wall clock: callers pass days and instants in.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day, or `nil` when the parts do not name a real date (30 February, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysInMonth(year: year, month: month) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates a day from its ordinal (days since 1970-01-01, negative before).
    public init(ordinal: Int) {
        // Civil-from-days (proleptic Gregorian), valid for all Int ranges used here.
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01.
    public var ordinal: Int {
        let y = self.month <= 2 ? self.year - 1 : self.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (self.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + self.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 Monday ... 7 Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let w = (self.ordinal + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }

    public var isWeekend: Bool { self.weekday >= 6 }

    public func adding(days: Int) -> Day { Day(ordinal: self.ordinal + days) }

    /// The same day `months` later, clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb).
    public func adding(months: Int) -> Day {
        let index = self.year * 12 + (self.month - 1) + months
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        let m = index - y * 12 + 1
        let d = min(self.day, Day.daysInMonth(year: y, month: m))
        return Day(year: y, month: m, day: d)!
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: Day) -> Int { other.ordinal - self.ordinal }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let y = String(self.year)
        let yy = String(repeating: "0", count: max(0, 4 - y.count)) + y
        return "\(yy)-\(self.month < 10 ? "0" : "")\(self.month)-\(self.day < 10 ? "0" : "")\(self.day)"
    }

    /// Parses `YYYY-MM-DD` strictly: four-digit year, two-digit month and day, and a real date.
    /// Works on the UTF-8 bytes: imports read hundreds of thousands of dates.
    public init(iso text: String) throws(DateError) {
        var digits = (0, 0, 0)
        var count = 0
        for (index, byte) in text.utf8.enumerated() {
            count += 1
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { throw DateError.malformed(text) }
                continue
            }
            guard index < 10, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw DateError.malformed(text)
            }
            let value = Int(byte - UInt8(ascii: "0"))
            switch index {
            case 0..<4: digits.0 = digits.0 * 10 + value
            case 5..<7: digits.1 = digits.1 * 10 + value
            default: digits.2 = digits.2 * 10 + value
            }
        }
        guard count == 10 else { throw DateError.malformed(text) }
        let (y, m, d) = digits
        guard let day = Day(year: y, month: m, day: d) else {
            throw DateError.notARealDate(text)
        }
        self = day
    }
}

/// Why a date could not be read.
public enum DateError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case notARealDate(String)

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not a date in the form YYYY-MM-DD"
        case .notARealDate(let text): "'\(text)' is not a real calendar date"
        }
    }
}

extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Day(iso: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description)
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}

extension Day {
    /// The same date with day and month exchanged (the commonest slip in a date of birth, and American order), when
    /// that is another real date: 3 April for 4 March; nil for 4 April or 25 March.
    public var dayMonthSwapped: Day? {
        guard self.day <= 12, self.day != self.month else { return nil }
        return Day(year: self.year, month: self.day, day: self.month)
    }
}
