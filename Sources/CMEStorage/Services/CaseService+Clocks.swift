import CMECore
import Fluent
import Foundation

/// What a clock sweep did.
public struct SweepResult: Sendable, Equatable {
    public var casesChecked: Int
    public var newlyOverdue: Int
    public var alertsRaised: Int
    /// Cases whose category time changed (a threshold day or the school leaving date came).
    public var categoriesChanged: Int = 0
}

extension CaseService {
    /// The core events of a case's current episode, with the first day of absence the referral gave.
    func coreEvents(of model: CaseModel, on db: any Database) async throws -> [CaseEvent] {
        self.coreEvents(of: model, rows: try await CaseRows.events(of: model.requireID(), on: db))
    }

    /// The same, from timeline rows already loaded (any episode; only the current one is used). The events of a
    /// case joined into this one (issue 18) count with its current episode: those of the joined case's last.
    func coreEvents(of model: CaseModel, rows: [CaseEventModel]) -> [CaseEvent] {
        var lastEpisode: [UUID: Int] = [:]
        for row in rows where row.$case.id != model.id {
            lastEpisode[row.$case.id] = max(lastEpisode[row.$case.id] ?? 0, row.episode)
        }
        let current = rows.filter {
            $0.$case.id == model.id ? $0.episode == model.episode : $0.episode == lastEpisode[$0.$case.id]
        }
        var events: [CaseEvent] = current.compactMap { row in
            guard let kind = CaseEventKind(rawValue: row.kind) else { return nil }
            var event = CaseEvent(kind, at: self.time.local(row.at), outcome: row.outcome, note: row.note)
            event.target = row.target
            return event
        }
        if let text = model.firstAbsenceDay, let day = try? Day(iso: text) {
            events.insert(CaseEvent(.firstDayOfUnexplainedAbsence, at: LocalDateTime(day: day)), at: 0)
        }
        return events
    }

    /// The triage facts of a case: the referrals' facts and what the casework has established.
    func facts(of model: CaseModel, clocks: [ClockStatus]) -> Set<TriageFact> {
        var facts = Set(model.facts.compactMap(TriageFact.init(rawValue:)))
        let state = CaseState(rawValue: model.state) ?? .opened
        if model.locatedAt == nil,
            [.underEnquiry, .postedToS2S].contains(state) || model.category == CMECore.Category.missing.rawValue,
            state.isOpen, state != .destinationConfirmed
        {
            facts.insert(.notLocated)
        }
        // Facts a clock establishes by running out, while the child is not located (the core names the clock).
        for fact in TriageFact.allCases {
            guard let id = fact.establishedByClock,
                facts.contains(.notLocated) || fact == .notLocatedWithinHomeVisitClock
            else { continue }
            if clocks.contains(where: { $0.rule.id == id && $0.state == .overdue }) { facts.insert(fact) }
        }
        return facts
    }

    /// Re-derives what the case's events, the policy and `now` decide (every clock, and the category history)
    /// and stores what changed; returns the clock statuses. Every command and the sweep call it.
    @discardableResult
    func syncDerived(_ model: CaseModel, on db: any Database, at now: Date) async throws -> [ClockStatus] {
        let events = try await self.coreEvents(of: model, on: db)
        let category = (model.category, model.categoryReviewOn)
        try await self.syncCategory(model, events: events, on: db, at: now)
        let statuses = try await self.syncClocks(model, events: events, on: db, at: now)
        let overdue = statuses.filter { $0.state == .overdue }.count
        if model.overdueClocks != overdue || category != (model.category, model.categoryReviewOn) {
            model.overdueClocks = overdue
            try await model.save(on: db)
        }
        return statuses
    }

    /// Recomputes every clock of a case at `now` and stores them; returns the statuses (the caller saves the
    /// case's overdue count).
    func syncClocks(
        _ model: CaseModel,
        events: [CaseEvent],
        on db: any Database,
        at now: Date
    ) async throws -> [ClockStatus] {
        let id = try model.requireID()
        guard let statuses = self.clockStatuses(of: model, events: events, at: now) else { return [] }
        let existing = try await ClockModel.query(on: db).filter(\.$case.$id == id).all()
        // New clocks are written together, in one statement; changed ones are updated one by one.
        var created: [ClockModel] = []
        for status in statuses {
            let row = existing.first { $0.ruleID == status.rule.id } ?? ClockModel()
            // Only write what changed: most events leave most clocks as they were.
            if row.id != nil, row.episode == model.episode, row.startedAt == self.time.date(status.startedAt),
                row.deadline == self.time.date(status.due.deadline), row.state == status.state.rawValue,
                row.settledAt == status.settledAt.map(self.time.date)
            {
                continue
            }
            try self.fill(row, from: status, of: model)
            if row.id == nil {
                created.append(row)
            } else {
                try await row.save(on: db)
            }
        }
        try await ClockModel.insert(created, on: db)
        // Clocks of an earlier episode that did not start again no longer apply.
        for row in existing
        where !statuses.contains(where: { $0.rule.id == row.ruleID }) && row.state != ClockState.cancelled.rawValue {
            row.state = ClockState.cancelled.rawValue
            try await row.save(on: db)
        }
        return statuses
    }

    /// The clocks of a case opened in this transaction, from its first event: nothing to read, and its overdue
    /// count set before the case row is written. The caller writes the clocks after the case.
    func firstClocks(_ model: CaseModel, timeline: [CaseEventModel], at now: Date) throws -> [ClockModel] {
        let statuses = self.clockStatuses(of: model, events: self.coreEvents(of: model, rows: timeline), at: now) ?? []
        model.overdueClocks = statuses.filter { $0.state == .overdue }.count
        return try statuses.map { status in
            let row = ClockModel()
            try self.fill(row, from: status, of: model)
            return row
        }
    }

    /// The policy's clocks for `events`, or `nil` for a date beyond the policy's term dates: the clocks are then
    /// kept as they were rather than guessed.
    func clockStatuses(of model: CaseModel, events: [CaseEvent], at now: Date) -> [ClockStatus]? {
        let facts = Set(model.facts.compactMap(TriageFact.init(rawValue:)))
        return try? self.policy.clockEngine.evaluate(events: events, facts: facts, at: self.time.local(now))
    }

    /// Sets a clock row from its status.
    func fill(_ row: ClockModel, from status: ClockStatus, of model: CaseModel) throws {
        if row.$state.value != status.state.rawValue { row.alertedAt = nil }
        row.ruleID = status.rule.id
        row.episode = model.episode
        row.startedAt = self.time.date(status.startedAt)
        row.deadline = self.time.date(status.due.deadline)
        row.due = status.due.description
        row.state = status.state.rawValue
        row.ownerRole = status.rule.owner.rawValue
        row.settledAt = status.settledAt.map(self.time.date)
        row.$case.id = try model.requireID()
    }

    /// Marks clocks that have run out and raises alerts for their owner and the owner's manager, and re-derives
    /// the category of every case whose review day has come (issue 17).
    public func sweep(on db: any Database, at now: Date) async throws -> SweepResult {
        let due = try await ClockModel.query(on: db).filter(\.$state == ClockState.running.rawValue)
            .filter(\.$deadline <= now).all()
        let review = try await CaseModel.query(on: db).filter(\.$categoryReviewOn <= self.time.day(now).description)
            .field(\.$id).all()
        let caseIDs = Set(due.map(\.$case.id)).union(review.compactMap(\.id))
        var result = SweepResult(casesChecked: caseIDs.count, newlyOverdue: 0, alertsRaised: 0)
        // A transaction per 100 cases: one per case cost a commit (and on SQLite a sync) each, minutes at 20,000.
        let ids = caseIDs.sorted { $0.uuidString < $1.uuidString }
        let batches = stride(from: 0, to: ids.count, by: 100).map { Array(ids[$0..<min($0 + 100, ids.count)]) }
        for batch in batches {
            let (overdueCount, alertCount, changed) = try await self.gate.transaction(db) { tx -> (Int, Int, Int) in
                var result = (0, 0, 0)
                for caseID in batch {
                    let found = try await self.sweepCase(caseID, on: tx, at: now)
                    result.0 += found.0
                    result.1 += found.1
                    result.2 += found.2
                }
                return result
            }
            result.newlyOverdue += overdueCount
            result.alertsRaised += alertCount
            result.categoriesChanged += changed
        }
        // The organisations' own duties (Suffolk 11.7, innov8 5.3).
        let duties = try await self.sweepDuties(on: db, at: now)
        result.newlyOverdue += duties.overdue
        result.alertsRaised += duties.alerts
        return result
    }

    /// Brings one case's clocks and category up to date and raises an alert for each newly overdue clock, inside
    /// the caller's transaction: how many fell overdue, how many alerts were raised, and whether the category
    /// changed (1 or 0).
    func sweepCase(_ caseID: UUID, on tx: any Database, at now: Date) async throws -> (Int, Int, Int) {
        var result = (0, 0, 0)
        // A case joined into another (issue 18) has no clocks running: the one it joined carries them.
        guard let model = try await CaseModel.find(caseID, on: tx), model.joinedInto == nil else { return result }
        let category = model.category
        try await self.syncDerived(model, on: tx, at: now)
        if model.category != category { result.2 = 1 }
        let overdue = try await ClockModel.query(on: tx).filter(\.$case.$id == caseID)
            .filter(\.$state == ClockState.overdue.rawValue).filter(\.$alertedAt == nil).all()
        for clock in overdue {
            result.0 += 1
            let rule = self.policy.clock(clock.ruleID)
            let message =
                "\(model.reference): \(rule?.title ?? clock.ruleID) was due \(clock.due). \(rule?.whenOverdue ?? "")"
            let owner = Role(rawValue: clock.ownerRole) ?? .cmeOfficer
            for role in [owner] + (owner.manager.map { [$0] } ?? []) {
                let alert = AlertModel()
                alert.role = role.rawValue
                alert.message = message
                alert.$clock.id = try clock.requireID()
                alert.$case.id = caseID
                // The owner's alert goes to the assigned EWO by name when there is one.
                if role == .ewo { alert.$user.id = model.$assignee.id }
                try await alert.create(on: tx)
                result.1 += 1
            }
            clock.alertedAt = now
            try await clock.save(on: tx)
        }
        return result
    }
}
