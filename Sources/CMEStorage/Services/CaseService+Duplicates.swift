import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// A child record as the possible-duplicates queue shows it, beside the other: who the record says the child is,
/// where they lived and went to school, and their cases.
public struct ChildRecordSummary: Sendable {
    public var child: ChildModel
    public var otherNames: [String]
    public var addresses: [ChildAddressModel]
    public var schools: [ChildSchoolModel]
    /// The child's cases, newest first: reference, state and id.
    public var cases: [(reference: String, state: CaseState, id: UUID)]
}

/// One pair in the possible-duplicates queue, with both records side by side.
public struct DuplicatePairView: Sendable {
    public var pair: DuplicatePairModel
    /// The record intake opened.
    public var child: ChildRecordSummary
    /// The known record it resembled.
    public var other: ChildRecordSummary
    /// The merge that decided the pair, while it stands (to undo it).
    public var merge: UUID?
}

/// The possible-duplicates queue (issue 18): pairs intake was not sure of wait here for an officer or manager, who
/// decides "same child" (a merge, `CaseService+Merge`) or "different children" (never proposed again).
extension CaseService {
    /// Writes the pairs intake found for a new record, with the batch's `queue` or now.
    func queuePossibleDuplicates(
        _ possible: [(UUID, PossibleDuplicate)],
        of childID: UUID,
        referral: ReferralModel,
        queue: RowQueue?,
        on db: any Database,
        at now: Date
    ) async throws {
        guard !possible.isEmpty else { return }
        let columns = [
            "id", "child_id", "other_id", "score", "agreeing", "differing", "status", "referral_reference",
            "created_at",
        ]
        try await RowInsert.add(
            DuplicatePairModel.schema,
            columns: columns,
            queue: queue,
            on: db,
            rows: possible.map { other, duplicate in
                let id = UUID.timeOrdered(at: now)
                return {
                    [
                        id, childID, other, duplicate.score, duplicate.agreeing, duplicate.differing,
                        DuplicatePairModel.Status.open.rawValue, referral.reference, now,
                    ]
                }
            }
        )
    }

    public func requireDuplicateReviewer(_ actor: Actor) throws {
        guard actor.caseAccess.mayReviewDuplicates else {
            throw ServiceError.forbidden("\(actor.role.label) may not review possible duplicates")
        }
    }

    /// The pairs waiting for a decision, newest first (or those decided, with `status`). Each record shown is a read,
    /// audited.
    public func duplicatePairs(
        status: DuplicatePairModel.Status = .open,
        for actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> [DuplicatePairView] {
        try self.requireDuplicateReviewer(actor)
        let pairs = try await DuplicatePairModel.query(on: db).filter(\.$status == status.rawValue)
            .sort(\.$createdAt, .descending).limit(200).all()
        return try await self.views(pairs, for: actor, on: db, at: now)
    }

    /// Two records side by side that are not (yet) a pair in the queue: an officer comparing two children found by
    /// search before merging them.
    public func compareChildren(
        _ a: UUID,
        _ b: UUID,
        for actor: Actor,
        on db: any Database,
        at now: Date
    )
        async throws -> (ChildRecordSummary, ChildRecordSummary, PossibleDuplicate)
    {
        try self.requireDuplicateReviewer(actor)
        let summaries = try await self.summaries([a, b], on: db)
        guard let x = summaries[a], let y = summaries[b] else { throw ServiceError.notFound("child") }
        try await self.auditReads([a, b], for: actor, at: now)
        return (x, y, PossibleDuplicate.compare(Self.searchCandidate(x), with: Self.searchCandidate(y)))
    }

    /// Which record of a pair a merge keeps.
    public enum KeptRecord: Sendable, Equatable {
        /// The known record the new one resembled.
        case known
        /// The record intake opened.
        case new
        /// This one (which must be one of the pair).
        case record(UUID)
    }

    /// A person's decision on a pair: "same child" merges the two, keeping `keep`; "different children" closes the
    /// pair for good. Returns the merge, when there was one.
    @discardableResult
    public func decideDuplicate(
        _ id: UUID,
        sameChild: Bool,
        keep: KeptRecord = .known,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> (kept: UUID, merge: UUID)? {
        try self.requireDuplicateReviewer(actor)
        guard sameChild else {
            try await self.decideDifferent(id, by: actor, on: db, at: now)
            return nil
        }
        guard let pair = try await DuplicatePairModel.find(id, on: db) else {
            throw ServiceError.notFound("possible duplicate \(id)")
        }
        guard pair.status == DuplicatePairModel.Status.open.rawValue else {
            throw ServiceError.invalid([
                FieldProblem("decision", "this pair was already decided: \(Self.statusLabel(pair.status))")
            ])
        }
        let kept =
            switch keep {
            case .known: pair.otherID
            case .new: pair.childID
            case .record(let id): id
            }
        guard kept == pair.childID || kept == pair.otherID else {
            throw ServiceError.invalid([FieldProblem("keep", "choose one of the two records to keep")])
        }
        let merged = kept == pair.childID ? pair.otherID : pair.childID
        let merge = try await self.mergeChildren(keep: kept, merge: merged, pair: id, by: actor, on: db, at: now)
        return (kept, merge)
    }

    /// "Different children": the pair is closed and never proposed again. Audited with both ids.
    public func decideDifferent(_ id: UUID, by actor: Actor, on db: any Database, at now: Date) async throws {
        try self.requireDuplicateReviewer(actor)
        try await self.audited(on: db) { tx in
            guard let pair = try await DuplicatePairModel.find(id, on: tx) else {
                throw ServiceError.notFound("possible duplicate \(id)")
            }
            guard pair.status == DuplicatePairModel.Status.open.rawValue else {
                throw ServiceError.invalid([
                    FieldProblem("decision", "this pair was already decided: \(Self.statusLabel(pair.status))")
                ])
            }
            pair.status = DuplicatePairModel.Status.different.rawValue
            pair.decidedAt = now
            pair.decidedBy = actor.userID
            try await pair.update(on: tx)
            let detail = "different children: \(pair.childID.uuidString) and \(pair.otherID.uuidString)"
            return ((), Self.pairAudit(pair, detail: detail, actor: actor, at: now))
        }
    }

    static func statusLabel(_ raw: String) -> String {
        DuplicatePairModel.Status(rawValue: raw)?.label ?? raw
    }

    /// An audit row for each of the pair's records.
    static func pairAudit(_ pair: DuplicatePairModel, detail: String, actor: Actor, at now: Date) -> [AuditRecord] {
        Self.childrenAudit([pair.childID, pair.otherID], detail: detail, actor: actor, at: now)
    }

    /// An audit row of a change to each of `children`, saying what was done.
    static func childrenAudit(_ children: [UUID], detail: String, actor: Actor, at now: Date) -> [AuditRecord] {
        children.map {
            AuditRecord(
                at: now,
                actor: actor,
                action: .update,
                entityType: "child",
                entityID: $0.uuidString,
                childID: $0,
                detail: detail
            )
        }
    }

    private func views(
        _ pairs: [DuplicatePairModel],
        for actor: Actor,
        on db: any Database,
        at now: Date
    )
        async throws -> [DuplicatePairView]
    {
        let ids = Array(Set(pairs.flatMap { [$0.childID, $0.otherID] }))
        let summaries = try await self.summaries(ids, on: db)
        try await self.auditReads(ids, for: actor, at: now)
        let pairIDs = pairs.compactMap(\.id)
        var merges: [UUID: UUID] = [:]
        if !pairIDs.isEmpty {
            for merge in try await ChildMergeModel.query(on: db).filter(\.$pairID ~~ pairIDs).filter(\.$undoneAt == nil)
                .all()
            {
                if let pair = merge.pairID { merges[pair] = merge.id }
            }
        }
        return pairs.compactMap { pair in
            guard let child = summaries[pair.childID], let other = summaries[pair.otherID] else { return nil }
            return DuplicatePairView(pair: pair, child: child, other: other, merge: pair.id.flatMap { merges[$0] })
        }
    }

    private func auditReads(_ ids: [UUID], for actor: Actor, at now: Date) async throws {
        try await self.audit.record(
            ids.map {
                AuditRecord(
                    at: now,
                    actor: actor,
                    action: .read,
                    entityType: "child",
                    entityID: $0.uuidString,
                    childID: $0
                )
            }
        )
    }

    /// The records of `ids` with their other names, addresses, schools and cases.
    func summaries(_ ids: [UUID], on db: any Database) async throws -> [UUID: ChildRecordSummary] {
        guard !ids.isEmpty else { return [:] }
        let children = try await ChildModel.query(on: db).filter(\.$id ~~ ids).all()
        let aliases = try await ChildAliasModel.query(on: db).filter(\.$child.$id ~~ ids).sort(\.$name).all()
        let addresses = try await ChildAddressModel.query(on: db).filter(\.$child.$id ~~ ids).sort(\.$createdAt).all()
        let schools = try await ChildSchoolModel.query(on: db).filter(\.$child.$id ~~ ids).all()
        let cases = try await CaseModel.query(on: db).filter(\.$child.$id ~~ ids).sort(\.$openedAt, .descending).all()
        var result: [UUID: ChildRecordSummary] = [:]
        for child in children {
            guard let id = child.id else { continue }
            result[id] = ChildRecordSummary(
                child: child,
                otherNames: aliases.filter { $0.$child.id == id }.map(\.name),
                addresses: addresses.filter { $0.$child.id == id },
                schools: schools.filter { $0.$child.id == id },
                cases: cases.filter { $0.$child.id == id }.compactMap { model in
                    model.id.map { (model.reference, CaseState(rawValue: model.state) ?? .opened, $0) }
                }
            )
        }
        return result
    }

    static func searchCandidate(_ summary: ChildRecordSummary) -> SearchCandidate {
        let child = summary.child
        return SearchCandidate(
            id: child.id?.uuidString ?? "",
            forename: child.forename,
            middleNames: child.middleNames,
            surname: child.surname,
            otherNames: summary.otherNames,
            dateOfBirth: try? Day(iso: child.dateOfBirth),
            upns: child.upn.map { [$0] } ?? [],
            postcodes: summary.addresses.compactMap(\.postcode)
        )
    }
}
