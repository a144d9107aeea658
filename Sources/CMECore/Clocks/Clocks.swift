/// Computes every clock of a case (or organisation) from its events at a given instant.
public struct Clocks: Sendable {
    public let rules: [ClockRule]
    public let calendar: SchoolCalendar

    public init(rules: [ClockRule], calendar: SchoolCalendar) {
        self.rules = rules
        self.calendar = calendar
    }

    /// The status of every rule that has started, in due order.
    ///
    /// - Parameters:
    ///   - events: the history, in time order (a case's current episode, or an organisation's events).
    ///   - facts: what is known about the child, for rules that apply only to some (child protection plan).
    ///   - now: the instant to judge at; passed in, never read from the wall clock.
    public func evaluate(
        events: [CaseEvent],
        facts: Set<TriageFact> = [],
        scope: ClockScope = .case,
        at now: LocalDateTime
    ) throws(CalendarError) -> [ClockStatus] {
        let sorted = events.sorted { $0.at < $1.at }
        var result: [ClockStatus] = []
        for rule in self.rules where rule.scope == scope && rule.appliesWhen.allSatisfy(facts.contains) {
            if let status = try self.status(of: rule, events: sorted, at: now) { result.append(status) }
        }
        return result.sorted { ($0.due, $0.rule.id) < ($1.due, $1.rule.id) }
    }

    /// Only the clocks that are overdue at `now`.
    public func overdue(
        events: [CaseEvent],
        facts: Set<TriageFact> = [],
        scope: ClockScope = .case,
        at now: LocalDateTime
    ) throws(CalendarError) -> [ClockStatus] {
        try self.evaluate(events: events, facts: facts, scope: scope, at: now).filter { $0.state == .overdue }
    }

    func status(of rule: ClockRule, events: [CaseEvent], at now: LocalDateTime) throws(CalendarError) -> ClockStatus? {
        let visible = events.filter { $0.at <= now }
        guard let startIndex = visible.firstIndex(where: { $0.kind == rule.startsOn }) else { return nil }
        let start = visible[startIndex].at
        let later = visible[startIndex...].dropFirst()
        let cancel = later.first { rule.cancelledBy.contains($0.kind) }

        if rule.recurring {
            // Restarts at each stop: due runs from the latest start or stop event before the cancel (if any).
            let live = later.filter { cancel == nil || $0.at < cancel!.at }
            let anchor = live.last { rule.stoppedBy.contains($0.kind) || $0.kind == rule.startsOn }?.at ?? start
            let due = try rule.length.due(from: anchor, on: self.calendar)
            if let cancel {
                return ClockStatus(
                    rule: rule,
                    startedAt: anchor,
                    due: due,
                    state: .cancelled,
                    settledAt: cancel.at,
                    settledBy: cancel.kind
                )
            }
            return ClockStatus(
                rule: rule,
                startedAt: anchor,
                due: due,
                state: now >= due.deadline ? .overdue : .running
            )
        }

        let due = try rule.length.due(from: start, on: self.calendar)
        switch rule.kind {
        case .earliest:
            if let cancel {
                return ClockStatus(
                    rule: rule,
                    startedAt: start,
                    due: due,
                    state: .cancelled,
                    settledAt: cancel.at,
                    settledBy: cancel.kind
                )
            }
            return ClockStatus(rule: rule, startedAt: start, due: due, state: now >= due.deadline ? .reached : .waiting)
        case .deadline:
            let stop = later.first { rule.stoppedBy.contains($0.kind) }
            switch (stop, cancel) {
            case (let stop?, let cancel) where cancel == nil || stop.at <= cancel!.at:
                let state: ClockState = stop.at < due.deadline ? .met : .metLate
                return ClockStatus(
                    rule: rule,
                    startedAt: start,
                    due: due,
                    state: state,
                    settledAt: stop.at,
                    settledBy: stop.kind
                )
            case (_, let cancel?):
                return ClockStatus(
                    rule: rule,
                    startedAt: start,
                    due: due,
                    state: .cancelled,
                    settledAt: cancel.at,
                    settledBy: cancel.kind
                )
            default:
                return ClockStatus(
                    rule: rule,
                    startedAt: start,
                    due: due,
                    state: now >= due.deadline ? .overdue : .running
                )
            }
        }
    }
}
