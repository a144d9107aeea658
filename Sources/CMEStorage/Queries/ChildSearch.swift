import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// A child a search found: the record, how well it matches what was typed and why, and their open case.
public struct ChildSearchResult: Sendable {
    public var child: ChildModel
    public var score: Double
    public var reasons: [String]
    public var openCase: UUID?
}

/// Why a search is made: casework (officers, managers, EWOs within their cases), or the auditor finding a child's
/// audit trail.
public enum ChildSearchPurpose: Sendable {
    case casework
    case auditTrail
}

/// One page of a search's results.
public struct ChildSearchPage: Sendable {
    public static let size = 25
    /// At most this many children are ranked; a search that finds more says so and asks for more to go on.
    public static let candidateLimit = 1000

    public var results: [ChildSearchResult]
    /// How many children agreed with what was typed.
    public var total: Int
    public var page: Int
    public var pages: Int { max(1, (self.total + Self.size - 1) / Self.size) }
    /// More children shared what was typed than were ranked.
    public var truncated: Bool
}

/// Finding a child (issue 18): by any name in any order, part of a name, a misspelling, a date of birth (day and
/// month perhaps swapped), a UPN (perhaps a former one) or a postcode; ranked by the tracing engine; within what the
/// searcher may open.
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

    /// Children agreeing with `query`, best first, `page` of them. Staff only; each child shown is audited as a
    /// search.
    public func searchChildren(
        _ query: ChildSearchQuery,
        name: String? = nil,
        page: Int = 1,
        purpose: ChildSearchPurpose = .casework,
        for actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> ChildSearchPage {
        let access = actor.caseAccess
        guard purpose == .auditTrail ? access.mayFindChildTrail : access.maySearchChildren else {
            throw ServiceError.forbidden("\(actor.role.label) may not search children")
        }
        // A name with nothing to search by (no letter or digit, or only a title such as "Mr") would match everyone
        // (issue 16: "_" listed 50 arbitrary children); an initial alone narrows nothing.
        if let name, !name.isEmpty, query.names.isEmpty {
            let problem =
                name.contains(where: { $0.isLetter || $0.isNumber }) && !query.words.isEmpty
                ? "'\(name)' has no name of two letters or more to search by"
                : "'\(name)' has no letter or digit to search by"
            throw ServiceError.invalid([FieldProblem("name", problem)])
        }
        guard !query.isEmpty else {
            throw ServiceError.invalid([
                FieldProblem("name", "give a name, date of birth, UPN or postcode to search by")
            ])
        }
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let (ids, truncated) = try await Self.candidates(query, for: actor, on: sql)
        let candidates = try await Self.searchCandidates(ids, for: query, on: sql)
        // The page asked for, or the last, is the one put into words.
        let requested = max(1, page)
        var ranked = ChildSearchRanking.rank(
            query,
            among: candidates,
            explaining: ((requested - 1) * ChildSearchPage.size)..<(requested * ChildSearchPage.size)
        )
        let pages = max(1, (ranked.count + ChildSearchPage.size - 1) / ChildSearchPage.size)
        let number = min(requested, pages)
        if number != requested {
            ranked = ChildSearchRanking.rank(
                query,
                among: candidates,
                explaining: ((number - 1) * ChildSearchPage.size)..<(number * ChildSearchPage.size)
            )
        }
        let shown = ranked.dropFirst((number - 1) * ChildSearchPage.size).prefix(ChildSearchPage.size)
        // Whole records only for the page shown (ranking reads the identifying columns alone).
        let shownIDs = shown.compactMap { UUID(uuidString: $0.id) }
        var models: [String: ChildModel] = [:]
        if !shownIDs.isEmpty {
            for row in try await sql.raw("SELECT * FROM children WHERE id IN (\(binds: shownIDs))").all() {
                let model = try CaseRows.child(row, prefix: "")
                if let id = model.id { models[id.uuidString] = model }
            }
        }
        var open: [UUID: UUID] = [:]
        if !shownIDs.isEmpty {
            for row in try await sql.raw(
                """
                SELECT id, child_id FROM cases WHERE child_id IN (\(binds: shownIDs)) AND state <> \(bind: CaseState.closed.rawValue)
                ORDER BY opened_at
                """
            ).all() {
                let child = try row.decode(column: "child_id", as: UUID.self)
                if open[child] == nil { open[child] = try row.decode(column: "id", as: UUID.self) }
            }
        }
        // Each child a search shows is a read of that child's record.
        try await self.audit.record(
            shownIDs.map {
                AuditRecord(
                    at: now,
                    actor: actor,
                    action: .search,
                    entityType: "child",
                    entityID: $0.uuidString,
                    childID: $0
                )
            }
        )
        return ChildSearchPage(
            results: shown.compactMap { hit in
                models[hit.id].map {
                    ChildSearchResult(
                        child: $0,
                        score: hit.score,
                        reasons: hit.reasons,
                        openCase: $0.id.flatMap { open[$0] }
                    )
                }
            },
            total: ranked.count,
            page: number,
            truncated: truncated
        )
    }

    /// The children sharing something with `query`, those sharing the most first: one index range per thing typed
    /// (each name word as a prefix, its sounds and other forms; the UPN; the postcode), and the days of birth.
    static func candidates(
        _ query: ChildSearchQuery,
        for actor: Actor,
        on sql: any SQLDatabase
    ) async throws -> (ids: [UUID], truncated: Bool) {
        var parts: [SQLQueryString] = []
        for (index, lookup) in query.lookups.enumerated() {
            var conditions: [SQLQueryString] = []
            if let prefix = lookup.prefix {
                conditions.append("(key >= \(bind: prefix) AND key < \(bind: prefix + "~"))")
            }
            if !lookup.exact.isEmpty { conditions.append("key IN (\(binds: lookup.exact))") }
            let exact = lookup.prefix ?? lookup.exact.first ?? ""
            parts.append(
                """
                SELECT child_id, \(unsafeRaw: String(index)) AS part,
                CASE WHEN key = \(bind: exact) THEN 2 ELSE 1 END AS strength
                FROM child_search_keys WHERE \(conditions.joined(separator: " OR "))
                """
            )
        }
        if !query.birthDays.isEmpty {
            parts.append(
                """
                SELECT id AS child_id, \(unsafeRaw: String(query.lookups.count)) AS part, 2 AS strength FROM children
                WHERE date_of_birth IN (\(binds: query.birthDays.map(\.description))) AND merged_into IS NULL
                """
            )
        }
        guard !parts.isEmpty else { return ([], false) }
        let scope: SQLQueryString =
            actor.caseAccess.searchIsNarrowed
            ? "WHERE child_id IN (SELECT cases.child_id FROM cases WHERE \(Self.ewoCases(actor)))" : ""
        let rows = try await sql.raw(
            """
            SELECT child_id, count(DISTINCT part) AS parts, sum(strength) AS strength
            FROM (\(parts.joined(separator: " UNION ALL "))) found \(scope)
            GROUP BY child_id ORDER BY parts DESC, strength DESC LIMIT \(unsafeRaw: String(ChildSearchPage.candidateLimit + 1))
            """
        ).all()
        let ids = try rows.map { try $0.decode(column: "child_id", as: UUID.self) }
        return (Array(ids.prefix(ChildSearchPage.candidateLimit)), ids.count > ChildSearchPage.candidateLimit)
    }

    /// The candidates' identifying details: names and other names, date of birth, and the UPNs and postcodes they
    /// hold when the search gave one, in `ids` order.
    static func searchCandidates(
        _ ids: [UUID],
        for query: ChildSearchQuery,
        on sql: any SQLDatabase
    ) async throws -> [SearchCandidate] {
        var candidates: [UUID: SearchCandidate] = [:]
        var others: [UUID: [String]] = [:]
        var upns: [UUID: [String]] = [:]
        var postcodes: [UUID: [String]] = [:]
        func add(_ rows: [any SQLRow], _ column: String, to table: inout [UUID: [String]], drop: Int = 0) throws {
            for row in rows {
                table[try row.decode(column: "child_id", as: UUID.self), default: []].append(
                    String(try row.decode(column: column, as: String.self).dropFirst(drop))
                )
            }
        }
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[start..<min(start + 500, ids.count)])
            for row in try await sql.raw(
                "SELECT id, forename, middle_names, surname, date_of_birth, upn FROM children WHERE id IN (\(binds: slice))"
            ).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                candidates[id] = SearchCandidate(
                    id: id.uuidString,
                    forename: try row.decode(column: "forename", as: String.self),
                    middleNames: try row.decode(column: "middle_names", as: String?.self),
                    surname: try row.decode(column: "surname", as: String.self),
                    dateOfBirth: try? Day(iso: try row.decode(column: "date_of_birth", as: String.self)),
                    upns: try row.decode(column: "upn", as: String?.self).map { [$0] } ?? []
                )
            }
            try add(
                try await sql.raw("SELECT child_id, name FROM child_aliases WHERE child_id IN (\(binds: slice))").all(),
                "name",
                to: &others
            )
            if query.postcode != nil {
                try add(
                    try await sql.raw(
                        """
                        SELECT child_id, postcode FROM child_addresses
                        WHERE child_id IN (\(binds: slice)) AND postcode IS NOT NULL
                        """
                    ).all(),
                    "postcode",
                    to: &postcodes
                )
            }
            if query.upn != nil {
                // A UPN other than the record's, from an earlier or later referral.
                try add(
                    try await sql.raw(
                        """
                        SELECT child_id, key FROM child_search_keys WHERE child_id IN (\(binds: slice))
                        AND key >= \(bind: SearchKeys.upnPrefix) AND key < \(bind: SearchKeys.upnPrefix + "~")
                        """
                    ).all(),
                    "key",
                    to: &upns,
                    drop: SearchKeys.upnPrefix.count
                )
            }
        }
        return ids.compactMap { id in
            guard var candidate = candidates[id] else { return nil }
            candidate.otherNames = others[id] ?? []
            for upn in upns[id] ?? [] where !candidate.upns.contains(upn) { candidate.upns.append(upn) }
            candidate.postcodes = postcodes[id] ?? []
            return candidate
        }
    }
}
