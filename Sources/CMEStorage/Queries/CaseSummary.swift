import CMECore
import Fluent
import Foundation
import SQLKit

/// One row of a list of cases (the dashboard, "my cases", a report's drill-down): what the row shows and nothing
/// more, with the child's name, read in one query. Decoding whole case and child models for a list of fifty to a
/// hundred and seventy rows took most of the dashboard's time at 20,000 cases (BENCHMARKS.md, "Web pages").
public struct CaseSummary: Sendable, Equatable {
    public var id: UUID
    public var reference: String
    public var childID: UUID
    public var childName: String
    public var state: String
    public var assigneeID: UUID?
    public var openedAt: Date
    public var overdueClocks: Int

    public init(
        id: UUID,
        reference: String,
        childID: UUID,
        childName: String,
        state: String,
        assigneeID: UUID?,
        openedAt: Date,
        overdueClocks: Int
    ) {
        self.id = id
        self.reference = reference
        self.childID = childID
        self.childName = childName
        self.state = state
        self.assigneeID = assigneeID
        self.openedAt = openedAt
        self.overdueClocks = overdueClocks
    }

    /// The row of a case already read whole (the case list, which the API shares), with its child's name.
    public init(_ model: CaseModel, childName: String) throws {
        self.init(
            id: try model.requireID(),
            reference: model.reference,
            childID: model.$child.id,
            childName: childName,
            state: model.state,
            assigneeID: model.$assignee.id,
            openedAt: model.openedAt,
            overdueClocks: model.overdueClocks
        )
    }

    static let columns: SQLQueryString = """
        cases.id, cases.reference, cases.child_id, cases.state, cases.assignee_id, cases.opened_at, \
        cases.overdue_clocks, children.forename AS child_forename, children.surname AS child_surname
        """

    /// The summaries of the cases `condition` selects, in `order`, at most `limit`.
    static func read(
        where condition: SQLQueryString,
        order: SQLQueryString,
        limit: Int,
        on db: any Database
    ) async throws -> [CaseSummary] {
        try await CaseRows.sql(db).raw(
            """
            SELECT \(Self.columns) FROM cases JOIN children ON children.id = cases.child_id
            WHERE \(condition) ORDER BY \(order) LIMIT \(literal: limit)
            """
        ).all().map(Self.init(row:))
    }

    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: UUID.self),
            reference: try row.decode(column: "reference", as: String.self),
            childID: try row.decode(column: "child_id", as: UUID.self),
            childName:
                "\(try row.decode(column: "child_forename", as: String.self)) \(try row.decode(column: "child_surname", as: String.self))",
            state: try row.decode(column: "state", as: String.self),
            assigneeID: try row.decode(column: "assignee_id", as: UUID?.self),
            openedAt: try row.decode(column: "opened_at", as: Date.self),
            overdueClocks: try row.decode(column: "overdue_clocks", as: Int.self)
        )
    }
}
