import CMECore
import Fluent
import Foundation
import SQLKit

/// The casework service: applies the core's state machine, the policy's clocks and triage to every command, in one
/// transaction per command, and writes the audit trail.
public struct CaseService: Sendable {
    public let policy: Policy
    public let time: LocalTime
    public let audit: AuditLog
    /// One writer at a time on SQLite.
    public let gate: WriteGate
    /// Referrals that arrive together are taken in together: one transaction for the group (group commit).
    let intakes = IntakeQueue()
    /// How many children the register holds and carry a referral's names, for intake's duplicate check.
    let registerCounts = RegisterCounts()
    /// Roles that may act on any case of the LA (`Role.laWide`, named once in the core).
    static let laWide = Role.laWide

    public init(policy: Policy, audit: AuditLog, gate: WriteGate = .none, time: LocalTime = .england) {
        self.policy = policy
        self.audit = audit
        self.gate = gate
        self.time = time
    }

    /// The next value of a named counter, inside the caller's transaction. The upsert is standard SQL that SQLite
    /// (3.35+) and PostgreSQL both run, and is atomic: two writers never take the same number.
    /// `count` takes that many numbers at once and returns the last of them.
    public static func nextValue(_ name: String, count: Int = 1, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let row = try await sql.raw(
            """
            INSERT INTO counters (name, value) VALUES (\(bind: name), \(bind: count))
            ON CONFLICT (name) DO UPDATE SET value = counters.value + \(bind: count) RETURNING value
            """
        ).first()
        guard let value = try row?.decode(column: "value", as: Int.self) else {
            throw ServiceError.notFound("counter \(name)")
        }
        return value
    }

    /// A reference such as `CME-2025-000123`.
    static func reference(prefix: String, year: Int, on db: any Database) async throws -> String {
        self.reference(prefix: prefix, year: year, number: try await self.nextValue("\(prefix)-\(year)", on: db))
    }

    static func reference(prefix: String, year: Int, number: Int) -> String {
        let digits = String(number)
        return "\(prefix)-\(year)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }

    /// Whether `actor` may see `model`: the core's rule (`CaseAccess`) on the case's assignee and their team. A
    /// referrer never reads the case, whatever it referred (issue 16).
    /// A restricted child's case (UK GDPR Art. 18) is seen by officers and managers only.
    func maySee(_ model: CaseModel, actor: Actor, on db: any Database) async throws -> Bool {
        guard actor.role.readsCases else { return false }
        let access = actor.caseAccess
        // Those who read every case (officers and managers) read this one.
        if access.mayRead(assignee: nil, assigneeTeam: nil) { return true }
        guard actor.role == .ewo, let assignee = model.$assignee.id else { return false }
        let team = assignee == actor.userID ? nil : try await UserModel.find(assignee, on: db)?.team
        guard access.mayRead(assignee: assignee, assigneeTeam: team) else { return false }
        return !(try await self.childIsRestricted(model.$child.id, on: db))
    }
}

extension Actor {
    /// The reader, for the core's disclosure rules.
    public var caseAccess: CaseAccess {
        CaseAccess(role: self.role, userID: self.userID, team: self.team, organisationID: self.organisationID)
    }
}
