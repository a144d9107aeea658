import CMECore
import Foundation

/// Converts between stored instants (UTC `Date`) and the LA's local time, in which the core's rules are written.
public struct LocalTime: Sendable {
    public let timeZone: TimeZone
    /// Made once: building a Foundation calendar per conversion is slow on Linux.
    private let calendar: Calendar

    public static let england = LocalTime(timeZone: TimeZone(identifier: "Europe/London") ?? .gmt)

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public func local(_ date: Date) -> LocalDateTime {
        let parts = self.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = Day(year: parts.year!, month: parts.month!, day: parts.day!)!
        return LocalDateTime(day: day, hour: parts.hour!, minute: parts.minute!)
    }

    public func date(_ local: LocalDateTime) -> Date {
        var parts = DateComponents()
        parts.year = local.day.year
        parts.month = local.day.month
        parts.day = local.day.day
        parts.hour = local.minute / 60
        parts.minute = local.minute % 60
        return self.calendar.date(from: parts)
            ?? Date(timeIntervalSince1970: TimeInterval(local.minutesSinceEpoch * 60))
    }

    public func day(_ date: Date) -> Day { self.local(date).day }
}
