import Fluent
import Foundation
import SQLKit

extension CaseService {
    /// The rows of the cases with `references`, in that order: one page of a report's drill-down. The reports are
    /// read by those who read every case, so no scope applies here; the routes that call this admit only them.
    public func caseSummaries(references: [String], on db: any Database) async throws -> [CaseSummary] {
        guard !references.isEmpty else { return [] }
        let rows = try await CaseSummary.read(
            where: "cases.reference IN (\(binds: references))",
            order: "cases.reference",
            limit: references.count,
            on: db
        )
        let byReference = Dictionary(rows.map { ($0.reference, $0) }) { first, _ in first }
        return references.compactMap { byReference[$0] }
    }

    /// The ids of the cases with `references`, for links from a report (one query for the references and ids
    /// only: reading whole case models through Fluent took two fifths of a report page's time at 20,000 cases).
    public func caseIDs(references: Set<String>, on db: any Database) async throws -> [String: UUID] {
        guard !references.isEmpty else { return [:] }
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        var ids: [String: UUID] = [:]
        let all = Array(references)
        for start in stride(from: 0, to: all.count, by: 500) {
            var list = SQLQueryString("")
            for (index, reference) in all[start..<min(start + 500, all.count)].enumerated() {
                list = list + (index == 0 ? "" : ", ") + "\(bind: reference)"
            }
            for row in try await sql.raw("SELECT id, reference FROM cases WHERE reference IN (\(list))").all() {
                ids[try row.decode(column: "reference", as: String.self)] = try row.decode(column: "id", as: UUID.self)
            }
        }
        return ids
    }
}
