/// An organisation's own recurring duties under its policy (issue 17): Suffolk 11.7's weekly reading of other
/// LAs' s2s messages, innov8 5.3's weekly attendance report. They are the policy's organisation-scope recurring
/// clocks, owned by a role the organisation's people hold; each runs from the day the organisation's duties
/// started, and again from each time it is done.
extension Policy {
    /// The recurring duties of an organisation whose people hold `roles`.
    public func organisationDuties(for roles: Set<Role>) -> [ClockRule] {
        self.clocks.filter { $0.scope == .organisation && $0.recurring && roles.contains($0.owner) }
    }

    /// Where each duty stands at `now`: `events` are the organisation's (the kinds that meet its duties), `since`
    /// when its duties started.
    public func organisationDutyStatuses(
        for roles: Set<Role>,
        events: [CaseEvent],
        since: LocalDateTime,
        at now: LocalDateTime
    ) throws(CalendarError) -> [ClockStatus] {
        let rules = self.organisationDuties(for: roles)
        guard !rules.isEmpty else { return [] }
        let starts = Set(rules.map(\.startsOn)).sorted { $0.rawValue < $1.rawValue }.map { CaseEvent($0, at: since) }
        return try Clocks(rules: rules, calendar: self.calendar)
            .evaluate(events: starts + events.filter { $0.at >= since }, scope: .organisation, at: now)
    }

    /// Whether `role` may record any duty done (the owner of one, or the owner's manager).
    public func mayRecordAnyDuty(role: Role) -> Bool {
        self.clocks.contains { $0.scope == .organisation && $0.recurring }
            && CaseEventKind.allCases.contains { self.mayRecordDuty($0, role: role) }
    }

    /// Whether `role` may record `kind` as done for their organisation: the owner of a duty it meets, or the
    /// owner's manager.
    public func mayRecordDuty(_ kind: CaseEventKind, role: Role) -> Bool {
        self.clocks.contains { rule in
            rule.scope == .organisation && rule.recurring && rule.stoppedBy.contains(kind)
                && (rule.owner == role || rule.owner.manager == role)
        }
    }
}
