import CMECore
import Fluent
import Foundation
import SQLKit

/// Open cases counted by category and by reason, each largest first, for the dashboard's charts (a missing value
/// counts as "not recorded", an empty string), with how many await triage and how many clocks are overdue: the
/// dashboard's cards, which counted only the rows its lists show (at most 20 and 50). One pass over the open cases
/// gives them all.
public struct OpenCaseCounts: Sendable {
    public var byCategory: [(String, Int)]
    public var byReason: [(String, Int)]
    /// Open cases not yet triaged (state `opened`).
    public var awaitingTriage: Int
    /// Overdue clocks on open cases (each case keeps its count, `overdue_clocks`, current with every command and
    /// the sweep).
    public var overdueClocks: Int

    public var total: Int { self.byCategory.reduce(0) { $0 + $1.1 } }

    /// The sums are cast: PostgreSQL sums a BIGINT column as NUMERIC, which does not decode as an integer.
    static func read(on db: any Database) async throws -> OpenCaseCounts {
        let rows = try await CaseRows.sql(db).raw(
            """
            SELECT category, reason, COUNT(*) AS n,
            CAST(SUM(CASE WHEN state = \(bind: CaseState.opened.rawValue) THEN 1 ELSE 0 END) AS BIGINT) AS opened,
            CAST(SUM(overdue_clocks) AS BIGINT) AS overdue
            FROM cases WHERE state <> \(bind: CaseState.closed.rawValue) GROUP BY category, reason
            """
        ).all()
        var category: [String: Int] = [:]
        var reason: [String: Int] = [:]
        var (opened, overdue) = (0, 0)
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            opened += try row.decode(column: "opened", as: Int?.self) ?? 0
            overdue += try row.decode(column: "overdue", as: Int?.self) ?? 0
            category[try row.decode(column: "category", as: String?.self) ?? "", default: 0] += n
            reason[try row.decode(column: "reason", as: String?.self) ?? "", default: 0] += n
        }
        func ordered(_ counts: [String: Int]) -> [(String, Int)] {
            counts.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        }
        return OpenCaseCounts(
            byCategory: ordered(category),
            byReason: ordered(reason),
            awaitingTriage: opened,
            overdueClocks: overdue
        )
    }
}
