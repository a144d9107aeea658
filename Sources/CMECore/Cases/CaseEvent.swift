/// One thing that happened, at a time, with the details the procedure records for it.
public struct CaseEvent: Hashable, Sendable, Codable {
    public var kind: CaseEventKind
    public var at: LocalDateTime
    /// Referral reason code (`reason_and_source_recorded`).
    public var reason: String?
    /// Referral source code (`reason_and_source_recorded`).
    public var source: String?
    /// Outcome code (`destination_confirmed`, `closed`).
    public var outcome: String?
    /// Where the child is now: school, LA or country (`destination_confirmed`).
    public var destination: String?
    /// Who the case is assigned to (`ewo_assigned`).
    public var assignee: String?
    /// Free text: a note, an enquiry's outcome, an escalation's reference.
    public var note: String?
    /// Escalations: to whom (an `EscalationTarget` raw value).
    public var target: String?

    public init(
        _ kind: CaseEventKind,
        at: LocalDateTime,
        reason: String? = nil,
        source: String? = nil,
        outcome: String? = nil,
        destination: String? = nil,
        assignee: String? = nil,
        note: String? = nil
    ) {
        self.kind = kind
        self.at = at
        self.reason = reason
        self.source = source
        self.outcome = outcome
        self.destination = destination
        self.assignee = assignee
        self.note = note
    }
}

/// The state of a case after a run of events.
public struct CaseSnapshot: Hashable, Sendable, Codable {
    public var state: CaseState
    /// 1 for the first episode; a child who goes missing again starts episode 2, and so on.
    public var episode: Int
    public var openedAt: LocalDateTime
    /// When the current episode opened.
    public var episodeOpenedAt: LocalDateTime
    public var reason: String?
    public var source: String?
    public var assignee: String?
    public var outcome: String?
    public var destination: String?
    public var postedToS2SAt: LocalDateTime?
    public var locatedAt: LocalDateTime?
    public var destinationConfirmedAt: LocalDateTime?
    public var closedAt: LocalDateTime?
    public var lastEventAt: LocalDateTime

    public init(
        state: CaseState,
        episode: Int,
        openedAt: LocalDateTime,
        episodeOpenedAt: LocalDateTime,
        reason: String? = nil,
        source: String? = nil,
        assignee: String? = nil,
        outcome: String? = nil,
        destination: String? = nil,
        postedToS2SAt: LocalDateTime? = nil,
        locatedAt: LocalDateTime? = nil,
        destinationConfirmedAt: LocalDateTime? = nil,
        closedAt: LocalDateTime? = nil,
        lastEventAt: LocalDateTime
    ) {
        self.state = state
        self.episode = episode
        self.openedAt = openedAt
        self.episodeOpenedAt = episodeOpenedAt
        self.reason = reason
        self.source = source
        self.assignee = assignee
        self.outcome = outcome
        self.destination = destination
        self.postedToS2SAt = postedToS2SAt
        self.locatedAt = locatedAt
        self.destinationConfirmedAt = destinationConfirmedAt
        self.closedAt = closedAt
        self.lastEventAt = lastEventAt
    }
}

/// Why an event cannot be applied to a case.
public enum CaseError: Error, Equatable, Sendable, CustomStringConvertible {
    case illegalTransition(state: CaseState, event: CaseEventKind)
    case mustStartWithReferral(CaseEventKind)
    case missingDetail(event: CaseEventKind, field: String)
    case code(CodeError)
    case closeNeedsFollowUps(state: CaseState, outcome: String)
    case outOfOrder(event: CaseEventKind, at: LocalDateTime, previous: LocalDateTime)

    public var description: String {
        switch self {
        case .illegalTransition(let state, let event):
            "cannot record '\(event.rawValue)' on a case that is \(state.label) (state '\(state.rawValue)')"
        case .mustStartWithReferral(let event):
            "a case starts with 'referral_received', not '\(event.rawValue)'"
        case .missingDetail(let event, let field):
            "'\(event.rawValue)' needs \(field)"
        case .code(let error):
            error.description
        case .closeNeedsFollowUps(let state, let outcome):
            "cannot close a case that is \(state.label) with outcome '\(outcome)': the 6- and 18-week follow-ups "
                + "come first (Suffolk 12.1), or the child must have left compulsory school age (NCA) or died (DEC)"
        case .outOfOrder(let event, let at, let previous):
            "'\(event.rawValue)' at \(at) is earlier than the case's last event at \(previous)"
        }
    }
}
