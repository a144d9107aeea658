import Crypto
import Fluent
import Foundation

extension CaseService {
    /// Runs a write and the audit rows that record it in one transaction, so that both commit or neither does
    /// (issue 16): user administration, restriction, disposal. `body` returns its value and the rows.
    public func audited<T: Sendable>(
        on db: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> (T, [AuditRecord])
    ) async throws -> T {
        try await self.gate.transaction(db) { tx in
            let (value, records) = try await body(tx)
            try await self.audit.append(records, on: tx)
            return value
        }
    }
}

extension CaseService {
    /// Records in the audit trail that the policy was loaded, when its file differs from the one last recorded
    /// (issue 16: policy changes are in the hash chain). A policy is changed by editing its file, so the change is
    /// seen, and recorded with the file's SHA-256, when a server or command first loads the new file.
    public func recordPolicyLoaded(file: String, contents: Data, on db: any Database, at now: Date) async throws {
        let digest = Hex.string(SHA256.hash(data: contents))
        let last = try await AuditEntryModel.query(on: db).filter(\.$entityType == "policy")
            .filter(\.$entityID == self.policy.id).sort(\.$seq, .descending).first()
        guard last?.detail?.hasSuffix(digest) != true else { return }
        try await self.audited(on: db) { _ in
            let record = AuditRecord(
                at: now,
                actor: .system,
                action: last == nil ? .create : .update,
                entityType: "policy",
                entityID: self.policy.id,
                childID: nil,
                detail: "\(last == nil ? "loaded" : "changed"): \(file), SHA-256 \(digest)"
            )
            return ((), [record])
        }
    }
}
