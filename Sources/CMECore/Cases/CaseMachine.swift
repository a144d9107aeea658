/// The case state machine of Suffolk Appendix 3, under one policy's codes.
///
/// Referral opened (1) -> reason and source recorded (2) -> EWO assigned (4) -> enquiries (5) -> destination
/// confirmed with outcome, follow-ups at 6 and 18 weeks (Suffolk 12.1), closed; or not found, posted to s2s and
/// kept open until found or the end of compulsory school age (outcome NCA, Suffolk 16.1). A child who goes
/// missing again reopens the case as a new episode.
public struct CaseMachine: Sendable {
    public let codes: CodeSet
    /// Outcomes that close a case without follow-ups: the child has died or left compulsory school age.
    public let outcomesClosingWithoutFollowUp: Set<String>

    public init(codes: CodeSet = .suffolkAppendix4, outcomesClosingWithoutFollowUp: Set<String> = ["DEC", "NCA"]) {
        self.codes = codes
        self.outcomesClosingWithoutFollowUp = outcomesClosingWithoutFollowUp
    }

    /// Opens a case from its referral.
    public func start(_ event: CaseEvent) throws(CaseError) -> CaseSnapshot {
        guard event.kind == .referralReceived else { throw .mustStartWithReferral(event.kind) }
        var snapshot = CaseSnapshot(
            state: .opened,
            episode: 1,
            openedAt: event.at,
            episodeOpenedAt: event.at,
            lastEventAt: event.at
        )
        if let reason = event.reason { snapshot.reason = try self.check(reason, .reason) }
        if let source = event.source { snapshot.source = try self.check(source, .source) }
        return snapshot
    }

    /// Replays a case's whole history.
    public func replay(_ events: [CaseEvent]) throws(CaseError) -> CaseSnapshot {
        guard let first = events.first else { throw .mustStartWithReferral(.closed) }
        var snapshot = try self.start(first)
        for event in events.dropFirst() { snapshot = try self.apply(event, to: snapshot) }
        return snapshot
    }

    /// The case after `event`, or an error naming the state and the event.
    public func apply(_ event: CaseEvent, to current: CaseSnapshot) throws(CaseError) -> CaseSnapshot {
        guard event.at >= current.lastEventAt else {
            throw .outOfOrder(event: event.kind, at: event.at, previous: current.lastEventAt)
        }
        var next = current
        next.lastEventAt = event.at
        let state = current.state
        let illegal = CaseError.illegalTransition(state: state, event: event.kind)

        switch event.kind {
        case .noteAdded:
            break  // a note can be added at any time, closed cases included
        case .escalated, .recommendationDeclined, .managerReview, .childProtectionReview, .firstDayOfUnexplainedAbsence,
            .laNotifiedOfAbsence, .pupilRemovedFromRoll:
            guard state.isOpen else { throw illegal }
        case .referralReceived:
            // A further referral about the same child attaches to the open case (Suffolk 9.5).
            guard state.isOpen else { throw illegal }
        case .reasonAndSourceRecorded:
            guard [.opened, .reasonRecorded, .assigned, .underEnquiry].contains(state) else { throw illegal }
            guard let reason = event.reason else { throw .missingDetail(event: event.kind, field: "a reason code") }
            guard let source = event.source else { throw .missingDetail(event: event.kind, field: "a source code") }
            next.reason = try self.check(reason, .reason)
            next.source = try self.check(source, .source)
            if state == .opened { next.state = .reasonRecorded }
        case .ewoAssigned:
            guard [.reasonRecorded, .assigned, .underEnquiry, .postedToS2S].contains(state) else { throw illegal }
            guard let assignee = event.assignee else {
                throw .missingDetail(event: event.kind, field: "an assignee")
            }
            next.assignee = assignee
            if state == .reasonRecorded { next.state = .assigned }
        case .ewoResponded, .enquiryRecorded, .homeVisitRecorded:
            guard [.assigned, .underEnquiry, .postedToS2S].contains(state) else { throw illegal }
            if state == .assigned { next.state = .underEnquiry }
        case .postedToS2S:
            guard [.underEnquiry, .postedToS2S].contains(state) else { throw illegal }
            next.state = .postedToS2S
            next.postedToS2SAt = next.postedToS2SAt ?? event.at
        case .childLocated:
            guard [.assigned, .underEnquiry, .postedToS2S].contains(state) else { throw illegal }
            next.state = .underEnquiry
            next.locatedAt = event.at
        case .destinationConfirmed:
            guard [.reasonRecorded, .assigned, .underEnquiry, .postedToS2S].contains(state) else { throw illegal }
            guard let outcome = event.outcome else {
                throw .missingDetail(event: event.kind, field: "an outcome code")
            }
            next.outcome = try self.check(outcome, .outcome)
            next.destination = event.destination
            next.state = .destinationConfirmed
            next.destinationConfirmedAt = event.at
            next.locatedAt = next.locatedAt ?? event.at
        case .followUpSixWeeks:
            guard state == .destinationConfirmed else { throw illegal }
            next.state = .followedUpSixWeeks
        case .followUpEighteenWeeks:
            guard state == .followedUpSixWeeks else { throw illegal }
            next.state = .followedUpEighteenWeeks
        case .closed:
            guard state.isOpen else { throw illegal }
            let outcome = try event.outcome.map { code throws(CaseError) in try self.check(code, .outcome) }
            switch state {
            case .opened, .reasonRecorded:
                // Not CME or information only: closed at triage; the note says why.
                guard outcome != nil || event.note != nil else {
                    throw .missingDetail(event: event.kind, field: "an outcome code or a note saying why")
                }
            case .followedUpEighteenWeeks:
                break
            case .assigned, .underEnquiry, .postedToS2S, .destinationConfirmed, .followedUpSixWeeks:
                guard let outcome else { throw .missingDetail(event: event.kind, field: "an outcome code") }
                guard self.outcomesClosingWithoutFollowUp.contains(outcome) else {
                    throw .closeNeedsFollowUps(state: state, outcome: outcome)
                }
            case .closed:
                throw illegal
            }
            if let outcome { next.outcome = outcome }
            next.state = .closed
            next.closedAt = event.at
        case .reopened:
            guard [.closed, .destinationConfirmed, .followedUpSixWeeks, .followedUpEighteenWeeks].contains(state)
            else { throw illegal }
            next = CaseSnapshot(
                state: .opened,
                episode: current.episode + 1,
                openedAt: current.openedAt,
                episodeOpenedAt: event.at,
                lastEventAt: event.at
            )
        case .pupilAdmittedToRoll, .returnSubmitted, .apSessionStartedPupilAbsent, .apAbsenceReported,
            .s2sMessagesChecked:
            throw illegal  // organisation events, not case events
        }
        return next
    }

    /// Which case actions may be recorded next (for the actions a case page offers).
    public func allowedEvents(in snapshot: CaseSnapshot) -> [CaseEventKind] {
        CaseEventKind.allCases.filter(\.isCaseAction).filter { kind in
            var probe = CaseEvent(kind, at: snapshot.lastEventAt)
            probe.reason = self.codes.reasons.first?.code
            probe.source = self.codes.sources.first?.code
            probe.outcome =
                kind == .closed ? self.outcomesClosingWithoutFollowUp.sorted().first : self.codes.outcomes.first?.code
            probe.assignee = "probe"
            probe.note = "probe"
            return (try? self.apply(probe, to: snapshot)) != nil
        }
    }

    private func check(_ code: String, _ list: CodeList) throws(CaseError) -> String {
        do {
            return try self.codes.validate(code, in: list).code
        } catch {
            throw .code(error)
        }
    }
}
