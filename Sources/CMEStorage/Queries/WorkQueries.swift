import CMECore
import Fluent
import Foundation
import SQLKit

/// What the staff dashboards and team pages list: counts, queues and clocks. Standard SQL only, for both databases.
public struct WorkQueries: Sendable {
    public let db: any Database

    public init(db: any Database) { self.db = db }

    /// Open cases counted by category and by reason, for the dashboard.
    public func openCounts() async throws -> OpenCaseCounts {
        try await OpenCaseCounts.read(on: self.db)
    }

    /// Open cases in one of `states`, newest first, optionally only those without an owner.
    public func openCases(
        in states: [CaseState],
        unassignedOnly: Bool = false,
        limit: Int = 50
    ) async throws
        -> [CaseModel]
    {
        let query = CaseModel.query(on: self.db).filter(\.$state ~~ states.map(\.rawValue))
        if unassignedOnly { query.filter(\.$assignee.$id == nil) }
        return try await query.sort(\.$openedAt, .descending).limit(limit).all()
    }

    /// The rows of open cases in one of `states`, newest first.
    public func openSummaries(in states: [CaseState], limit: Int = 50) async throws -> [CaseSummary] {
        try await CaseSummary.read(
            where: "cases.state IN (\(binds: states.map(\.rawValue)))",
            order: "cases.opened_at DESC",
            limit: limit,
            on: self.db
        )
    }

    /// The rows of the open cases assigned to `userID`, most overdue first.
    public func assigned(to userID: UUID, limit: Int = 100) async throws -> [CaseSummary] {
        try await CaseSummary.read(
            where: "cases.assignee_id = \(bind: userID) AND cases.state <> \(bind: CaseState.closed.rawValue)",
            order: "cases.overdue_clocks DESC, cases.opened_at DESC",
            limit: limit,
            on: self.db
        )
    }

    /// How many open cases are assigned to `userID`.
    public func assignedCount(to userID: UUID) async throws -> Int {
        try await CaseRows.sql(self.db).raw(
            """
            SELECT COUNT(*) AS n FROM cases
            WHERE assignee_id = \(bind: userID) AND state <> \(bind: CaseState.closed.rawValue)
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Clocks not yet met, by deadline: overdue ones first. `ownerRole` narrows to one owner (the manager's
    /// review list).
    public func pendingClocks(
        ownerRole: Role? = nil,
        overdueOnly: Bool = false,
        limit: Int = 50
    ) async throws -> [PendingClock] {
        try await PendingClock.read(
            states: overdueOnly ? ["overdue"] : ["overdue", "running"],
            ownerRole: ownerRole,
            limit: limit,
            on: self.db
        )
    }

    /// Each EWO with their open and overdue case counts (counted by the database, not read case by case).
    public func caseload() async throws -> [(user: UserModel, open: Int, overdue: Int)] {
        let ewos = try await UserModel.query(on: self.db).filter(\.$role == Role.ewo.rawValue).filter(\.$active == true)
            .sort(\.$team).sort(\.$displayName).all()
        var counts: [UUID: (open: Int, overdue: Int)] = [:]
        for row in try await CaseRows.sql(self.db).raw(
            """
            SELECT assignee_id, COUNT(*) AS open, SUM(CASE WHEN overdue_clocks > 0 THEN 1 ELSE 0 END) AS overdue
            FROM cases WHERE state <> \(bind: CaseState.closed.rawValue) AND assignee_id IS NOT NULL
            GROUP BY assignee_id
            """
        ).all() {
            counts[try row.decode(column: "assignee_id", as: UUID.self)] = (
                try row.decode(column: "open", as: Int.self), try row.decode(column: "overdue", as: Int.self)
            )
        }
        return ewos.map { user in
            let mine = user.id.flatMap { counts[$0] } ?? (0, 0)
            return (user, mine.open, mine.overdue)
        }
    }

    /// Children's names for case rows, read by id (names only, not whole records).
    public func childNames(_ cases: [CaseModel]) async throws -> [UUID: String] {
        let ids = Array(Set(cases.map(\.$child.id)))
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for row in try await CaseRows.sql(self.db).raw(
            "SELECT id, forename, surname FROM children WHERE id IN (\(binds: ids))"
        ).all() {
            names[try row.decode(column: "id", as: UUID.self)] =
                "\(try row.decode(column: "forename", as: String.self)) \(try row.decode(column: "surname", as: String.self))"
        }
        return names
    }

    /// Users' display names by id (names only, not whole user records).
    public func userNames(_ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for row in try await CaseRows.sql(self.db).raw(
            "SELECT id, display_name FROM users WHERE id IN (\(binds: Array(ids)))"
        ).all() {
            names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "display_name", as: String.self)
        }
        return names
    }
}
