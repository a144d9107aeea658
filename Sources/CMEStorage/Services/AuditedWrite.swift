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
