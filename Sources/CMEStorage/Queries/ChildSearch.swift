import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// Finding a child: the LA's staff search by name, date of birth or UPN, within what they may open.
extension CaseService {
    /// The cases an EWO may open, as a condition on `cases`: the core's rule (`CaseAccess.mayRead`) as a query,
    /// their own cases and their team's when they have one.
    static func ewoCases(_ actor: Actor) -> SQLQueryString {
        let mine = actor.userID.map { "cases.assignee_id = \(bind: $0)" as SQLQueryString } ?? "1 = 0"
        // A restricted child's record (UK GDPR Art. 18) is not the EWO's to find.
        let open: SQLQueryString =
            "cases.child_id NOT IN (SELECT id FROM children WHERE processing_restricted_at IS NOT NULL)"
        guard let team = actor.team else { return "(\(mine) AND \(open))" }
        return "((\(mine) OR cases.assignee_id IN (SELECT id FROM users WHERE team = \(bind: team))) AND \(open))"
    }

    /// Children matching a name, date of birth or UPN, best first. Staff only; audited as a search.
    public func searchChildren(
        name: String?,
        dateOfBirth: Day?,
        upn: String?,
        for actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> [(child: ChildModel, score: Double, openCase: UUID?)] {
        let access = actor.caseAccess
        guard access.maySearchChildren else {
            throw ServiceError.forbidden("\(actor.role.label) may not search children")
        }
        // A name with nothing to search by (no letter or digit, or only a title such as "Mr") would match everyone
        // (issue 16: "_" listed 50 arbitrary children).
        let words = name.map(Normalise.words) ?? []
        if let name, words.isEmpty || !name.contains(where: { $0.isLetter || $0.isNumber }) {
            throw ServiceError.invalid([FieldProblem("name", "'\(name)' has no letter or digit to search by")])
        }
        let query = ChildModel.query(on: db)
        if access.searchIsNarrowed {
            // An EWO finds only the children of cases they may open (their own and their team's).
            guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
            let rows = try await sql.raw("SELECT DISTINCT cases.child_id FROM cases WHERE \(Self.ewoCases(actor))")
                .all()
            let ids = try rows.map { try $0.decode(column: "child_id", as: UUID.self) }
            guard !ids.isEmpty else { return [] }
            query.filter(\.$id ~~ ids)
        }
        if let upn { query.filter(\.$upn == upn) }
        if let dateOfBirth { query.filter(\.$dateOfBirth == dateOfBirth.description) }
        if let surname = words.last, upn == nil, dateOfBirth == nil {
            // Block on the surname's first letter, then score every candidate.
            query.filter(\.$searchSurname >= String(surname.prefix(1))).filter(
                \.$searchSurname < String(surname.prefix(1)) + "~"
            )
        }
        let candidates = try await query.limit(5000).all()
        var scored: [(ChildModel, Double)] = candidates.map { child in
            guard !words.isEmpty else { return (child, 1) }
            let full = "\(child.searchForename) \(child.searchSurname)"
            return (child, StringDistance.jaroWinkler(words.joined(separator: " "), full))
        }
        scored = scored.filter { $0.1 >= 0.8 }.sorted { $0.1 > $1.1 }
        let top = Array(scored.prefix(50))
        let open = try await CaseModel.query(on: db).filter(\.$child.$id ~~ Set(top.compactMap(\.0.id)))
            .filter(\.$state != CaseState.closed.rawValue).all()
        // Each child a search shows is a read of that child's record.
        try await self.audit.record(
            top.compactMap { child, _ in
                child.id.map {
                    AuditRecord(
                        at: now,
                        actor: actor,
                        action: .search,
                        entityType: "child",
                        entityID: $0.uuidString,
                        childID: $0
                    )
                }
            }
        )
        return top.map { child, score in (child, score, open.first { $0.$child.id == child.id }?.id) }
    }
}
