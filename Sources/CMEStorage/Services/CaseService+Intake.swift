import CMECore
import CMEMatching
import Fluent
import Foundation

/// What intake did with a referral.
public struct IntakeResult: Sendable {
    public var referralID: UUID
    public var reference: String
    public var childID: UUID
    /// The case the referral opened, attached to or reopened; `nil` for a notice that opens no case.
    public var caseID: UUID?
    /// The child was already known and had an open case: the referral attached to it (Suffolk 9.5).
    public var attached: Bool
    /// The child was known with a closed case: it reopened as a new episode.
    public var newEpisode: Bool
    /// How the child was recognised, when they were.
    public var matchEvidence: String?
    /// The case as its referrer may see it, when they asked for it (`IntakeRequest.answering`) and the referral
    /// opened a case they may read; its read is in the audit trail with the referral.
    public var detail: CaseDetailData?
}

/// The children duplicate checks could find in the database, oldest record first: those with any of the checked
/// children's UPNs, and those born on any date the checks read. An intake batch reads them once for all its
/// referrals; that read is good until the batch first writes in place, which a referral about a known child does.
struct KnownChildren {
    var withUPN: [ChildCandidate]
    var bornOn: [ChildCandidate]

    static func read(for children: [Child], on db: any Database) async throws -> KnownChildren {
        let upns = Set(children.compactMap(\.upn?.value))
        let dates = Set(children.flatMap { CaseService.datesRead(for: $0.dateOfBirth) })
        return KnownChildren(
            withUPN: try await CaseRows.children(upns: upns.sorted(), on: db),
            bornOn: try await CaseRows.children(bornOn: dates.sorted(), on: db)
        )
    }
}

/// An error raised inside a batch's transaction, by one of its referrals or a statement it ran: the transaction
/// rolled back, so each referral can be taken in again alone. An error from BEGIN or COMMIT is not wrapped.
struct RefusedInBatch: Error {
    let error: any Error

    /// The error a caller sees.
    static func unwrap(_ error: any Error) -> any Error {
        (error as? RefusedInBatch)?.error ?? error
    }
}

/// The other names and addresses intake added to a child's record.
struct AddedDetails {
    var aliases: [String] = []
    var addresses: [ChildAddressModel] = []
}

extension CaseService {
    /// Takes in a referral or notice: finds or creates the child, then opens, attaches to or reopens their case.
    /// Referrals that arrive together are taken in together, in one transaction (`IntakeQueue`).
    public func intake(
        _ referral: Referral,
        by actor: Actor,
        on db: any Database,
        at now: Date,
        answering: Bool = false,
        idempotencyKey: String? = nil
    ) async throws -> IntakeResult {
        try await self.intakes.submit(
            IntakeRequest(referral, by: actor, at: now, answering: answering, idempotencyKey: idempotencyKey),
            to: self,
            on: db
        )
    }

    /// Takes in several referrals, in order, in one transaction with their audit rows; returns each one's result.
    /// When something inside the transaction fails, each referral is taken in alone, so that one the database
    /// refuses never costs the others their place: every result is that referral's own, and nothing of a failed one
    /// is kept.
    public func intake(_ requests: [IntakeRequest], on db: any Database) async -> [Result<IntakeResult, any Error>] {
        // Long lists (failure to transfer) go in batches of the queue's size: bounded transactions and reads.
        guard requests.count <= IntakeQueue.largestBatch else {
            var results: [Result<IntakeResult, any Error>] = []
            for start in stride(from: 0, to: requests.count, by: IntakeQueue.largestBatch) {
                let end = min(start + IntakeQueue.largestBatch, requests.count)
                results += await self.intake(Array(requests[start..<end]), on: db)
            }
            return results
        }
        var results = [Result<IntakeResult, any Error>](
            repeating: .failure(ServiceError.notFound("result")),
            count: requests.count
        )
        var valid: [Int] = []
        for (index, request) in requests.enumerated() {
            do {
                // Who may refer is the core's list; the command line acts as the system (imports, demo data).
                guard Role.referrers.contains(request.actor.role) || request.actor == .system else {
                    throw ServiceError.forbidden("\(request.actor.role.label) may not make referrals")
                }
                try self.checkCodes(request.referral)
                try self.checkPlausible(request.referral, at: request.at)
                valid.append(index)
            } catch {
                results[index] = .failure(error)
            }
        }
        do {
            let taken = try await self.takeIn(valid.map { requests[$0] }, on: db)
            for (index, result) in zip(valid, taken) { results[index] = .success(result) }
        } catch is RefusedInBatch where valid.count > 1 {
            for index in valid {
                do {
                    results[index] = .success(try await self.takeIn([requests[index]], on: db)[0])
                } catch {
                    results[index] = .failure(RefusedInBatch.unwrap(error))
                }
            }
        } catch {
            // Refused alone, or the transaction itself failed (BEGIN, COMMIT): whether a failed COMMIT landed is
            // not known, so nothing is taken in again; each caller has the error.
            for index in valid { results[index] = .failure(RefusedInBatch.unwrap(error)) }
        }
        return results
    }

    /// The referral's codes, checked before it joins a transaction.
    /// The core's checks that need the day (a date of birth in the future or out of scope).
    func checkPlausible(_ referral: Referral, at now: Date) throws {
        let problems = self.policy.implausibilities(of: referral, on: self.time.day(now))
        guard problems.isEmpty else { throw ServiceError.invalid(problems.map { FieldProblem($0.field, $0.message) }) }
    }

    func checkCodes(_ referral: Referral) throws {
        var problems: [FieldProblem] = []
        if let reason = referral.reason, (try? self.policy.codes.validate(reason, in: .reason)) == nil {
            problems.append(
                FieldProblem(
                    "reason",
                    CodeError.unknown(.reason, reason, allowed: self.policy.codes.reasons.map(\.code)).description
                )
            )
        }
        if let source = referral.source, (try? self.policy.codes.validate(source, in: .source)) == nil {
            problems.append(
                FieldProblem(
                    "source",
                    CodeError.unknown(.source, source, allowed: self.policy.codes.sources.map(\.code)).description
                )
            )
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
    }

    /// Who created or changed what: the referral, the child, and the case when there is one, which the referrer
    /// also read when it came back with the result.
    static func auditRows(_ result: IntakeResult, _ request: IntakeRequest) -> [AuditRecord] {
        var rows = [
            AuditRecord(
                at: request.at,
                actor: request.actor,
                action: .create,
                entityType: "referral",
                entityID: result.referralID.uuidString,
                childID: result.childID
            ),
            AuditRecord(
                at: request.at,
                actor: request.actor,
                action: result.matchEvidence == nil ? .create : .update,
                entityType: "child",
                entityID: result.childID.uuidString,
                childID: result.childID
            ),
        ]
        if let caseID = result.caseID {
            let action: AuditRecord.Action = result.attached || result.newEpisode ? .update : .create
            rows.append(
                AuditRecord(
                    at: request.at,
                    actor: request.actor,
                    action: action,
                    entityType: "case",
                    entityID: caseID.uuidString,
                    childID: result.childID
                )
            )
            if result.detail != nil {
                rows.append(
                    AuditRecord(
                        at: request.at,
                        actor: request.actor,
                        action: .read,
                        entityType: "case",
                        entityID: caseID.uuidString,
                        childID: result.childID
                    )
                )
            }
        }
        return rows
    }

    /// The referrals in one transaction. A child not known before reads nothing back, so their rows are queued and
    /// written together at the end, each table in one statement (`RowQueue`). A referral about a known child, one
    /// in the database or one queued earlier in the batch, reads and writes in place once the queue is written.
    func takeIn(_ requests: [IntakeRequest], on db: any Database) async throws -> [IntakeResult] {
        guard !requests.isEmpty else { return [] }
        return try await self.gate.transaction(db) { tx -> [IntakeResult] in
            do {
                return try await self.takeIn(requests, inside: tx)
            } catch {
                throw RefusedInBatch(error: error)
            }
        }
    }

    private func takeIn(_ requests: [IntakeRequest], inside tx: any Database) async throws -> [IntakeResult] {
        let queue = RowQueue()
        // One read for every duplicate check, while nothing in the batch has been written in place.
        var read: KnownChildren? =
            requests.count > 1 ? try await KnownChildren.read(for: requests.map(\.referral.child), on: tx) : nil
        var taken: [() throws -> IntakeResult] = []
        for request in requests { taken.append(try await self.takeIn(request, queue: queue, read: &read, on: tx)) }
        try await queue.write(on: tx)
        let results = try taken.map { try $0() }
        try await IdempotencyKeys.record(requests, results, on: tx)
        // The audit rows commit with what they record.
        try await self.audit.append(zip(results, requests).flatMap { Self.auditRows($0, $1) }, on: tx)
        return results
    }

    /// One referral inside the batch's transaction; the result is read once the queue is written.
    private func takeIn(
        _ request: IntakeRequest,
        queue: RowQueue,
        read: inout KnownChildren?,
        on tx: any Database
    ) async throws -> () throws -> IntakeResult {
        let (referral, actor, now) = (request.referral, request.actor, request.at)
        let local = self.time.local(now)
        let (match, evidence) = try await self.findKnownChild(
            referral.child,
            queued: queue.children,
            read: read,
            on: tx
        )
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
            : try await CaseModel.query(on: tx).filter(\.$child.$id == childID)
                .sort(\.$openedAt, .descending).all()
        let open = cases.first { $0.state != CaseState.closed.rawValue }
        var attached = false
        var newEpisode = false
        var target: CaseModel?
        var opened: [CaseEventModel]?

        if let open {
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
            try await self.syncClocks(open, on: tx, at: now)
            attached = true
            target = open
        } else if referral.kind.mayOpenCase, let closed = cases.first {
            try await self.append(
                CaseEvent(.reopened, at: local, note: "Reopened by \(stored.reference)"),
                to: closed,
                actor: actor,
                on: tx
            )
            closed.facts = referral.triageFacts.map(\.rawValue).sorted()
            closed.category = try self.category(for: referral, on: local.day).rawValue
            closed.firstAbsenceDay = referral.firstDayOfAbsence(on: self.policy.calendar)?.description
            closed.$referringOrganisation.id = actor.organisationID
            try await closed.save(on: tx)
            try await self.syncClocks(closed, on: tx, at: now)
            newEpisode = true
            target = closed
        } else if referral.kind.mayOpenCase {
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
        }
        // A new case goes back to a referrer who may read it as it stands, without reading it again.
        let answer = request.answering && known == nil && Self.mayReadOwnReferral(actor)
        stored.$case.id = target?.id
        try await stored.insert(on: tx, queue: writes)
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
                detail: detail
            )
        }
    }

    /// Whether `actor` may read a case their referral has just opened: a new case is assigned to nobody, so only
    /// those who read every case (the core's `CaseAccess`). A referrer is never given the case (issue 16).
    static func mayReadOwnReferral(_ actor: Actor) -> Bool {
        actor.caseAccess.mayRead(assignee: nil, assigneeTeam: nil)
    }

    /// The CME category of a new referral: missing when whereabouts are unknown, else by the policy's WASP rules.
    func category(for referral: Referral, on day: Day) throws -> CMECore.Category {
        let unknown =
            referral.kind == .lostPupilNotice || referral.indicators[.whereaboutsUnknown]?.present == true
            || !referral.child.addresses.contains { $0.kind == .current }
        let since = referral.firstDayOfAbsence(on: self.policy.calendar) ?? referral.dateLastAttended?.adding(days: 1)
        let facts = EducationFacts(
            dateOfBirth: referral.child.dateOfBirth,
            whereaboutsKnown: !unknown,
            outOfEducationSince: since,
            hasEHCP: referral.child.hasEHCP,
            lookedAfter: referral.child.inCare
        )
        do {
            return try self.policy.classification.classify(facts, on: day, calendar: self.policy.calendar).category
        } catch {
            // No term dates for the day: the category waits for the officer rather than guessing.
            return unknown ? .missing : .wasp
        }
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
        model.category = try self.category(for: referral, on: local.day).rawValue
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
        try await model.insert(on: tx, queue: queue)
        try await row.insert(on: tx, queue: queue)
        try await ClockModel.insert(clocks, on: tx, queue: queue)
        return (model, row)
    }

    /// Exact UPN first, then name and date of birth allowing the usual typos; never a known sibling.
    /// `queued` are the children of this batch not yet written, who come after every child in the database;
    /// `read`, when given, is what the batch read for every check at once, and otherwise this check reads its own.
    func findKnownChild(
        _ child: Child,
        queued: [(ChildModel, aliases: [String])] = [],
        read: KnownChildren? = nil,
        on db: any Database
    ) async throws -> (ChildModel?, String?) {
        let stored = if let read { read } else { try await KnownChildren.read(for: [child], on: db) }
        if let upn = child.upn {
            if let found = stored.withUPN.first(where: { $0.upn == upn.value }) {
                return (try found.record(), "upn=exact")
            }
            if let found = queued.first(where: { $0.0.upn == upn.value }) { return (found.0, "upn=exact") }
        }
        let dob = child.dateOfBirth
        let dates = Self.datesRead(for: dob)
        let candidates =
            stored.bornOn.filter { dates.contains($0.dateOfBirth) }
            + queued.filter { dates.contains($0.0.dateOfBirth) }.map { ChildCandidate($0.0, aliases: $0.aliases) }
        let key = PersonKey(forename: child.forename, surname: child.surname, aliases: child.aliases, dateOfBirth: dob)
        for candidate in candidates {
            // A candidate with a different valid UPN is a different child, however alike the names.
            if let upn = child.upn, let theirs = candidate.upn, theirs != upn.value { continue }
            let other = PersonKey(
                forename: candidate.forename,
                surname: candidate.surname,
                aliases: candidate.aliases,
                dateOfBirth: (try? Day(iso: candidate.dateOfBirth)) ?? dob
            )
            let (same, evidence) = IntakeMatch.compare(key, other)
            if same { return (try candidate.record(), evidence) }
        }
        return (nil, nil)
    }

    /// The dates of birth the duplicate check reads for a child born on `dob`: that day, and the day with day and
    /// month swapped (a common typo).
    static func datesRead(for dob: Day) -> [String] {
        var dates = [dob.description]
        if dob.day <= 12, dob.day != dob.month, let swapped = Day(year: dob.year, month: dob.day, day: dob.month) {
            dates.append(swapped.description)
        }
        return dates
    }

    /// Writes a child not known before, with their details, now or with a batch's `queue`.
    func createChild(
        _ child: Child,
        queue: RowQueue,
        on db: any Database
    ) async throws -> (ChildModel, AddedDetails) {
        let model = ChildModel()
        model.forename = child.forename
        model.middleNames = child.middleNames
        model.surname = child.surname
        model.dateOfBirth = child.dateOfBirth.description
        model.gender = child.gender.rawValue
        model.ethnicity = child.ethnicity
        model.upn = child.upn?.value
        model.sen = child.sen.rawValue
        model.disability = child.disability
        model.inCare = child.inCare
        model.childProtectionPlan = child.childProtectionPlan
        model.privatelyFostered = child.privatelyFostered
        model.vulnerableGroups = child.vulnerableGroups.map(\.rawValue).sorted()
        model.searchForename = Normalise.name(child.forename)
        model.searchSurname = Normalise.name(child.surname)
        try await model.insert(on: db, queue: queue)
        queue.holds(model, aliases: child.aliases)
        return (model, try await self.mergeDetails(child, into: model, on: db, newRows: queue))
    }

    /// Adds what a referral says that the record does not have yet: aliases, addresses, contacts, schools. A child
    /// new in this batch (`newRows`, where their rows are queued) has none, so nothing is read first. Returns the
    /// other names and addresses added.
    @discardableResult
    func mergeDetails(
        _ child: Child,
        into model: ChildModel,
        on db: any Database,
        newRows queue: RowQueue? = nil
    ) async throws -> AddedDetails {
        var added = AddedDetails()
        let new = queue != nil
        let id = try model.requireID()
        let aliases = new ? [] : try await ChildAliasModel.query(on: db).filter(\.$child.$id == id).all().map(\.name)
        var names = child.aliases
        if Normalise.name(child.surname) != model.searchSurname { names.append(child.surname) }
        for name in Set(names) where !aliases.contains(name) {
            try await ChildAliasModel(childID: id, name: name, searchName: Normalise.name(name)).insert(
                on: db,
                queue: queue
            )
            added.aliases.append(name)
        }
        let addresses = new ? [] : try await ChildAddressModel.query(on: db).filter(\.$child.$id == id).all()
        for record in child.addresses {
            let postcode = record.address.postcode.map(Normalise.postcode)
            if addresses.contains(where: {
                $0.lines == record.address.lines && $0.postcode.map(Normalise.postcode) == postcode
            }) {
                continue
            }
            let address = ChildAddressModel()
            address.kind = record.kind.rawValue
            address.lines = record.address.lines
            address.town = record.address.town
            address.postcode = record.address.postcode
            address.restricted = record.address.restricted
            address.fromDate = record.from?.description
            address.toDate = record.to?.description
            address.$child.id = id
            try await address.insert(on: db, queue: queue)
            added.addresses.append(address)
        }
        let contacts = new ? [] : try await ChildContactModel.query(on: db).filter(\.$child.$id == id).all()
        for contact in child.contacts
        where !contacts.contains(where: { Normalise.name($0.name) == Normalise.name(contact.name) }) {
            let row = ChildContactModel()
            row.name = contact.name
            row.relationship = contact.relationship
            row.parentalResponsibility = contact.parentalResponsibility
            row.telephone = contact.telephone
            row.email = contact.email
            row.$child.id = id
            try await row.insert(on: db, queue: queue)
        }
        let schools = new ? [] : try await ChildSchoolModel.query(on: db).filter(\.$child.$id == id).all()
        for school in child.schools where !schools.contains(where: { $0.urn == school.urn && $0.name == school.name }) {
            let row = ChildSchoolModel()
            row.urn = school.urn
            row.name = school.name
            row.entryDate = school.entryDate?.description
            row.leavingDate = school.leavingDate?.description
            row.dateLastAttended = school.dateLastAttended?.description
            row.$child.id = id
            try await row.insert(on: db, queue: queue)
        }
        if child.childProtectionPlan && !model.childProtectionPlan || child.inCare && !model.inCare {
            model.childProtectionPlan = model.childProtectionPlan || child.childProtectionPlan
            model.inCare = model.inCare || child.inCare
            try await model.save(on: db)
        }
        return added
    }
}
