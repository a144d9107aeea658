import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// The children intake's duplicate check reads: by UPN, by day of birth, and those sharing a surname born near the
/// day, each with their other names, decoding only what the check compares.
extension CaseRows {
    /// The children born on any of `dates`, oldest record first, each with their other names: the intake's
    /// duplicate check reads them for every referral, and as the index grows so does the number of namesakes by
    /// date of birth. Only what the check compares is decoded; the whole record waits until a child is found.
    static func children(bornOn dates: [String], on db: any Database) async throws -> [ChildCandidate] {
        try await Self.children(where: "date_of_birth", in: dates, on: db)
    }

    /// The same for the children with any of `upns`.
    static func children(upns: [String], on db: any Database) async throws -> [ChildCandidate] {
        try await Self.children(where: "upn", in: upns, on: db)
    }

    /// The children with any of the near-birth keys `nearBirth` (`SearchKeys.nearBirthLookups`: a surname key with
    /// two parts of a date of birth near `dob`) who were born near `dob` (`IntakeDecision.bornNear`: a day apart,
    /// day and month swapped, or two of year, month and day the same), not merged into another record. Intake reads
    /// them when it recognises nobody, to put beside the new record (issue 18). The keys find the few namesakes born
    /// near the day in the index: reading every namesake and filtering on the day cost about 2 ms a referral once a
    /// few hundred children shared a surname.
    static func children(
        nearBirth keys: [String],
        bornNear dob: Day,
        on db: any Database
    ) async throws
        -> [ChildCandidate]
    {
        guard !keys.isEmpty else { return [] }
        let sql = try Self.sql(db)
        let found: SQLQueryString
        if sql.isPostgreSQL {
            // The ids first, then their records: as one query with a subquery, PostgreSQL estimated a few hundred
            // children for twenty keys and scanned them all (3-16 ms a referral); most referrals find few here.
            // SQLite plans the one query well, and a second statement costs it more than it saves.
            let ids = try await sql.raw("SELECT DISTINCT child_id FROM child_search_keys WHERE key IN (\(binds: keys))")
                .all().map { try $0.decode(column: "child_id", as: UUID.self) }
            guard !ids.isEmpty else { return [] }
            found = "children.id IN (\(binds: ids))"
        } else {
            found = "children.id IN (SELECT child_id FROM child_search_keys WHERE key IN (\(binds: keys)))"
        }
        let rows = try await sql.raw(
            """
            SELECT children.*, child_aliases.name AS al_name FROM children
            LEFT JOIN child_aliases ON child_aliases.child_id = children.id
            WHERE \(found) AND children.merged_into IS NULL
            ORDER BY children.created_at, children.id, child_aliases.name
            """
        ).all()
        return try Self.candidates(rows).filter {
            guard let born = try? Day(iso: $0.dateOfBirth) else { return false }
            return IntakeDecision.bornNear(born, dob)
        }
    }

    /// The postcodes of each child's addresses, for intake's comparison (a referral giving the home the register
    /// holds is strong evidence of one child), in the order the referral's own are compared (`CaseService
    /// .postcodes(of:)`, the engine compares the first): current, last known, additional, previous, and of one kind
    /// the latest recorded first. One intake writes its addresses in the same instant, so the time alone put a
    /// previous home first as often as the current one. A restricted address (a refuge, Cromford 8.0) is left out:
    /// a match on it would tell whoever reads the evidence where the child is.
    static func postcodes(of ids: [UUID], on db: any Database) async throws -> [UUID: [String]] {
        guard !ids.isEmpty else { return [:] }
        var postcodes: [UUID: [String]] = [:]
        let kinds: [AddressRecord.Kind] = [.current, .lastKnown, .additional]
        for row in try await Self.sql(db).raw(
            """
            SELECT child_id, postcode FROM child_addresses
            WHERE child_id IN (\(binds: ids)) AND postcode IS NOT NULL AND restricted = \(bind: false)
            ORDER BY CASE kind WHEN \(bind: kinds[0].rawValue) THEN 0 WHEN \(bind: kinds[1].rawValue) THEN 1
            WHEN \(bind: kinds[2].rawValue) THEN 2 ELSE 3 END, created_at DESC, id DESC
            """
        ).all() {
            postcodes[try row.decode(column: "child_id", as: UUID.self), default: []].append(
                try row.decode(column: "postcode", as: String.self)
            )
        }
        return postcodes
    }

    /// `candidates` with their postcodes (`postcodes(of:on:)`), in one read.
    static func withPostcodes(_ candidates: [ChildCandidate], on db: any Database) async throws -> [ChildCandidate] {
        let postcodes = try await Self.postcodes(of: candidates.compactMap(\.id), on: db)
        return candidates.map { candidate in
            var candidate = candidate
            candidate.postcodes = candidate.id.flatMap { postcodes[$0] } ?? []
            return candidate
        }
    }

    private static func children(
        where column: String,
        in values: [String],
        on db: any Database
    ) async throws -> [ChildCandidate] {
        guard !values.isEmpty else { return [] }
        let rows = try await Self.sql(db).raw(
            """
            SELECT children.*, child_aliases.name AS al_name
            FROM children LEFT JOIN child_aliases ON child_aliases.child_id = children.id
            WHERE children.\(ident: column) IN (\(binds: values)) AND children.merged_into IS NULL
            ORDER BY children.created_at, children.id, child_aliases.name
            """
        ).all()
        return try Self.candidates(rows)
    }

    /// Rows of children with their other names (`al_name`), one candidate a child.
    private static func candidates(_ rows: [any SQLRow]) throws -> [ChildCandidate] {
        var children: [ChildCandidate] = []
        var last: UUID?
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            if last != id {
                last = id
                children.append(
                    ChildCandidate(
                        id: id,
                        middleNames: try row.decode(column: "middle_names", as: String?.self),
                        forename: try row.decode(column: "forename", as: String.self),
                        surname: try row.decode(column: "surname", as: String.self),
                        dateOfBirth: try row.decode(column: "date_of_birth", as: String.self),
                        upn: try row.decode(column: "upn", as: String?.self),
                        aliases: [],
                        record: { try Self.child(row, prefix: "") }
                    )
                )
            }
            if let alias = try row.decode(column: "al_name", as: String?.self) {
                children[children.count - 1].aliases.append(alias)
            }
        }
        return children
    }
}

/// A child the intake's duplicate check compares: names, date of birth, UPN and other names at hand, and the whole
/// record when it is the one (`record`). Decoding every namesake's whole record took about 5% of the machine's time
/// in create referral, inside the batch every referral waits for.
struct ChildCandidate {
    let id: UUID?
    let forename: String
    let middleNames: String?
    let surname: String
    let dateOfBirth: String
    let upn: String?
    var aliases: [String]
    /// The postcodes of the child's addresses that are not restricted, the latest first (`CaseRows.postcodes`).
    var postcodes: [String] = []
    let record: () throws -> ChildModel

    init(
        id: UUID?,
        middleNames: String? = nil,
        forename: String,
        surname: String,
        dateOfBirth: String,
        upn: String?,
        aliases: [String],
        record: @escaping () throws -> ChildModel
    ) {
        self.id = id
        self.middleNames = middleNames
        (self.forename, self.surname, self.dateOfBirth, self.upn) = (forename, surname, dateOfBirth, upn)
        self.aliases = aliases
        self.record = record
    }

    /// A child already in hand (queued earlier in the batch): the same model comes back.
    init(_ model: ChildModel, aliases: [String]) {
        self.init(
            id: model.id,
            middleNames: model.middleNames,
            forename: model.forename,
            surname: model.surname,
            dateOfBirth: model.dateOfBirth,
            upn: model.upn,
            aliases: aliases,
            record: { model }
        )
    }
}
