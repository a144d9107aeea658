import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// Every row a merge moved from the merged record to the kept one, and what it added, so that an unmerge puts each
/// back exactly (issue 18).
struct MovedRows: Codable, Equatable {
    var cases: [UUID] = []
    var referrals: [UUID] = []
    var aliases: [UUID] = []
    var addresses: [UUID] = []
    var contacts: [UUID] = []
    var schools: [UUID] = []
    /// The merged record's search keys, now the kept record's.
    var keys: [String] = []
    /// The other name the merge gave the kept record: the merged record's own name, when it differs.
    var addedAliases: [UUID] = []
    /// The child's open cases the merge joined into one (absent from merges made before cases were joined).
    var joins: [CaseJoin]?

    /// The tables whose rows move by id, with the column that names the child.
    static let tables: [(table: String, path: WritableKeyPath<MovedRows, [UUID]>)] = [
        (CaseModel.schema, \.cases), (ReferralModel.schema, \.referrals), (ChildAliasModel.schema, \.aliases),
        (ChildAddressModel.schema, \.addresses), (ChildContactModel.schema, \.contacts),
        (ChildSchoolModel.schema, \.schools),
    ]
}

/// Merging two records of one child, and undoing it (issue 18). A merge keeps one record with every name, address,
/// contact, school, referral and case of both, in one transaction, audited with both ids; the merged record stays,
/// pointing at the one kept, so that an unmerge restores both as they were.
extension CaseService {
    /// Merges `merged` into `kept`; `pair`, when the merge decides a pair in the queue. Returns the merge's id.
    @discardableResult
    public func mergeChildren(
        keep kept: UUID,
        merge merged: UUID,
        pair pairID: UUID? = nil,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> UUID {
        try self.requireDuplicateReviewer(actor)
        guard kept != merged else {
            throw ServiceError.invalid([FieldProblem("merge", "choose two different records to merge")])
        }
        return try await self.audited(on: db) { tx in
            guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
            guard let keptChild = try await ChildModel.find(kept, on: tx),
                let mergedChild = try await ChildModel.find(merged, on: tx)
            else { throw ServiceError.notFound("child") }
            for child in [keptChild, mergedChild] where child.mergedInto != nil {
                throw ServiceError.invalid([
                    FieldProblem("merge", "\(child.forename) \(child.surname)'s record was already merged into another")
                ])
            }
            // A restricted record (UK GDPR Art. 18) must not reach those it is kept from through the other one.
            guard (keptChild.processingRestrictedAt == nil) == (mergedChild.processingRestrictedAt == nil) else {
                throw ServiceError.invalid([
                    FieldProblem(
                        "merge",
                        "one of the two records is restricted (UK GDPR Art. 18): restrict both, or lift the restriction, first"
                    )
                ])
            }
            let siblings = try await SiblingLinkModel.query(on: tx).group(.or) {
                $0.group(.and) { $0.filter(\.$child.$id == kept).filter(\.$sibling.$id == merged) }
                $0.group(.and) { $0.filter(\.$child.$id == merged).filter(\.$sibling.$id == kept) }
            }.count()
            guard siblings == 0 else {
                throw ServiceError.invalid([FieldProblem("merge", "these two children are recorded as siblings")])
            }
            var moved = MovedRows()
            for (table, path) in MovedRows.tables {
                let rows = try await sql.raw("SELECT id FROM \(ident: table) WHERE child_id = \(bind: merged)").all()
                moved[keyPath: path] = try rows.map { try $0.decode(column: "id", as: UUID.self) }
                try await sql.raw(
                    "UPDATE \(ident: table) SET child_id = \(bind: kept) WHERE child_id = \(bind: merged)"
                )
                .run()
            }
            moved.keys = try await sql.raw("SELECT key FROM child_search_keys WHERE child_id = \(bind: merged)").all()
                .map { try $0.decode(column: "key", as: String.self) }
            try await sql.raw("UPDATE child_search_keys SET child_id = \(bind: kept) WHERE child_id = \(bind: merged)")
                .run()
            // The merged record's own name, when it differs, becomes another name of the record kept.
            let name = [mergedChild.forename, mergedChild.middleNames ?? "", mergedChild.surname]
                .filter { !$0.isEmpty }.joined(separator: " ")
            let keptName = [keptChild.forename, keptChild.middleNames ?? "", keptChild.surname]
                .filter { !$0.isEmpty }.joined(separator: " ")
            let aliases = try await ChildAliasModel.query(on: tx).filter(\.$child.$id == kept).all().map(\.name)
            if name != keptName, !aliases.contains(name) {
                let alias = ChildAliasModel(childID: kept, name: name, searchName: Normalise.name(name))
                try await alias.insert(on: tx, at: now)
                moved.addedAliases.append(try alias.requireID())
            }
            mergedChild.mergedInto = kept
            try await mergedChild.update(on: tx)
            // One child, one case: two open cases become one (Suffolk 9.5).
            let joins = try await self.joinOpenCases(of: kept, on: tx, at: now)
            if !joins.isEmpty { moved.joins = joins }
            let pair = try await self.settlePairs(kept, merged, status: .merged, by: actor, on: tx, at: now)
            let merge = ChildMergeModel()
            merge.id = UUID.timeOrdered(at: now)
            merge.keptID = kept
            merge.mergedID = merged
            merge.pairID = pairID ?? pair
            merge.moved = try JSONEncoder().encode(moved)
            merge.mergedAt = now
            merge.mergedBy = actor.userID
            try await merge.create(on: tx)
            let detail =
                "merged \(merged.uuidString) into \(kept.uuidString)"
                + joins.map { "; joined case \($0.joined.uuidString) into \($0.into.uuidString)" }.joined()
            return (try merge.requireID(), Self.childrenAudit([kept, merged], detail: detail, actor: actor, at: now))
        }
    }

    /// Undoes a merge: every row it moved goes back to the merged record, the other name it added goes, and the
    /// merged record is found again. Rows added to the kept record since stay with it. Audited with both ids.
    public func unmerge(_ mergeID: UUID, by actor: Actor, on db: any Database, at now: Date) async throws {
        try self.requireDuplicateReviewer(actor)
        try await self.audited(on: db) { tx in
            guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
            guard let merge = try await ChildMergeModel.find(mergeID, on: tx) else {
                throw ServiceError.notFound("merge \(mergeID)")
            }
            guard merge.undoneAt == nil else {
                throw ServiceError.invalid([FieldProblem("merge", "this merge was already undone")])
            }
            guard let kept = try await ChildModel.find(merge.keptID, on: tx),
                let merged = try await ChildModel.find(merge.mergedID, on: tx)
            else { throw ServiceError.notFound("child") }
            guard kept.mergedInto == nil else {
                throw ServiceError.invalid([
                    FieldProblem("merge", "the record kept was itself merged later: undo that merge first")
                ])
            }
            let moved = try JSONDecoder().decode(MovedRows.self, from: merge.moved)
            for join in (moved.joins ?? []).reversed() { try await self.part(join, on: tx, at: now) }
            for (table, path) in MovedRows.tables where !moved[keyPath: path].isEmpty {
                try await sql.raw(
                    """
                    UPDATE \(ident: table) SET child_id = \(bind: merge.mergedID)
                    WHERE id IN (\(binds: moved[keyPath: path])) AND child_id = \(bind: merge.keptID)
                    """
                ).run()
            }
            if !moved.addedAliases.isEmpty {
                try await sql.raw("DELETE FROM child_aliases WHERE id IN (\(binds: moved.addedAliases))").run()
            }
            try await Self.returnKeys(moved.keys, from: merge.keptID, to: merge.mergedID, on: tx)
            merged.mergedInto = nil
            try await merged.update(on: tx)
            merge.undoneAt = now
            merge.undoneBy = actor.userID
            try await merge.update(on: tx)
            // A merge undone was a wrong "same child": the pair is now known to be two children.
            try await self.settlePairs(merge.keptID, merge.mergedID, status: .different, by: actor, on: tx, at: now)
            let detail =
                "unmerged \(merge.mergedID.uuidString) from \(merge.keptID.uuidString)"
                + (moved.joins ?? []).map { "; parted case \($0.joined.uuidString) from \($0.into.uuidString)" }
                .joined()
            return ((), Self.childrenAudit([merge.keptID, merge.mergedID], detail: detail, actor: actor, at: now))
        }
    }

    /// The merges a record took part in, newest first.
    public func merges(of child: UUID, for actor: Actor, on db: any Database) async throws -> [ChildMergeModel] {
        try self.requireDuplicateReviewer(actor)
        return try await ChildMergeModel.query(on: db).group(.or) {
            $0.filter(\.$keptID == child).filter(\.$mergedID == child)
        }.sort(\.$mergedAt, .descending).all()
    }

    /// Search keys carry no id and may repeat, so the kept record's keys are counted, and the merged record's go
    /// back while the kept record keeps as many of each as it had of its own.
    private static func returnKeys(
        _ keys: [String],
        from kept: UUID,
        to merged: UUID,
        on db: any Database
    )
        async throws
    {
        guard !keys.isEmpty else { return }
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let distinct = Array(Set(keys))
        var held: [String: Int] = [:]
        for row in try await sql.raw(
            "SELECT key FROM child_search_keys WHERE child_id = \(bind: kept) AND key IN (\(binds: distinct))"
        ).all() {
            held[try row.decode(column: "key", as: String.self), default: 0] += 1
        }
        try await sql.raw(
            "DELETE FROM child_search_keys WHERE child_id = \(bind: kept) AND key IN (\(binds: distinct))"
        )
        .run()
        var returned: [String: Int] = [:]
        for key in keys { returned[key, default: 0] += 1 }
        var rows: [[RowInsert.Value]] = keys.map { [$0, merged] }
        for (key, count) in held where count > (returned[key] ?? 0) {
            rows += Array(repeating: [key, kept], count: count - (returned[key] ?? 0))
        }
        try await RowInsert.run(rows, into: "child_search_keys", columns: ["key", "child_id"], on: db)
    }

    /// Decides the queue's pairs between the two records; when there is none (a merge begun from search), records
    /// one, decided, so that every merge and every "different children" is listed. Returns the pair's id.
    @discardableResult
    private func settlePairs(
        _ a: UUID,
        _ b: UUID,
        status: DuplicatePairModel.Status,
        by actor: Actor,
        on tx: any Database,
        at now: Date
    ) async throws -> UUID {
        let pairs = try await DuplicatePairModel.query(on: tx).group(.or) {
            $0.group(.and) { $0.filter(\.$childID == a).filter(\.$otherID == b) }
            $0.group(.and) { $0.filter(\.$childID == b).filter(\.$otherID == a) }
        }.all()
        for pair in pairs {
            pair.status = status.rawValue
            pair.decidedAt = now
            pair.decidedBy = actor.userID
            try await pair.update(on: tx)
        }
        if let first = pairs.first { return try first.requireID() }
        let pair = DuplicatePairModel()
        (pair.childID, pair.otherID, pair.score, pair.agreeing, pair.differing) = (b, a, 0, [], [])
        (pair.status, pair.createdAt, pair.decidedAt, pair.decidedBy) = (status.rawValue, now, now, actor.userID)
        try await pair.create(on: tx)
        return try pair.requireID()
    }
}
