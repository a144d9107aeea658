import CMECore
import Fluent
import Foundation

/// An organisation's recurring duty as its people see it: where it stands, and when it was last done.
public struct OrganisationDuty: Sendable, Equatable {
    public var status: ClockStatus
    public var lastDone: Date?
}

extension CaseService {
    /// The roles an organisation's people hold, by its kind: the owners its duties can name.
    static func memberRoles(_ kind: OrganisationModel.Kind) -> Set<Role> {
        switch kind {
        case .localAuthority: [.cmeOfficer, .teamManager, .ewo]
        case .school: [.schoolHeadteacher, .schoolDSL, .schoolAttendance]
        case .apProvider: [.apProvider]
        case .partnerAgency, .otherLA: []
        }
    }

    /// When the organisation's duties began (written the first time they are needed) and what it has done since.
    func dutyHistory(
        of organisation: OrganisationModel,
        on db: any Database,
        at now: Date,
        start: Bool
    ) async throws -> (since: LocalDateTime, events: [CaseEvent], lastDone: [CaseEventKind: Date]) {
        let id = try organisation.requireID()
        let rows = try await OrganisationEventModel.query(on: db).filter(\.$organisation.$id == id).sort(\.$at).all()
        var since = rows.first { $0.kind == OrganisationEventModel.dutiesStarted }?.at
        if since == nil, start {
            let row = OrganisationEventModel()
            row.kind = OrganisationEventModel.dutiesStarted
            row.at = now
            row.recordedAt = now
            row.$organisation.id = id
            try await row.create(on: db)
            since = now
        }
        var lastDone: [CaseEventKind: Date] = [:]
        let events = rows.compactMap { row -> CaseEvent? in
            guard let kind = CaseEventKind(rawValue: row.kind) else { return nil }
            lastDone[kind] = row.at
            return CaseEvent(kind, at: self.time.local(row.at), note: row.note)
        }
        return (self.time.local(since ?? now), events, lastDone)
    }

    /// Where each of the organisation's duties stands at `now`, derived from what it has done.
    func duties(
        of organisation: OrganisationModel,
        on db: any Database,
        at now: Date,
        start: Bool = false
    ) async throws -> [OrganisationDuty] {
        let roles = Self.memberRoles(organisation.kind)
        guard !self.policy.organisationDuties(for: roles).isEmpty else { return [] }
        let history = try await self.dutyHistory(of: organisation, on: db, at: now, start: start)
        let statuses =
            (try? self.policy.organisationDutyStatuses(
                for: roles,
                events: history.events,
                since: history.since,
                at: self.time.local(now)
            )) ?? []
        return statuses.map { status in
            OrganisationDuty(
                status: status,
                lastDone: status.rule.stoppedBy.compactMap { history.lastDone[$0] }.max()
            )
        }
    }

    /// The duties of `actor`'s organisation (page and API).
    public func duties(for actor: Actor, on db: any Database, at now: Date) async throws -> [OrganisationDuty] {
        guard let id = actor.organisationID, let organisation = try await OrganisationModel.find(id, on: db) else {
            return []
        }
        return try await self.duties(of: organisation, on: db, at: now)
    }

    /// Refuses a caller who has no duty to record (checked before anything they sent is read).
    public func requireDutyRecorder(_ actor: Actor) throws {
        guard self.policy.mayRecordAnyDuty(role: actor.role) else {
            throw ServiceError.forbidden("\(actor.role.label) has no regular duty to record under this policy")
        }
    }

    /// Records that `actor`'s organisation did `kind` (read the s2s messages, sent the weekly report) at
    /// `occurredAt` (default now); only the duty's owner or their manager may. Audited.
    public func recordDuty(
        _ kind: CaseEventKind,
        note: String?,
        occurredAt: Date? = nil,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> [OrganisationDuty] {
        try self.requireDutyRecorder(actor)
        guard self.policy.mayRecordDuty(kind, role: actor.role) else {
            throw ServiceError.forbidden("\(actor.role.label) has no duty that '\(kind.rawValue)' meets")
        }
        guard let id = actor.organisationID else {
            throw ServiceError.forbidden("\(actor.role.label) belongs to no organisation")
        }
        if let note, note.count > 10_000 {
            throw ServiceError.invalid([FieldProblem("note", "must be at most 10,000 characters")])
        }
        let at = occurredAt ?? now
        guard at <= now else { throw ServiceError.invalid([FieldProblem("occurredAt", "cannot be in the future")]) }
        return try await self.audited(on: db) { tx in
            guard let organisation = try await OrganisationModel.find(id, on: tx) else {
                throw ServiceError.notFound("organisation \(id)")
            }
            let history = try await self.dutyHistory(of: organisation, on: tx, at: now, start: true)
            guard self.time.local(at) >= history.since else {
                throw ServiceError.invalid([
                    FieldProblem("occurredAt", "is before this organisation's duties began (\(history.since))")
                ])
            }
            let row = OrganisationEventModel()
            row.kind = kind.rawValue
            row.at = at
            row.recordedAt = now
            row.note = note
            row.$organisation.id = id
            row.$actor.id = actor.userID
            try await row.create(on: tx)
            let duties = try await self.syncDuties(of: organisation, on: tx, at: now).duties
            let record = AuditRecord(
                at: now,
                actor: actor,
                action: .update,
                entityType: "organisation",
                entityID: id.uuidString,
                childID: nil,
                detail: kind.label
            )
            return (duties, [record])
        }
    }

    /// Brings an organisation's duty clocks up to date at `now` and raises an alert, for the owner and the owner's
    /// manager, for each newly overdue one: the duties, and how many fell overdue and alerts were raised.
    func syncDuties(
        of organisation: OrganisationModel,
        on tx: any Database,
        at now: Date
    ) async throws -> (duties: [OrganisationDuty], overdue: Int, alerts: Int) {
        let duties = try await self.duties(of: organisation, on: tx, at: now, start: true)
        guard !duties.isEmpty else { return ([], 0, 0) }
        let id = try organisation.requireID()
        let stored = try await OrganisationClockModel.query(on: tx).filter(\.$organisation.$id == id).all()
        var (overdue, alerts) = (0, 0)
        for duty in duties {
            let status = duty.status
            let row = stored.first { $0.ruleID == status.rule.id } ?? OrganisationClockModel()
            let deadline = self.time.date(status.due.deadline)
            let started = self.time.date(status.startedAt)
            // A new run (done again, so started afresh) alerts again when it falls overdue.
            if row.id != nil, row.$startedAt.value != started { row.alertedAt = nil }
            row.ruleID = status.rule.id
            row.startedAt = started
            row.deadline = deadline
            row.due = status.due.description
            row.state = status.state.rawValue
            row.ownerRole = status.rule.owner.rawValue
            row.$organisation.id = id
            try await row.save(on: tx)
            guard status.state == .overdue, row.alertedAt == nil else { continue }
            overdue += 1
            let message =
                "\(organisation.name): \(status.rule.title) was due \(status.due). \(status.rule.whenOverdue)"
            for role in [status.rule.owner] + (status.rule.owner.manager.map { [$0] } ?? []) {
                let alert = OrganisationAlertModel()
                alert.role = role.rawValue
                alert.message = message
                alert.createdAt = now
                alert.$clock.id = try row.requireID()
                alert.$organisation.id = id
                try await alert.create(on: tx)
                alerts += 1
            }
            row.alertedAt = now
            try await row.save(on: tx)
        }
        return (duties, overdue, alerts)
    }

    /// The sweep's part for organisations: every organisation with duties, brought up to date.
    func sweepDuties(on db: any Database, at now: Date) async throws -> (overdue: Int, alerts: Int) {
        var result = (0, 0)
        for organisation in try await OrganisationModel.query(on: db).all()
        where !self.policy.organisationDuties(for: Self.memberRoles(organisation.kind)).isEmpty {
            let found = try await self.gate.transaction(db) { tx in
                try await self.syncDuties(of: organisation, on: tx, at: now)
            }
            result.0 += found.overdue
            result.1 += found.alerts
        }
        return result
    }
}
