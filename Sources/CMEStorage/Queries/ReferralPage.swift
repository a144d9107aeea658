import Foundation

/// One page of an organisation's own referrals, newest first.
public struct ReferralPage: Sendable {
    public static let defaultPerPage = 50
    public static let maxPerPage = 200

    public var items: [ReferralStatusData]
    /// How many referrals the organisation has sent in all.
    public var total: Int
    public var page: Int
    public var per: Int

    public var pages: Int { max(1, (self.total + self.per - 1) / self.per) }
}
