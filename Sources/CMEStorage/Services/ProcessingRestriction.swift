import CMECore
import Fluent
import Foundation
import SQLKit

/// Restriction of processing (UK GDPR Art. 18; issue 16). A restricted child's record is read only by the LA's
/// officers and managers, each read with a reason that goes into the audit trail; EWOs no longer find or open it.
extension CaseService {
    /// Restricts the child's record with `reason`, or lifts the restriction (`reason` nil). Audited with the change.
    public func setProcessingRestriction(
        childID: UUID,
        reason: String?,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws {
        guard actor.caseAccess.mayRestrictProcessing else {
            throw ServiceError.forbidden("\(actor.role.label) may not restrict a child's record")
        }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.isEmpty || reason.count > 1000 {
            throw ServiceError.invalid([
                FieldProblem("reason", "say why the record is restricted (up to 1000 characters)")
            ])
        }
        guard let child = try await ChildModel.find(childID, on: db) else {
            throw ServiceError.notFound("child \(childID)")
        }
        child.processingRestrictedAt = reason == nil ? nil : now
        child.processingRestrictedBy = reason == nil ? nil : actor.userID
        child.processingRestrictionReason = reason
        try await self.audited(on: db) { tx in
            try await child.update(on: tx)
            let record = AuditRecord(
                at: now,
                actor: actor,
                action: .update,
                entityType: "child",
                entityID: childID.uuidString,
                childID: childID,
                detail: reason.map { "processing restricted: \($0)" } ?? "restriction of processing lifted"
            )
            return ((), [record])
        }
    }

    /// Checks a read of a restricted child's record: only officers and managers, with a reason. Returns the audit
    /// detail the read carries (nil when the record is not restricted).
    func restrictedReadDetail(_ child: ChildModel, for actor: Actor, reason: String?) throws -> String? {
        guard child.processingRestrictedAt != nil else { return nil }
        guard actor.caseAccess.mayReadRestrictedRecord else {
            throw ServiceError.notFound("child \(child.id?.uuidString ?? "")")
        }
        guard let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
            throw ServiceError.invalid([
                FieldProblem(
                    "accessReason",
                    "this child's record is restricted (UK GDPR Art. 18): say why you need to read it"
                )
            ])
        }
        return "restricted record read: \(String(reason.prefix(500)))"
    }

    /// Whether the child of a case is under restriction of processing.
    func childIsRestricted(_ childID: UUID, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let row = try await sql.raw(
            "SELECT processing_restricted_at FROM children WHERE id = \(bind: childID)"
        ).first()
        return try row?.decode(column: "processing_restricted_at", as: Date?.self) != nil
    }
}
