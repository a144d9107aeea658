/// Whether a clock is a deadline (something must happen by then) or an earliest date (something must not
/// happen before then, such as removal from roll).
public enum ClockKind: String, Sendable, Codable, CaseIterable {
    case deadline
    case earliest
}

/// What a clock is kept for: one case, or the organisation as a whole (weekly s2s check, returns).
public enum ClockScope: String, Sendable, Codable, CaseIterable {
    case `case`
    case organisation
}

/// A named clock of the local policy.
public struct ClockRule: Hashable, Sendable {
    public var id: String
    public var title: String
    /// Quoted seed section, e.g. "Suffolk 10.1".
    public var section: String
    public var kind: ClockKind
    public var scope: ClockScope
    /// The event that starts the clock.
    public var startsOn: CaseEventKind
    /// Events that meet (stop) the clock.
    public var stoppedBy: [CaseEventKind]
    /// Events after which the clock no longer applies (the case was closed, the child found).
    public var cancelledBy: [CaseEventKind]
    public var length: ClockLength
    /// A recurring clock restarts at each stopping event (monthly reviews, weekly checks).
    public var recurring: Bool
    /// The clock applies only when all of these facts hold (e.g. child_protection_plan).
    public var appliesWhen: [TriageFact]
    public var owner: Role
    /// What the policy says happens when it runs out.
    public var whenOverdue: String

    public init(
        id: String,
        title: String,
        section: String,
        kind: ClockKind = .deadline,
        scope: ClockScope = .case,
        startsOn: CaseEventKind,
        stoppedBy: [CaseEventKind],
        cancelledBy: [CaseEventKind] = [],
        length: ClockLength,
        recurring: Bool = false,
        appliesWhen: [TriageFact] = [],
        owner: Role,
        whenOverdue: String
    ) {
        self.id = id
        self.title = title
        self.section = section
        self.kind = kind
        self.scope = scope
        self.startsOn = startsOn
        self.stoppedBy = stoppedBy
        self.cancelledBy = cancelledBy
        self.length = length
        self.recurring = recurring
        self.appliesWhen = appliesWhen
        self.owner = owner
        self.whenOverdue = whenOverdue
    }
}

/// Where one clock stands at an instant.
public enum ClockState: String, Sendable, Codable, CaseIterable {
    /// Running, not yet due.
    case running
    /// Past due with nothing done.
    case overdue
    /// Done on time.
    case met
    /// Done, but after it was due.
    case metLate = "met_late"
    /// No longer applies.
    case cancelled
    /// An earliest-date clock whose date has not come yet.
    case waiting
    /// An earliest-date clock whose date has come.
    case reached
}

/// One clock's computed status.
public struct ClockStatus: Hashable, Sendable {
    public var rule: ClockRule
    public var startedAt: LocalDateTime
    public var due: ClockDue
    public var state: ClockState
    /// When it was met or cancelled.
    public var settledAt: LocalDateTime?
    /// The event that settled it: the one that did what the clock asks (met), or the one that made it moot (no
    /// longer needed), as the policy file's `stoppedBy` and `cancelledBy` say (issue 17).
    public var settledBy: CaseEventKind?

    /// The people who see it when it is overdue: the owner and the owner's manager.
    public var visibleTo: [Role] { [self.rule.owner] + (self.rule.owner.manager.map { [$0] } ?? []) }
}
