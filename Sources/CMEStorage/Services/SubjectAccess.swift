import CMECore
import Fluent
import Foundation

extension CaseService {
    /// Who may take a subject access export: the LA's officers and managers, the auditor (the data protection
    /// officer), and the command line.
    public static func mayExportSubjectAccess(_ actor: Actor) -> Bool {
        Role.laWide.contains(actor.role) || actor.role == .auditor || actor == .system
    }

    /// Everything held about the child `childID`. The export is itself in the audit trail. A record merged into
    /// another (issue 18) is the same child: its export is the kept record's, which carries the merged record's trail.
    public func subjectAccess(
        childID requested: UUID,
        for actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> SubjectAccessRecord {
        guard Self.mayExportSubjectAccess(actor) else {
            throw ServiceError.forbidden("\(actor.role.label) may not take a subject access export")
        }
        let (childID, merged) = try await Self.mergedRecords(of: requested, on: db)
        guard
            let child = try await ChildModel.query(on: db).filter(\.$id == childID).with(\.$aliases)
                .with(\.$addresses).with(\.$contacts).with(\.$schools).first()
        else { throw ServiceError.notFound("child \(childID)") }
        // The export is recorded before it is assembled: a failed export was still an attempt to read the record.
        try await self.audit.record([
            AuditRecord(
                at: now,
                actor: actor,
                action: .read,
                entityType: "child",
                entityID: childID.uuidString,
                childID: childID,
                detail: "subject access export"
            )
        ])
        let users = Dictionary(
            try await UserModel.query(on: db).all().compactMap { user in user.id.map { ($0, user) } },
            uniquingKeysWith: { first, _ in first }
        )
        let organisations = Dictionary(
            try await OrganisationModel.query(on: db).all().compactMap { org in org.id.map { ($0, org.name) } },
            uniquingKeysWith: { first, _ in first }
        )
        let referrals = try await ReferralModel.query(on: db).filter(\.$child.$id == childID)
            .sort(\.$receivedAt).all()
        let cases = try await CaseModel.query(on: db).filter(\.$child.$id == childID).sort(\.$openedAt).all()
        var caseEntries: [SubjectAccessRecord.CaseEntry] = []
        for model in cases {
            let id = try model.requireID()
            let events = try await CaseEventModel.query(on: db).filter(\.$case.$id == id).sort(\.$seq).all()
            let clocks = try await ClockModel.query(on: db).filter(\.$case.$id == id).all()
            caseEntries.append(
                SubjectAccessRecord.CaseEntry(
                    reference: model.reference,
                    state: CaseState(rawValue: model.state)?.label ?? model.state,
                    category: CMECore.Category(rawValue: model.category)?.label ?? model.category,
                    episode: model.episode,
                    openedAt: model.openedAt,
                    closedAt: model.closedAt,
                    timeline: events.map { event in
                        SubjectAccessRecord.Event(
                            at: event.at,
                            what: CaseEventKind(rawValue: event.kind)?.label ?? event.kind,
                            by: event.$actor.id.flatMap { users[$0]?.displayName },
                            details: Self.details(of: event)
                        )
                    },
                    clocks: clocks.map { clock in
                        SubjectAccessRecord.Clock(
                            rule: self.policy.clock(clock.ruleID)?.title ?? clock.ruleID,
                            due: clock.due,
                            state: clock.state
                        )
                    }
                )
            )
        }
        let trail = try await AuditEntryModel.query(on: db).filter(
            \.$childID ~~ ([childID] + merged).map(Optional.some)
        ).sort(\.$seq)
            .all()
        return SubjectAccessRecord(
            childID: childID,
            mergedRecordIDs: merged,
            generatedAt: now,
            localAuthority: self.policy.localAuthority,
            child: Self.person(child),
            referrals: referrals.map { referral in
                SubjectAccessRecord.ReferralEntry(
                    reference: referral.reference,
                    kind: NoticeKind(rawValue: referral.kind)?.label ?? referral.kind,
                    receivedAt: referral.receivedAt,
                    organisation: referral.$organisation.id.flatMap { organisations[$0] },
                    asSent: try? JSONDecoder().decode(Referral.self, from: referral.form)
                )
            },
            cases: caseEntries,
            accesses: trail.map { row in
                SubjectAccessRecord.Access(
                    at: row.at,
                    who: row.userID.flatMap { users[$0]?.displayName } ?? "the system",
                    role: Role(rawValue: row.role)?.label ?? row.role,
                    action: row.action,
                    record: row.entityType,
                    detail: row.detail,
                    mergedRecordID: row.childID == childID ? nil : row.childID
                )
            }
        )
    }

    /// The record `id` stands for now (the one it was merged into, through any later merges), and every record
    /// merged into that one, directly or through another.
    static func mergedRecords(of id: UUID, on db: any Database) async throws -> (kept: UUID, merged: [UUID]) {
        var kept = id
        var seen: Set<UUID> = [id]
        while let next = try await ChildModel.find(kept, on: db)?.mergedInto, seen.insert(next).inserted {
            kept = next
        }
        var merged: [UUID] = []
        var frontier = [kept]
        while !frontier.isEmpty {
            let found = try await ChildModel.query(on: db).filter(\.$mergedInto ~~ frontier.map(Optional.some)).all()
                .compactMap(\.id)
            frontier = found.filter { !merged.contains($0) && $0 != kept }
            merged += frontier
        }
        return (kept, merged.sorted { $0.uuidString < $1.uuidString })
    }

    static func person(_ child: ChildModel) -> SubjectAccessRecord.Person {
        SubjectAccessRecord.Person(
            forename: child.forename,
            middleNames: child.middleNames,
            surname: child.surname,
            otherNames: child.aliases.map(\.name).sorted(),
            dateOfBirth: child.dateOfBirth,
            gender: child.gender,
            ethnicity: child.ethnicity,
            upn: child.upn,
            sen: child.sen,
            disability: child.disability,
            inCare: child.inCare,
            childProtectionPlan: child.childProtectionPlan,
            privatelyFostered: child.privatelyFostered,
            vulnerableGroups: child.vulnerableGroups.sorted(),
            addresses: child.addresses.map {
                .init(lines: $0.lines, town: $0.town, postcode: $0.postcode, kind: $0.kind, restricted: $0.restricted)
            },
            contacts: child.contacts.map {
                .init(
                    name: $0.name,
                    relationship: $0.relationship,
                    parentalResponsibility: $0.parentalResponsibility,
                    telephone: $0.telephone,
                    email: $0.email
                )
            },
            schools: child.schools.map {
                .init(
                    name: $0.name,
                    urn: $0.urn,
                    entryDate: $0.entryDate,
                    leavingDate: $0.leavingDate,
                    dateLastAttended: $0.dateLastAttended
                )
            },
            restrictedSince: child.processingRestrictedAt,
            restrictionReason: child.processingRestrictionReason
        )
    }

    static func details(of event: CaseEventModel) -> [String: String] {
        var details: [String: String] = [:]
        details["reason"] = event.reason
        details["source"] = event.source
        details["outcome"] = event.outcome
        details["destination"] = event.destination
        details["target"] = event.target.flatMap(EscalationTarget.init(rawValue:))?.label ?? event.target
        details["reference"] = event.reference
        details["action"] = event.action
        details["note"] = event.note
        return details
    }
}
