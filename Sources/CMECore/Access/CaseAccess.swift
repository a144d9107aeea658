import Foundation

/// How a reader stands to a case, from which the whole disclosure follows (DESIGN.md "Data protection"): the LA's
/// officers and managers read every case, an EWO the cases assigned to them or their team, and a referrer never the
/// case, only what it sent (`ReferralProgress`). A child's record under restriction of processing (UK GDPR Art. 18)
/// is read by officers and managers only.
public struct CaseAccess: Sendable, Equatable {
    /// The reader.
    public var role: Role
    public var userID: UUID?
    public var team: String?
    public var organisationID: UUID?

    public init(role: Role, userID: UUID?, team: String?, organisationID: UUID? = nil) {
        self.role = role
        self.userID = userID
        self.team = team
        self.organisationID = organisationID
    }

    /// Whether the reader may read a case assigned to `assignee` (of `assigneeTeam`).
    public func mayRead(assignee: UUID?, assigneeTeam: String?) -> Bool {
        if Role.laWide.contains(self.role) { return true }
        guard self.role == .ewo, let assignee else { return false }
        if assignee == self.userID { return true }
        guard let team = self.team, let assigneeTeam else { return false }
        return team == assigneeTeam
    }

    /// Whether the reader may read a child's record under restriction of processing (UK GDPR Art. 18): officers and
    /// managers only, each time giving a reason that goes into the audit trail.
    public var mayReadRestrictedRecord: Bool { Role.laWide.contains(self.role) }

    /// Whether the reader may restrict a child's record, or lift the restriction.
    public var mayRestrictProcessing: Bool { Role.laWide.contains(self.role) }

    /// Whether the reader may read a referral (as sent, and its progress) sent by `organisation`: its own
    /// organisation's referrals for a referrer, any for the LA's officers and managers.
    public func mayReadReferral(from organisation: UUID?) -> Bool {
        if Role.laWide.contains(self.role) { return true }
        guard Role.organisationReferrers.contains(self.role), let mine = self.organisationID else { return false }
        return organisation == mine
    }

    /// The duties the policy puts on the reader: clocks its role owns (for school staff, any school role's).
    public func duties(in policy: Policy) -> [ClockRule] {
        policy.clocks.filter { rule in
            rule.owner == self.role || (Role.schoolStaff.contains(self.role) && Role.schoolStaff.contains(rule.owner))
        }
    }

    /// Whether the reader may search the LA's children: officers and managers search the LA, EWOs only the children
    /// of cases they may open (the service narrows the search); nobody else searches.
    public var maySearchChildren: Bool { Role.caseworkers.contains(self.role) }

    /// Whether the reader may find a child by name to read that child's audit trail: the auditor, who reads every
    /// child's trail but no case (issue 18: the auditor could not find a child's trail by name at all).
    public var mayFindChildTrail: Bool { self.role == .auditor }

    /// Whether the reader may see the possible-duplicates queue, decide whether two records are one child, merge two
    /// records and undo a merge (issue 18): the LA's officers and managers, who read every child's record.
    public var mayReviewDuplicates: Bool { Role.laWide.contains(self.role) }

    /// Whether an EWO's search is narrowed to their own and their team's cases.
    public var searchIsNarrowed: Bool { self.role == .ewo }
}
