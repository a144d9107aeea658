/// How long the LA keeps what CME Tracker holds (UK GDPR Art. 5(1)(e): no longer than necessary), from the policy
/// file's `retention` section (issue 16). `cme retention run` and the sweep dispose of what is due.
public struct RetentionRules: Hashable, Sendable {
    /// A child whose cases are all closed is kept until this many years after their school leaving date. The
    /// default, 9, keeps a record until about the child's 25th birthday.
    public var childYearsAfterLeaving: Int
    /// Roll, attendance, return and transfer rows are kept this many months after the day they are about.
    public var feedRowsMonths: Int
    /// Where the LA's retention schedule says so, quoted in every disposal's audit row.
    public var section: String

    public static let `default` = RetentionRules(
        childYearsAfterLeaving: 9,
        feedRowsMonths: 24,
        section: "the LA's retention schedule"
    )

    public init(childYearsAfterLeaving: Int, feedRowsMonths: Int, section: String) {
        self.childYearsAfterLeaving = childYearsAfterLeaving
        self.feedRowsMonths = feedRowsMonths
        self.section = section
    }

    /// The first day a child's record may be disposed of: the years after their school leaving date.
    public func childDue(dateOfBirth: Day) -> Day {
        SchoolAge(dateOfBirth: dateOfBirth).schoolLeavingDate.adding(months: 12 * self.childYearsAfterLeaving)
    }

    /// Whether a child's record is due for disposal on `today`: past its day, and no case of theirs open.
    public func childIsDue(dateOfBirth: Day, hasOpenCase: Bool, on today: Day) -> Bool {
        !hasOpenCase && today >= self.childDue(dateOfBirth: dateOfBirth)
    }

    /// Feed rows about a day before this are due for disposal on `today`.
    public func feedCutoff(on today: Day) -> Day { today.adding(months: -self.feedRowsMonths) }

    /// The rule in words, for the audit row of a disposal.
    public var childRule: String {
        "kept \(self.childYearsAfterLeaving) years after the school leaving date (\(self.section))"
    }

    public var feedRule: String { "kept \(self.feedRowsMonths) months (\(self.section))" }
}

extension RetentionRules: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case childYearsAfterLeaving, feedRowsMonths, section
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let years = try c.decode(Int.self, forKey: .childYearsAfterLeaving)
        guard (0...100).contains(years) else { throw c.invalid(.childYearsAfterLeaving, "\(years) must be 0 to 100") }
        let months = try c.decode(Int.self, forKey: .feedRowsMonths)
        guard (1...1200).contains(months) else { throw c.invalid(.feedRowsMonths, "\(months) must be 1 to 1200") }
        self.init(childYearsAfterLeaving: years, feedRowsMonths: months, section: try c.decodeText(forKey: .section))
    }
}
