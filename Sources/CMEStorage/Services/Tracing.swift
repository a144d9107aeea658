import CMECore
import CMEMatching
import Fluent
import Foundation

/// What a lost-pupil search did.
public struct TracingSearchResult: Sendable, Equatable {
    /// Lost records searched, and roll records and open cases searched against.
    public var lost: Int
    public var searched: Int
    /// New pairs put in the review queue.
    public var queued: Int
    /// Pairs found again that a person had already confirmed or rejected (not queued again).
    public var alreadyDecided: Int
    /// Pairs already waiting in the queue.
    public var alreadyQueued: Int
}

extension CaseService {
    /// How many candidates per lost record go to the queue: the best few, never a long tail.
    static let candidatesPerLostRecord = 3

    /// The weekly lost-pupil search (Suffolk 11.7): other LAs' lost pupils against the LA's roll and the children
    /// of open cases. Pairs scoring "possible" or better join the review queue unless a person already decided
    /// them. All or nothing: one transaction.
    public func lostPupilSearch(
        lost: [PupilRecord],
        roll: [PupilRecord],
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> TracingSearchResult {
        guard Self.laWide.contains(actor.role) || actor == .system else {
            throw ServiceError.forbidden("\(actor.role.label) may not run a lost-pupil search")
        }
        let open = try await self.openCaseRecords(on: db)
        let index = roll + open.map(\.record)
        let caseOf = Dictionary(uniqueKeysWithValues: open.map { ($0.record.recordID, $0.caseID) })
        let byID = Dictionary(index.map { ($0.recordID, $0) }, uniquingKeysWith: { first, _ in first })
        let lostByID = Dictionary(lost.map { ($0.recordID, $0) }, uniquingKeysWith: { first, _ in first })
        let matches = Linker().link(roll: index, lost: lost, threshold: 0.9, bestOnly: false)
        let searched = index.count
        return try await self.gate.transaction(db) { tx in
            // The pairs already proposed for these lost pupils, read once rather than once per match.
            var known: [String: TracingCandidateModel.Status] = [:]
            let lostKeys = Array(Set(lost.map(\.tracingKey)))
            // In slices, to stay well inside both databases' limits on bound parameters.
            for start in stride(from: 0, to: lostKeys.count, by: 1000) {
                let slice = lostKeys[start..<min(start + 1000, lostKeys.count)]
                for candidate in try await TracingCandidateModel.query(on: tx).filter(\.$search == "lost_pupil")
                    .filter(\.$lostKey ~~ Array(slice)).all()
                {
                    known["\(candidate.lostKey)\u{0}\(candidate.rollKey)"] = candidate.status
                }
            }
            var perLost: [String: Int] = [:]
            var result = TracingSearchResult(
                lost: lost.count,
                searched: searched,
                queued: 0,
                alreadyDecided: 0,
                alreadyQueued: 0
            )
            for match in matches {
                guard let lostRecord = lostByID[match.lostID], let rollRecord = byID[match.rollID] else { continue }
                guard perLost[match.lostID, default: 0] < Self.candidatesPerLostRecord else { continue }
                perLost[match.lostID, default: 0] += 1
                let caseID = caseOf[match.rollID]
                let rollKey = caseID.map { "case:\($0.uuidString.lowercased())" } ?? rollRecord.tracingKey
                if let status = known["\(lostRecord.tracingKey)\u{0}\(rollKey)"] {
                    if status == .pending { result.alreadyQueued += 1 } else { result.alreadyDecided += 1 }
                    continue
                }
                let candidate = TracingCandidateModel()
                candidate.createdAt = now
                candidate.search = "lost_pupil"
                candidate.lostKey = lostRecord.tracingKey
                candidate.lostRecord = try JSONEncoder().encode(lostRecord.columns)
                candidate.rollKey = rollKey
                candidate.rollRecord = try JSONEncoder().encode(rollRecord.columns)
                candidate.score = match.score
                candidate.band = match.band.rawValue
                candidate.evidence = match.evidence.map(\.description).joined(separator: "; ")
                candidate.status = .pending
                candidate.$case.id = caseID
                try await candidate.create(on: tx)
                known["\(candidate.lostKey)\u{0}\(rollKey)"] = .pending
                result.queued += 1
            }
            return result
        }
    }

    /// The children of open cases as records to search against, keyed `case:<id>`.
    public func openCaseRecords(on db: any Database) async throws -> [(caseID: UUID, record: PupilRecord)] {
        let cases = try await CaseModel.query(on: db).filter(\.$state != CaseState.closed.rawValue).all()
        let childIDs = Set(cases.map(\.$child.id))
        guard !childIDs.isEmpty else { return [] }
        let children = try await ChildModel.query(on: db).filter(\.$id ~~ childIDs).all()
        let addresses = try await ChildAddressModel.query(on: db).filter(\.$child.$id ~~ childIDs).all()
        var byID: [UUID: ChildModel] = [:]
        for child in children { if let id = child.id { byID[id] = child } }
        return cases.compactMap { model in
            guard let caseID = model.id, let child = byID[model.$child.id] else { return nil }
            let postcode = addresses.last { $0.$child.id == model.$child.id && !$0.restricted }?.postcode
            return (
                caseID,
                PupilRecord(
                    recordID: "case:\(caseID.uuidString.lowercased())",
                    upn: child.upn,
                    forename: child.forename,
                    middleNames: child.middleNames,
                    surname: child.surname,
                    dateOfBirth: try? Day(iso: child.dateOfBirth),
                    gender: child.gender,
                    postcode: postcode,
                    schoolURN: model.schoolURN
                )
            )
        }
    }

    /// The pairs waiting for a person, the surest first.
    public func pendingCandidates(on db: any Database, limit: Int = 200) async throws -> [TracingCandidateModel] {
        try await TracingCandidateModel.query(on: db).filter(\.$status == .pending).sort(\.$score, .descending)
            .sort(\.$createdAt).limit(limit).all()
    }

    /// The latest decisions, newest first.
    public func decidedCandidates(on db: any Database, limit: Int = 50) async throws -> [TracingCandidateModel] {
        try await TracingCandidateModel.query(on: db).filter(\.$status != .pending).sort(\.$decidedAt, .descending)
            .limit(limit).all()
    }

    /// Confirms or rejects a pair. A confirmed pair whose roll side is an open case adds a note to the case's
    /// timeline (the lead and its evidence); a rejection is kept, so the same pair is never proposed again.
    public func decide(
        candidateID: UUID,
        confirm: Bool,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws {
        // A person decides: the decision and any note on the case carry their name.
        guard Self.laWide.contains(actor.role) else {
            throw ServiceError.forbidden("\(actor.role.label) may not decide tracing matches")
        }
        guard let candidate = try await TracingCandidateModel.find(candidateID, on: db) else {
            throw ServiceError.notFound("candidate \(candidateID)")
        }
        guard candidate.status == .pending else {
            throw ServiceError.invalid([FieldProblem("decision", "this pair was already \(candidate.status.rawValue)")])
        }
        // The case's note first: if it cannot be written (the case changed), nothing is decided.
        if confirm, let caseID = candidate.$case.id, let model = try await CaseModel.find(caseID, on: db),
            model.state != CaseState.closed.rawValue
        {
            let lost = candidate.lost
            let who = [lost["forename"], lost["surname"]].compactMap { $0 }.joined(separator: " ")
            let note =
                "Matches another LA's lost pupil \(lost["record_id"] ?? "") (\(who), school \(lost["school_urn"] ?? "not given"))"
                + ", probability \(String(format: "%.2f", candidate.score)): \(candidate.evidence)"
            try await self.record(
                EventCommand(kind: .noteAdded, expectedVersion: model.version, note: String(note.prefix(10_000))),
                caseID: caseID,
                by: actor,
                on: db,
                at: now
            )
        }
        candidate.status = confirm ? .confirmed : .rejected
        candidate.decidedAt = now
        candidate.$decidedBy.id = actor.userID
        var found: UUID?
        if let caseID = candidate.$case.id { found = try await CaseModel.find(caseID, on: db)?.$child.id }
        let child = found
        // The decision is in the audit trail with the change (issue 16: every write).
        try await self.audited(on: db) { tx in
            try await candidate.update(on: tx)
            let record = AuditRecord(
                at: now,
                actor: actor,
                action: .update,
                entityType: "tracing_candidate",
                entityID: candidateID.uuidString,
                childID: child,
                detail: confirm ? "confirmed as the same child" : "rejected: a different child"
            )
            return ((), [record])
        }
    }
}

/// What referring the failure-to-transfer list did.
public struct ReferralBatchResult: Sendable, Equatable {
    /// New cases opened, and referrals that attached to a known child's open case instead (Suffolk 9.5).
    public var opened: Int
    public var attached: Int
    /// The references of the referrals made.
    public var references: [String]
    /// Records without a name or date of birth, which cannot be referred.
    public var skipped: [String]
    /// Records whose referral was refused, each with the reason; the others were made.
    public var failed: [String] = []
}

extension CaseService {
    /// Suffolk 8.1: each child who failed to transfer becomes a CME referral with reason FTT.
    public func referFailedToTransfer(
        _ untraced: [TracingReports.Untraced],
        lastYear: Day,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> ReferralBatchResult {
        guard Self.laWide.contains(actor.role) || actor == .system else {
            throw ServiceError.forbidden("\(actor.role.label) may not make failure-to-transfer referrals")
        }
        guard self.policy.codes.reasons.contains(where: { $0.code == "FTT" }) else {
            throw ServiceError.invalid([FieldProblem("reason", "policy \(self.policy.id) has no reason code FTT")])
        }
        var result = ReferralBatchResult(opened: 0, attached: 0, references: [], skipped: [])
        var requests: [IntakeRequest] = []
        var records: [String] = []
        for row in untraced {
            let r = row.record
            guard let forename = r.forename, let surname = r.surname, let dob = r.dateOfBirth else {
                result.skipped.append(r.recordID)
                continue
            }
            var child = Child(forename: forename, surname: surname, dateOfBirth: dob)
            child.upn = r.upn.flatMap { try? UPN($0) }
            child.gender = r.gender.flatMap { Gender(rawValue: String($0.prefix(1)).uppercased()) } ?? .notKnown
            if r.address != nil || r.postcode != nil {
                child.addresses = [
                    AddressRecord(
                        address: Address(lines: r.address.map { [$0] } ?? [], postcode: r.postcode),
                        kind: .lastKnown
                    )
                ]
            }
            if let urn = r.schoolURN { child.schools = [SchoolEnrolment(urn: urn, name: "School \(urn)")] }
            let year =
                row.ncYear.flatMap(SchoolAge.ncYearLabel).map { $0 == "N" ? "Nursery" : "Year \($0)" }
                ?? "a transfer year"
            let referral = Referral(
                child: child,
                reason: "FTT",
                additionalInformation:
                    "Failure to transfer (Suffolk 8.1): in \(year) at URN \(r.schoolURN ?? "not given") on \(lastYear), on none of this September's rolls. Cohort record \(r.recordID)."
            )
            requests.append(IntakeRequest(referral, by: actor, at: now))
            records.append(r.recordID)
        }
        // Taken in together (group commit), each referral standing alone if the database refuses one: the ones
        // made are reported with the ones refused.
        for (record, taken) in zip(records, await self.intake(requests, on: db)) {
            switch taken {
            case .success(let intake):
                if intake.attached { result.attached += 1 } else { result.opened += 1 }
                result.references.append(intake.reference)
            case .failure(let error):
                result.failed.append("\(record): \(error)")
            }
        }
        return result
    }
}
