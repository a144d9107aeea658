/// An instant in the local authority's local time (England): a day and the minute of that day.
///
/// Converting from the wall clock (and from UTC) happens at the edge, never in the core.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let day: Day
    /// Minutes since midnight, 0...1439.
    public let minute: Int

    public init(day: Day, minute: Int = 0) {
        precondition((0..<1440).contains(minute), "minute of day out of range")
        self.day = day
        self.minute = minute
    }

    public init(day: Day, hour: Int, minute: Int) {
        self.init(day: day, minute: hour * 60 + minute)
    }

    /// Minutes since 1970-01-01 00:00 local.
    public var minutesSinceEpoch: Int { self.day.ordinal * 1440 + self.minute }

    public init(minutesSinceEpoch value: Int) {
        let dayOrdinal = value >= 0 ? value / 1440 : (value - 1439) / 1440
        self.init(day: Day(ordinal: dayOrdinal), minute: value - dayOrdinal * 1440)
    }

    public func adding(minutes: Int) -> LocalDateTime {
        LocalDateTime(minutesSinceEpoch: self.minutesSinceEpoch + minutes)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.minutesSinceEpoch < rhs.minutesSinceEpoch
    }

    /// `YYYY-MM-DDTHH:MM`.
    public var description: String {
        let h = self.minute / 60
        let m = self.minute % 60
        return "\(self.day)T\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD HH:MM` (seconds, if given, are ignored).
    public init(iso text: String) throws(DateError) {
        let separator = text.firstIndex(where: { $0 == "T" || $0 == " " })
        guard let separator else {
            self.init(day: try Day(iso: text))
            return
        }
        let day = try Day(iso: String(text[..<separator]))
        let clock = text[text.index(after: separator)...].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock[0].count == 2, clock[1].count == 2,
            let h = Int(clock[0]), let m = Int(clock[1]), (0..<24).contains(h), (0..<60).contains(m)
        else {
            throw DateError.malformed(text)
        }
        self.init(day: day, hour: h, minute: m)
    }
}

extension LocalDateTime: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try LocalDateTime(iso: text)
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
