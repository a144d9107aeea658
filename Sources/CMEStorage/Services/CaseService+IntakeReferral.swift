import CMECore
import CMEMatching
import Fluent
import Foundation

/// One referral inside an intake batch: finds or creates the child, then attaches to, reopens or opens their case.
extension CaseService {
    /// One referral inside the batch's transaction; the result is read once the queue is written.
    func takeIn(
        _ request: IntakeRequest,
        queue: RowQueue,
        read: inout KnownChildren?,
        on tx: any Database
    ) async throws -> () throws -> IntakeResult {
        let (referral, actor, now) = (request.referral, request.actor, request.at)
        let local = self.time.local(now)
        let check = try await self.findKnownChild(
            referral.child,
            queued: queue.children,
            read: read,
            near: request.near,
            register: request.register,
            at: now,
            on: tx
        )
        let (match, evidence) = (check.match, check.evidence)
        var known = match
        if let match {
            // A known child's records are read and changed in place, so from here later checks read afresh, and
            // the queue goes first: a child queued earlier in this batch is then in the database, and references
            // stay numbered in the order referrals arrived.
            read = nil
            if !queue.isEmpty {
                let queued = queue.children.contains { $0.0 === match }
                try await queue.write(on: tx)
                // Read back, so that the model in the earlier referral's answer stays as that referral left it.
                if queued { known = try await ChildModel.find(match.requireID(), on: tx) ?? match }
            }
        }
        let writes = known == nil ? queue : nil
        let child: ChildModel
        var added = AddedDetails()
        if let known {
            child = known
            try await self.mergeDetails(referral.child, into: known, on: tx)
        } else {
            (child, added) = try await self.createChild(referral.child, queue: queue, on: tx)
        }
        let childID = try child.requireID()

        let stored = ReferralModel()
        if let writes {
            writes.number(prefix: "REF", year: local.day.year) { stored.reference = $0 }
        } else {
            stored.reference = try await Self.reference(prefix: "REF", year: local.day.year, on: tx)
        }
        stored.kind = referral.kind.rawValue
        stored.reason = referral.reason
        stored.source = referral.source
        stored.receivedAt = now
        stored.form = try request.form ?? JSONEncoder().encode(referral)
        stored.$child.id = childID
        stored.$submittedBy.id = actor.userID
        stored.$organisation.id = actor.organisationID

        // A child created here has no cases: nothing to read back.
        let cases =
            known == nil
            ? []
            : try await CaseModel.query(on: tx).filter(\.$child.$id == childID).filter(\.$joinedInto == nil)
                .sort(\.$openedAt, .descending).all()
        var attached = false
        var newEpisode = false
        var target: CaseModel?
        var opened: [CaseEventModel]?

        // The decision is the core's (CMEMatching's IntakeDecision); what follows carries it out.
        let decision = IntakeDecision.decide(
            caseStates: cases.map { CaseState(rawValue: $0.state) ?? .opened },
            mayOpenCase: referral.kind.mayOpenCase
        )
        switch decision {
        case .attach(let index):
            let open = cases[index]
            // A further referral or notice about a child with an open case attaches to it (Suffolk 9.5).
            let note =
                referral.kind.mayOpenCase
                ? "Further \(referral.kind.label.lowercased()) attached" : "\(referral.kind.label) received"
            try await self.append(
                CaseEvent(referral.kind.mayOpenCase ? .referralReceived : .noteAdded, at: local, note: note),
                to: open,
                actor: actor,
                on: tx
            )
            open.facts = Array(Set(open.facts).union(referral.triageFacts.map(\.rawValue))).sorted()
            try await open.save(on: tx)
            try await self.syncDerived(open, on: tx, at: now)
            attached = true
            target = open
        case .reopen(let index):
            let closed = cases[index]
            try await self.append(
                CaseEvent(.reopened, at: local, note: "Reopened by \(stored.reference)"),
                to: closed,
                actor: actor,
                on: tx
            )
            closed.facts = referral.triageFacts.map(\.rawValue).sorted()
            try self.setBasis(self.categoryBasis(for: referral), on: closed)
            closed.firstAbsenceDay = referral.firstDayOfAbsence(on: self.policy.calendar)?.description
            closed.$referringOrganisation.id = actor.organisationID
            try await closed.save(on: tx)
            try await self.syncDerived(closed, on: tx, at: now)
            newEpisode = true
            target = closed
        case .open:
            let (model, first) = try await self.openCase(
                for: referral,
                child: child,
                actor: actor,
                at: now,
                queue: writes,
                on: tx
            )
            target = model
            opened = [first]
        case .recordOnly:
            break
        }
        // A new case goes back to a referrer who may read it as it stands, without reading it again.
        let answer = request.answering && known == nil && Self.mayReadOwnReferral(actor)
        stored.$case.id = target?.id
        try await stored.insert(on: tx, queue: writes)
        // A new record that resembles a known child waits, beside it, for a person to decide (issue 18).
        try await self.queuePossibleDuplicates(
            check.possible,
            of: childID,
            referral: stored,
            queue: writes,
            on: tx,
            at: now
        )
        return { [attached, newEpisode, target, opened, added] in
            var detail: CaseDetailData?
            if answer, let target, let opened {
                detail = self.assembled(
                    target,
                    child: child,
                    // In the order a read gives them (CaseRows.caseWithChild).
                    addresses: added.addresses.sorted {
                        ($0.createdAt ?? .distantPast, $0.id?.uuidString ?? "")
                            < ($1.createdAt ?? .distantPast, $1.id?.uuidString ?? "")
                    },
                    aliases: added.aliases.sorted(),
                    timeline: opened,
                    for: actor,
                    at: now
                )
            }
            return IntakeResult(
                referralID: try stored.requireID(),
                reference: stored.reference,
                childID: childID,
                caseID: target?.id,
                attached: attached,
                newEpisode: newEpisode,
                matchEvidence: evidence,
                possibleDuplicates: check.possible.map(\.0),
                detail: detail
            )
        }
    }

    /// Whether `actor` may read a case their referral has just opened: a new case is assigned to nobody, so only
    /// those who read every case (the core's `CaseAccess`). A referrer is never given the case (issue 16).
    static func mayReadOwnReferral(_ actor: Actor) -> Bool {
        actor.caseAccess.mayRead(assignee: nil, assigneeTeam: nil)
    }

    /// Opens a case with its first event and clocks, written now or with a batch's `queue`.
    func openCase(
        for referral: Referral,
        child: ChildModel,
        actor: Actor,
        at now: Date,
        queue: RowQueue?,
        on tx: any Database
    ) async throws -> (CaseModel, first: CaseEventModel) {
        let local = self.time.local(now)
        let first = CaseEvent(.referralReceived, at: local, reason: referral.reason, source: referral.source)
        let snapshot: CaseSnapshot
        do {
            snapshot = try self.policy.caseMachine.start(first)
        } catch {
            throw ServiceError.invalid([FieldProblem("reason", error.description)])
        }
        let model = CaseModel()
        model.id = UUID.timeOrdered(at: now)
        // Version 1 from the start: the case and its first event are written in the same transaction.
        model.version = 1
        if let queue {
            queue.number(prefix: "CME", year: local.day.year) { model.reference = $0 }
        } else {
            model.reference = try await Self.reference(prefix: "CME", year: local.day.year, on: tx)
        }
        model.policyID = self.policy.id
        model.state = snapshot.state.rawValue
        try self.setBasis(self.categoryBasis(for: referral), on: model)
        model.episode = 1
        model.reason = referral.reason
        model.source = referral.source
        model.schoolURN = referral.child.schools.last?.urn
        model.dateOfBirth = referral.child.dateOfBirth.description
        model.firstAbsenceDay = referral.firstDayOfAbsence(on: self.policy.calendar)?.description
        model.openedAt = now
        model.episodeOpenedAt = now
        model.lastEventAt = now
        model.overdueClocks = 0
        model.facts = referral.triageFacts.map(\.rawValue).sorted()
        model.$child.id = try child.requireID()
        model.$referringOrganisation.id = actor.organisationID
        let row = try self.eventRow(first, seq: 1, episode: 1, case: model, actor: actor)
        let clocks = try self.firstClocks(model, timeline: [row], at: now)
        let history = self.categoryHistory(of: model, events: self.coreEvents(of: model, rows: [row]), at: now)
        self.apply(history, to: model)
        try await model.insert(on: tx, queue: queue)
        try await row.insert(on: tx, queue: queue)
        try await ClockModel.insert(clocks, on: tx, queue: queue)
        try await CategoryChangeModel.insert(self.categoryRows(history, of: model), on: tx, queue: queue)
        return (model, row)
    }
}
