import CMECore
import Fluent
import Foundation

/// An event a person records on a case, as it arrives from the API or a page.
public struct EventCommand: Sendable, Equatable {
    public var kind: CaseEventKind
    public var expectedVersion: Int
    public var reason: String?
    public var source: String?
    public var outcome: String?
    public var destination: String?
    public var assigneeID: UUID?
    /// Escalations: to whom (an `EscalationTarget` raw value).
    public var target: String?
    /// Escalations: the other agency's reference.
    public var reference: String?
    /// Enquiries: which reasonable enquiry (Suffolk Appendix 3 step 5, Leicestershire Appendix A actions).
    public var action: String?
    public var note: String?
    /// Why the caller reads a restricted child's record (UK GDPR Art. 18); required only then.
    public var accessReason: String?
    /// When it happened, if earlier than it is recorded (a home visit made yesterday); nil: now.
    public var occurredAt: Date?

    public init(
        kind: CaseEventKind,
        expectedVersion: Int,
        reason: String? = nil,
        source: String? = nil,
        outcome: String? = nil,
        destination: String? = nil,
        assigneeID: UUID? = nil,
        target: String? = nil,
        reference: String? = nil,
        action: String? = nil,
        note: String? = nil,
        accessReason: String? = nil,
        occurredAt: Date? = nil
    ) {
        self.accessReason = accessReason
        self.occurredAt = occurredAt
        self.kind = kind
        self.expectedVersion = expectedVersion
        self.reason = reason
        self.source = source
        self.outcome = outcome
        self.destination = destination
        self.assigneeID = assigneeID
        self.target = target
        self.reference = reference
        self.action = action
        self.note = note
    }
}

/// The reasonable enquiries an EWO records (Suffolk Appendix 3; Leicestershire Appendix A; John Moore 4.1).
public enum EnquiryAction: String, Sendable, CaseIterable {
    case staffSiblingsFriends = "staff_siblings_friends"
    case extendedFamilyAndEmergencyContacts = "extended_family_and_emergency_contacts"
    case visitLastKnownAddress = "visit_last_known_address"
    case socialMedia = "social_media"
    case otherAgencies = "other_agencies"
    case s2s
    case admissions
}

extension CaseService {
    /// Records an event on a case, refusing a stale version (409) and an illegal transition (422).
    @discardableResult
    public func record(
        _ command: EventCommand,
        caseID: UUID,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> CaseModel {
        try self.authorise(command.kind, actor: actor)
        try self.validate(command)
        let model = try await self.gate.transaction(db) { tx -> CaseModel in
            guard let model = try await CaseModel.find(caseID, on: tx),
                try await self.maySee(model, actor: actor, on: tx)
            else {
                throw ServiceError.notFound("case \(caseID)")
            }
            try await self.refuseIfJoined(model, on: tx)
            // A restricted child's case is changed, as it is read, only with a reason (UK GDPR Art. 18).
            if try await self.childIsRestricted(model.$child.id, on: tx),
                let child = try await ChildModel.find(model.$child.id, on: tx)
            {
                _ = try self.restrictedReadDetail(child, for: actor, reason: command.accessReason)
            }
            guard model.version == command.expectedVersion else {
                let unseen = try await CaseEventModel.query(on: tx).filter(\.$case.$id == caseID)
                    .filter(\.$seq > command.expectedVersion).sort(\.$seq).all()
                throw ServiceError.conflict(currentVersion: model.version, unseen: unseen.compactMap(\.id))
            }
            var assignee: UserModel?
            if let id = command.assigneeID {
                guard let user = try await UserModel.find(id, on: tx),
                    user.roleValue == .ewo || user.roleValue == .teamManager
                else {
                    throw ServiceError.invalid([FieldProblem("assigneeId", "must be the id of an EWO or team manager")])
                }
                assignee = user
            }
            let event = CaseEvent(
                command.kind,
                at: try self.occurred(command, on: model, at: now),
                reason: command.reason,
                source: command.source,
                outcome: command.outcome,
                destination: command.destination,
                assignee: command.assigneeID?.uuidString,
                note: command.note
            )
            try await self.checkDecline(command, on: model, on: tx, at: now)
            // The core's timing rule (Suffolk 12.1): a follow-up from its due day, or earlier with a reason.
            if let problem = self.policy.earlyFollowUpProblem(event, in: self.snapshot(of: model)) {
                throw ServiceError.invalid([FieldProblem("note", problem)])
            }
            try await self.append(
                event,
                to: model,
                actor: actor,
                target: command.target,
                reference: command.reference,
                action: command.action,
                recordedAt: now,
                on: tx
            )
            if let assignee {
                model.$assignee.id = try assignee.requireID()
                model.team = assignee.team
            }
            try await model.save(on: tx)
            try await self.syncDerived(model, on: tx, at: now)
            return model
        }
        try await self.audit.record([
            AuditRecord(
                at: now,
                actor: actor,
                action: .update,
                entityType: "case",
                entityID: caseID.uuidString,
                childID: model.$child.id
            )
        ])
        return model
    }

    /// When a command's event happened (issue 17): `occurredAt` if given, else now. Work done earlier is recorded
    /// as then, so that its deadline is judged on the day it was done; it cannot be in the future, nor before the
    /// case's last event (the timeline stays in the order things happened).
    func occurred(_ command: EventCommand, on model: CaseModel, at now: Date) throws -> LocalDateTime {
        guard let occurred = command.occurredAt else { return self.time.local(now) }
        guard occurred <= now else {
            throw ServiceError.invalid([FieldProblem("occurredAt", "cannot be in the future")])
        }
        let local = self.time.local(occurred)
        let last = self.time.local(model.lastEventAt)
        guard local >= last else {
            throw ServiceError.invalid([
                FieldProblem(
                    "occurredAt",
                    "is earlier than the last event on the case (\(last)); give the date of earlier work in the note instead"
                )
            ])
        }
        return local
    }

    /// Applies `event` through the state machine and appends it to the timeline, bumping the case version;
    /// `recordedAt` is when it was recorded (now), which the timeline keeps beside when it happened.
    func append(
        _ event: CaseEvent,
        to model: CaseModel,
        actor: Actor,
        target: String? = nil,
        reference: String? = nil,
        action: String? = nil,
        recordedAt: Date? = nil,
        on tx: any Database
    ) async throws {
        var event = event
        let current = self.snapshot(of: model)
        // Two events in the same minute keep their order: never earlier than the last one.
        if event.at < current.lastEventAt { event.at = current.lastEventAt }
        let next: CaseSnapshot
        do {
            next = try self.policy.caseMachine.apply(event, to: current)
        } catch {
            let field: String
            switch error {
            case .code(.unknown(.reason, _, _)): field = "reason"
            case .code(.unknown(.source, _, _)): field = "source"
            case .code, .closeNeedsFollowUps: field = "outcome"
            case .missingDetail(_, let what):
                field =
                    what.contains("outcome")
                    ? "outcome"
                    : what.contains("assignee")
                        ? "assigneeId"
                        : what.contains("reason") ? "reason" : what.contains("source") ? "source" : "kind"
            default: field = "kind"
            }
            throw ServiceError.invalid([FieldProblem(field, error.description)])
        }
        let seq = model.version + 1
        model.version = seq
        model.state = next.state.rawValue
        model.episode = next.episode
        model.reason = next.reason
        model.source = next.source
        model.outcome = next.outcome
        model.destination = next.destination
        model.lastEventAt = self.time.date(next.lastEventAt)
        model.episodeOpenedAt = self.time.date(next.episodeOpenedAt)
        model.postedToS2SAt = next.postedToS2SAt.map(self.time.date)
        model.locatedAt = next.locatedAt.map(self.time.date)
        model.destinationConfirmedAt = next.destinationConfirmedAt.map(self.time.date)
        model.closedAt = next.closedAt.map(self.time.date)
        if event.kind == .reopened {
            model.$assignee.id = nil
            model.firstAbsenceDay = nil
        }
        try await model.save(on: tx)
        let row = try self.eventRow(
            event,
            seq: seq,
            episode: next.episode,
            case: model,
            actor: actor,
            target: target,
            reference: reference,
            action: action
        )
        do {
            try await row.insert(on: tx, at: recordedAt ?? self.time.date(event.at))
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another save took this version first.
            throw ServiceError.conflict(currentVersion: seq, unseen: [])
        }
    }

    /// A timeline row for `event`, not yet written.
    func eventRow(
        _ event: CaseEvent,
        seq: Int,
        episode: Int,
        case model: CaseModel,
        actor: Actor,
        target: String? = nil,
        reference: String? = nil,
        action: String? = nil
    ) throws -> CaseEventModel {
        let row = CaseEventModel()
        row.seq = seq
        row.episode = episode
        row.kind = event.kind.rawValue
        row.at = self.time.date(event.at)
        row.reason = event.reason
        row.source = event.source
        row.outcome = event.outcome
        row.destination = event.destination
        row.target = target
        row.reference = reference
        row.action = action
        row.note = event.note
        row.$case.id = try model.requireID()
        row.$actor.id = actor.userID
        row.$assignee.id = event.assignee.flatMap(UUID.init(uuidString:))
        return row
    }

    /// The core's view of a stored case.
    func snapshot(of model: CaseModel) -> CaseSnapshot {
        CaseSnapshot(
            state: CaseState(rawValue: model.state) ?? .opened,
            episode: model.episode,
            openedAt: self.time.local(model.openedAt),
            episodeOpenedAt: self.time.local(model.episodeOpenedAt),
            reason: model.reason,
            source: model.source,
            assignee: model.$assignee.id?.uuidString,
            outcome: model.outcome,
            destination: model.destination,
            postedToS2SAt: model.postedToS2SAt.map(self.time.local),
            locatedAt: model.locatedAt.map(self.time.local),
            destinationConfirmedAt: model.destinationConfirmedAt.map(self.time.local),
            closedAt: model.closedAt.map(self.time.local),
            lastEventAt: self.time.local(model.lastEventAt)
        )
    }
}
