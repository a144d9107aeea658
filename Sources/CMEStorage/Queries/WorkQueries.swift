import CMECore
import Fluent
import Foundation
import SQLKit

/// What the staff dashboards and team pages list: counts, queues and clocks. Standard SQL only, for both databases.
public struct WorkQueries: Sendable {
    public let db: any Database

    public init(db: any Database) { self.db = db }

    /// Open cases counted by a column (`category`, `reason`, `source`), largest first; a missing value counts as
    /// "not recorded".
    public func openCounts(by column: String) async throws -> [(String, Int)] {
        guard ["category", "reason", "source", "state"].contains(column), let sql = self.db as? any SQLDatabase else {
            return []
        }
        let rows = try await sql.select().column(SQLIdentifier(column), as: "value")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("cases").where("state", .notEqual, CaseState.closed.rawValue)
            .groupBy(SQLIdentifier(column)).all()
        return try rows.map { row in
            (
                try row.decodeNil(column: "value") ? "" : try row.decode(column: "value", as: String.self),
                try row.decode(column: "n", as: Int.self)
            )
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
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

    /// Open cases assigned to `userID`, most overdue first.
    public func assigned(to userID: UUID, limit: Int = 100) async throws -> [CaseModel] {
        try await CaseModel.query(on: self.db).filter(\.$assignee.$id == userID)
            .filter(\.$state != CaseState.closed.rawValue)
            .sort(\.$overdueClocks, .descending).sort(\.$openedAt, .descending).limit(limit).all()
    }

    /// Clocks not yet met, by deadline: overdue ones first. `ownerRole` narrows to one owner (the manager's
    /// review list).
    public func pendingClocks(
        ownerRole: Role? = nil,
        overdueOnly: Bool = false,
        limit: Int = 50
    ) async throws
        -> [ClockModel]
    {
        let query = ClockModel.query(on: self.db).with(\.$case)
        query.filter(\.$state ~~ (overdueOnly ? ["overdue"] : ["overdue", "running"]))
        if let ownerRole { query.filter(\.$ownerRole == ownerRole.rawValue) }
        return try await query.sort(\.$deadline).limit(limit).all()
    }

    /// Each EWO with their open and overdue case counts.
    public func caseload() async throws -> [(user: UserModel, open: Int, overdue: Int)] {
        let ewos = try await UserModel.query(on: self.db).filter(\.$role == Role.ewo.rawValue).filter(\.$active == true)
            .sort(\.$team).sort(\.$displayName).all()
        let open = try await CaseModel.query(on: self.db).filter(\.$state != CaseState.closed.rawValue)
            .filter(\.$assignee.$id ~~ Set(ewos.compactMap(\.id))).all()
        return ewos.map { user in
            let mine = open.filter { $0.$assignee.id == user.id }
            return (user, mine.count, mine.filter { $0.overdueClocks > 0 }.count)
        }
    }

    /// Children's names for case rows.
    public func childNames(_ cases: [CaseModel]) async throws -> [UUID: String] {
        let ids = Set(cases.map(\.$child.id))
        guard !ids.isEmpty else { return [:] }
        let children = try await ChildModel.query(on: self.db).filter(\.$id ~~ ids).all()
        var names: [UUID: String] = [:]
        for child in children { if let id = child.id { names[id] = "\(child.forename) \(child.surname)" } }
        return names
    }

    /// Users' display names by id.
    public func userNames(_ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for user in try await UserModel.query(on: self.db).filter(\.$id ~~ ids).all() {
            if let id = user.id { names[id] = user.displayName }
        }
        return names
    }
}
