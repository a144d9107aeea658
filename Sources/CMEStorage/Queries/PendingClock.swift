import CMECore
import Fluent
import Foundation
import SQLKit

/// A clock not yet met, with its case's reference and child's name: a row of the dashboard's overdue clocks and of
/// the team manager's reviews, read in one query (not a clock, its case and its child as three whole models).
public struct PendingClock: Sendable, Equatable {
    public var caseID: UUID
    public var reference: String
    public var childName: String
    public var ruleID: String
    public var due: String
    public var state: String
    public var ownerRole: String

    /// Clocks in `states`, by deadline, optionally only those `ownerRole` owns, at most `limit`.
    static func read(
        states: [String],
        ownerRole: Role?,
        limit: Int,
        on db: any Database
    ) async throws -> [PendingClock] {
        var condition: SQLQueryString = "clocks.state IN (\(binds: states))"
        if let ownerRole { condition = condition + " AND clocks.owner_role = \(bind: ownerRole.rawValue)" }
        return try await CaseRows.sql(db).raw(
            """
            SELECT clocks.case_id, clocks.rule_id, clocks.due, clocks.state, clocks.owner_role, cases.reference,
            children.forename, children.surname
            FROM clocks JOIN cases ON cases.id = clocks.case_id JOIN children ON children.id = cases.child_id
            WHERE \(condition) ORDER BY clocks.deadline LIMIT \(literal: limit)
            """
        ).all().map { row in
            PendingClock(
                caseID: try row.decode(column: "case_id", as: UUID.self),
                reference: try row.decode(column: "reference", as: String.self),
                childName:
                    "\(try row.decode(column: "forename", as: String.self)) \(try row.decode(column: "surname", as: String.self))",
                ruleID: try row.decode(column: "rule_id", as: String.self),
                due: try row.decode(column: "due", as: String.self),
                state: try row.decode(column: "state", as: String.self),
                ownerRole: try row.decode(column: "owner_role", as: String.self)
            )
        }
    }
}
