import CMECore
import Fluent
import Foundation
import SQLKit

/// Open cases counted by category and by reason, each largest first, for the dashboard's charts; a missing value
/// counts as "not recorded" (an empty string). One pass over the open cases gives both.
public struct OpenCaseCounts: Sendable {
    public var byCategory: [(String, Int)]
    public var byReason: [(String, Int)]

    public var total: Int { self.byCategory.reduce(0) { $0 + $1.1 } }

    static func read(on db: any Database) async throws -> OpenCaseCounts {
        let rows = try await CaseRows.sql(db).raw(
            """
            SELECT category, reason, COUNT(*) AS n FROM cases WHERE state <> \(bind: CaseState.closed.rawValue)
            GROUP BY category, reason
            """
        ).all()
        var category: [String: Int] = [:]
        var reason: [String: Int] = [:]
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            category[try row.decode(column: "category", as: String?.self) ?? "", default: 0] += n
            reason[try row.decode(column: "reason", as: String?.self) ?? "", default: 0] += n
        }
        func ordered(_ counts: [String: Int]) -> [(String, Int)] {
            counts.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        }
        return OpenCaseCounts(byCategory: ordered(category), byReason: ordered(reason))
    }
}
