import CMECore
import CMEMatching
import Fluent
import Foundation

/// What intake did with a referral.
public struct IntakeResult: Sendable, Equatable {
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
}

extension CaseService {
    /// Takes in a referral or notice: finds or creates the child, then opens, attaches to or reopens their case.
    public func intake(
        _ referral: Referral,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> IntakeResult {
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

        let local = self.time.local(now)
        let result = try await self.gate.transaction(db) { tx -> IntakeResult in
            let (known, evidence) = try await self.findKnownChild(referral.child, on: tx)
            let child: ChildModel
            if let known {
                child = known
                try await self.mergeDetails(referral.child, into: known, on: tx)
            } else {
                child = try await self.createChild(referral.child, on: tx)
            }
            let childID = try child.requireID()

            let stored = ReferralModel()
            stored.reference = try await Self.reference(prefix: "REF", year: local.day.year, on: tx)
            stored.kind = referral.kind.rawValue
            stored.reason = referral.reason
            stored.source = referral.source
            stored.receivedAt = now
            stored.form = try JSONEncoder().encode(referral)
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
            var newCase: [CaseEventModel]?

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
                closed.firstAbsenceDay = referral.firstDayOfAbsence?.description
                closed.$referringOrganisation.id = actor.organisationID
                try await closed.save(on: tx)
                newEpisode = true
                target = closed
            } else if referral.kind.mayOpenCase {
                let (opened, first) = try await self.openCase(
                    for: referral,
                    child: child,
                    actor: actor,
                    at: now,
                    on: tx
                )
                target = opened
                newCase = [first]
            }
            if let target {
                stored.$case.id = try target.requireID()
                try await self.syncClocks(target, on: tx, at: now, newCase: newCase)
            }
            try await stored.insert(on: tx)
            return IntakeResult(
                referralID: try stored.requireID(),
                reference: stored.reference,
                childID: childID,
                caseID: target?.id,
                attached: attached,
                newEpisode: newEpisode,
                matchEvidence: evidence
            )
        }
        var rows = [
            AuditRecord(
                at: now,
                actor: actor,
                action: .create,
                entityType: "referral",
                entityID: result.referralID.uuidString,
                childID: result.childID
            ),
            AuditRecord(
                at: now,
                actor: actor,
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
                    at: now,
                    actor: actor,
                    action: action,
                    entityType: "case",
                    entityID: caseID.uuidString,
                    childID: result.childID
                )
            )
        }
        try await self.audit.record(rows)
        return result
    }

    /// The CME category of a new referral: missing when whereabouts are unknown, else by the policy's WASP rules.
    func category(for referral: Referral, on day: Day) throws -> CMECore.Category {
        let unknown =
            referral.kind == .lostPupilNotice || referral.indicators[.whereaboutsUnknown]?.present == true
            || !referral.child.addresses.contains { $0.kind == .current }
        let since = referral.firstDayOfAbsence ?? referral.dateLastAttended?.adding(days: 1)
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

    func openCase(
        for referral: Referral,
        child: ChildModel,
        actor: Actor,
        at now: Date,
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
        // Version 1 from the start: the case and its first event are written in the same transaction.
        model.version = 1
        model.reference = try await Self.reference(prefix: "CME", year: local.day.year, on: tx)
        model.policyID = self.policy.id
        model.state = snapshot.state.rawValue
        model.category = try self.category(for: referral, on: local.day).rawValue
        model.episode = 1
        model.reason = referral.reason
        model.source = referral.source
        model.schoolURN = referral.child.schools.last?.urn
        model.dateOfBirth = referral.child.dateOfBirth.description
        model.firstAbsenceDay = referral.firstDayOfAbsence?.description
        model.openedAt = now
        model.episodeOpenedAt = now
        model.lastEventAt = now
        model.overdueClocks = 0
        model.facts = referral.triageFacts.map(\.rawValue).sorted()
        model.$child.id = try child.requireID()
        model.$referringOrganisation.id = actor.organisationID
        try await model.insert(on: tx)
        let row = try await self.insertEvent(first, seq: 1, episode: 1, case: model, actor: actor, on: tx)
        return (model, row)
    }

    /// Exact UPN first, then name and date of birth allowing the usual typos; never a known sibling.
    func findKnownChild(_ child: Child, on db: any Database) async throws -> (ChildModel?, String?) {
        if let upn = child.upn,
            let found = try await ChildModel.query(on: db).filter(\.$upn == upn.value).first()
        {
            return (found, "upn=exact")
        }
        let dob = child.dateOfBirth
        var dates = [dob.description]
        if dob.day <= 12, dob.day != dob.month, let swapped = Day(year: dob.year, month: dob.day, day: dob.month) {
            dates.append(swapped.description)
        }
        let candidates = try await CaseRows.children(bornOn: dates, on: db)
        let key = PersonKey(forename: child.forename, surname: child.surname, aliases: child.aliases, dateOfBirth: dob)
        for (candidate, aliases) in candidates {
            // A candidate with a different valid UPN is a different child, however alike the names.
            if let upn = child.upn, let theirs = candidate.upn, theirs != upn.value { continue }
            let other = PersonKey(
                forename: candidate.forename,
                surname: candidate.surname,
                aliases: aliases,
                dateOfBirth: (try? Day(iso: candidate.dateOfBirth)) ?? dob
            )
            let (same, evidence) = IntakeMatch.compare(key, other)
            if same { return (candidate, evidence) }
        }
        return (nil, nil)
    }

    func createChild(_ child: Child, on db: any Database) async throws -> ChildModel {
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
        try await model.insert(on: db)
        try await self.mergeDetails(child, into: model, on: db, new: true)
        return model
    }

    /// Adds what a referral says that the record does not have yet: aliases, addresses, contacts, schools. A child
    /// `new` in this transaction has none, so nothing is read first.
    func mergeDetails(_ child: Child, into model: ChildModel, on db: any Database, new: Bool = false) async throws {
        let id = try model.requireID()
        let aliases = new ? [] : try await ChildAliasModel.query(on: db).filter(\.$child.$id == id).all().map(\.name)
        var names = child.aliases
        if Normalise.name(child.surname) != model.searchSurname { names.append(child.surname) }
        for name in Set(names) where !aliases.contains(name) {
            try await ChildAliasModel(childID: id, name: name, searchName: Normalise.name(name)).create(on: db)
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
            try await address.insert(on: db)
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
            try await row.create(on: db)
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
            try await row.create(on: db)
        }
        if child.childProtectionPlan && !model.childProtectionPlan || child.inCare && !model.inCare {
            model.childProtectionPlan = model.childProtectionPlan || child.childProtectionPlan
            model.inCare = model.inCare || child.inCare
            try await model.save(on: db)
        }
    }
}
