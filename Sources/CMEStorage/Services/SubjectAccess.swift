import CMECore
import Fluent
import Foundation

/// Everything held about one child, for a subject access request (UK GDPR Art. 15; issue 16): the record, every
/// referral as it was sent, every case with its timeline and clocks, and who has seen and changed it, from the audit
/// trail. Written out as JSON and as a readable HTML page (`cme sar`, the officer's page).
public struct SubjectAccessRecord: Codable, Sendable {
    public struct Person: Codable, Sendable {
        public var forename: String
        public var middleNames: String?
        public var surname: String
        public var otherNames: [String]
        public var dateOfBirth: String
        public var gender: String
        public var ethnicity: String?
        public var upn: String?
        public var sen: String
        public var disability: String?
        public var inCare: Bool
        public var childProtectionPlan: Bool
        public var privatelyFostered: Bool
        public var vulnerableGroups: [String]
        public var addresses: [Address]
        public var contacts: [Contact]
        public var schools: [School]
        /// Restriction of processing (UK GDPR Art. 18), when the record is restricted.
        public var restrictedSince: Date?
        public var restrictionReason: String?
    }

    public struct Address: Codable, Sendable {
        public var lines: [String]
        public var town: String?
        public var postcode: String?
        public var kind: String
        public var restricted: Bool
    }

    public struct Contact: Codable, Sendable {
        public var name: String
        public var relationship: String?
        public var parentalResponsibility: Bool
        public var telephone: String?
        public var email: String?
    }

    public struct School: Codable, Sendable {
        public var name: String
        public var urn: String?
        public var entryDate: String?
        public var leavingDate: String?
        public var dateLastAttended: String?
    }

    public struct ReferralEntry: Codable, Sendable {
        public var reference: String
        public var kind: String
        public var receivedAt: Date
        public var organisation: String?
        /// The referral exactly as it was sent.
        public var asSent: Referral?
    }

    public struct CaseEntry: Codable, Sendable {
        public var reference: String
        public var state: String
        public var category: String
        public var episode: Int
        public var openedAt: Date
        public var closedAt: Date?
        public var timeline: [Event]
        public var clocks: [Clock]
    }

    public struct Event: Codable, Sendable {
        public var at: Date
        public var what: String
        public var by: String?
        public var details: [String: String]
    }

    public struct Clock: Codable, Sendable {
        public var rule: String
        public var due: String
        public var state: String
    }

    /// One line of the audit trail about the child: who saw or changed what, when.
    public struct Access: Codable, Sendable {
        public var at: Date
        public var who: String
        public var role: String
        public var action: String
        public var record: String
        public var detail: String?
        /// The record the line was written against when it is not the child's own: a record since merged into it.
        public var mergedRecordID: UUID?
    }

    public var childID: UUID
    /// Records of the same child merged into this one (issue 18): their trail is part of this child's.
    public var mergedRecordIDs: [UUID]
    public var generatedAt: Date
    public var localAuthority: String
    public var child: Person
    public var referrals: [ReferralEntry]
    public var cases: [CaseEntry]
    public var accesses: [Access]

    /// The record as JSON: keys sorted, dates in ISO 8601, for a reader or another system.
    public var json: Data {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return try encoder.encode(self)
        }
    }
}

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
