import Fluent
import Foundation
import SQLKit

extension CaseService {
    /// The cases with `references`, in that order, with their children's names: the rows of one page of a
    /// report's drill-down. The reports are read by those who read every case, so no scope applies here; the
    /// routes that call this admit only them.
    public func cases(
        references: [String],
        on db: any Database
    ) async throws -> (items: [CaseModel], names: [UUID: String]) {
        guard !references.isEmpty else { return ([], [:]) }
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        var list = SQLQueryString("")
        for (index, reference) in references.enumerated() {
            list = list + (index == 0 ? "" : ", ") + "\(bind: reference)"
        }
        let rows = try await sql.raw(
            """
            SELECT cases.*, children.forename AS ch_forename, children.surname AS ch_surname
            FROM cases JOIN children ON children.id = cases.child_id WHERE cases.reference IN (\(list))
            """
        ).all()
        var byReference: [String: CaseModel] = [:]
        var names: [UUID: String] = [:]
        for row in rows {
            let model = try CaseRows.caseModel(row)
            byReference[model.reference] = model
            names[model.$child.id] =
                "\(try row.decode(column: "ch_forename", as: String.self)) \(try row.decode(column: "ch_surname", as: String.self))"
        }
        return (references.compactMap { byReference[$0] }, names)
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
