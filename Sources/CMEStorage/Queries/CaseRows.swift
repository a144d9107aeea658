import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// A case, its child and their lists read with plain SQL and decoded column by column. Fluent builds and decodes
/// each model by reflecting over its properties; on the case detail, the API's busiest read, that took most of the
/// server's time (BENCHMARKS.md). The models come back marked as stored, like those Fluent returns.
enum CaseRows {
    static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        return sql
    }

    static func caseModel(_ id: UUID, on db: any Database) async throws -> CaseModel? {
        try await Self.sql(db).raw("SELECT * FROM cases WHERE id = \(bind: id)").first().map(Self.caseModel)
    }

    static func caseModel(_ row: any SQLRow) throws -> CaseModel {
        let model = CaseModel()
        model.id = try row.decode(column: "id", as: UUID.self)
        model.$id.exists = true
        model.createdAt = try row.decode(column: "created_at", as: Date?.self)
        model.updatedAt = try row.decode(column: "updated_at", as: Date?.self)
        model.version = try row.decode(column: "version", as: Int.self)
        model.reference = try row.decode(column: "reference", as: String.self)
        model.policyID = try row.decode(column: "policy_id", as: String.self)
        model.state = try row.decode(column: "state", as: String.self)
        model.category = try row.decode(column: "category", as: String.self)
        model.episode = try row.decode(column: "episode", as: Int.self)
        model.reason = try row.decode(column: "reason", as: String?.self)
        model.source = try row.decode(column: "source", as: String?.self)
        model.outcome = try row.decode(column: "outcome", as: String?.self)
        model.destination = try row.decode(column: "destination", as: String?.self)
        model.schoolURN = try row.decode(column: "school_urn", as: String?.self)
        model.team = try row.decode(column: "team", as: String?.self)
        model.dateOfBirth = try row.decode(column: "date_of_birth", as: String.self)
        model.firstAbsenceDay = try row.decode(column: "first_absence_day", as: String?.self)
        model.openedAt = try row.decode(column: "opened_at", as: Date.self)
        model.episodeOpenedAt = try row.decode(column: "episode_opened_at", as: Date.self)
        model.lastEventAt = try row.decode(column: "last_event_at", as: Date.self)
        model.postedToS2SAt = try row.decode(column: "posted_to_s2s_at", as: Date?.self)
        model.locatedAt = try row.decode(column: "located_at", as: Date?.self)
        model.destinationConfirmedAt = try row.decode(column: "destination_confirmed_at", as: Date?.self)
        model.closedAt = try row.decode(column: "closed_at", as: Date?.self)
        model.overdueClocks = try row.decode(column: "overdue_clocks", as: Int.self)
        model.facts = try row.decode(column: "facts", as: [String].self)
        model.$child.id = try row.decode(column: "child_id", as: UUID.self)
        model.$assignee.id = try row.decode(column: "assignee_id", as: UUID?.self)
        model.$referringOrganisation.id = try row.decode(column: "referring_organisation_id", as: UUID?.self)
        model.categoryBasis = try row.decode(column: "category_basis", as: String?.self)
        model.categoryReviewOn = try row.decode(column: "category_review_on", as: String?.self)
        return model
    }

    static let childColumns = [
        "id", "created_at", "updated_at", "forename", "middle_names", "surname", "date_of_birth", "gender",
        "ethnicity", "upn", "sen", "disability", "in_care", "child_protection_plan", "privately_fostered",
        "vulnerable_groups", "search_forename", "search_surname",
    ]
    /// The child's columns a read decodes: those intake writes, and the restriction of processing.
    static let childReadColumns =
        childColumns + ["processing_restricted_at", "processing_restricted_by", "processing_restriction_reason"]
    static let addressColumns = [
        "id", "created_at", "kind", "lines", "town", "postcode", "restricted", "from_date", "to_date",
    ]

    /// A case with its child, the child's addresses (oldest first) and other names, in one query: the child and
    /// address columns come back renamed with a prefix, a row for each address and alias.
    static func caseWithChild(
        _ id: UUID,
        on db: any Database
    ) async throws -> (model: CaseModel, child: ChildModel, addresses: [ChildAddressModel], aliases: [String])? {
        let rows = try await CaseWithChildRead.rows([.uuid(id)], on: db)
        guard let first = rows.first else { return nil }
        let model = try Self.caseModel(first)
        let child = try Self.child(first, prefix: "ch_")
        var addresses: [ChildAddressModel] = []
        var aliases: [String] = []
        for row in rows {
            if let addressID = try row.decode(column: "ad_id", as: UUID?.self),
                !addresses.contains(where: { $0.id == addressID })
            {
                addresses.append(try Self.address(row, prefix: "ad_", child: model.$child.id))
            }
            if let alias = try row.decode(column: "al_name", as: String?.self), !aliases.contains(alias) {
                aliases.append(alias)
            }
        }
        return (model, child, addresses, aliases)
    }

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

    /// The children with any of the name `keys` (`SearchKeys`) born near `dob` (`IntakeDecision.bornNear`: a day
    /// apart, day and month swapped, or two of year, month and day the same), not merged into another record. Intake
    /// reads them when it recognises nobody, to put beside the new record (issue 18).
    static func children(
        sharing keys: [String],
        bornNear dob: Day,
        on db: any Database
    ) async throws
        -> [ChildCandidate]
    {
        guard !keys.isEmpty else { return [] }
        let iso = dob.description
        let close = [dob.adding(days: -1), dob.adding(days: 1)].map(\.description)
        let rows = try await Self.sql(db).raw(
            """
            SELECT children.*, child_aliases.name AS al_name FROM children
            LEFT JOIN child_aliases ON child_aliases.child_id = children.id
            WHERE children.id IN (SELECT child_id FROM child_search_keys WHERE key IN (\(binds: Array(Set(keys)))))
            AND children.merged_into IS NULL
            AND (substr(children.date_of_birth, 1, 7) = \(bind: String(iso.prefix(7)))
                OR substr(children.date_of_birth, 6, 5) = \(bind: String(iso.suffix(5)))
                OR (substr(children.date_of_birth, 1, 4) = \(bind: String(iso.prefix(4)))
                    AND substr(children.date_of_birth, 9, 2) = \(bind: String(iso.suffix(2))))
                OR children.date_of_birth IN (\(binds: close)))
            ORDER BY children.created_at, children.id, child_aliases.name
            """
        ).all()
        return try Self.candidates(rows).filter {
            guard let born = try? Day(iso: $0.dateOfBirth) else { return false }
            return IntakeDecision.bornNear(born, dob)
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

    static func child(_ row: any SQLRow, prefix: String) throws -> ChildModel {
        let model = ChildModel()
        model.id = try row.decode(column: prefix + "id", as: UUID.self)
        model.$id.exists = true
        model.createdAt = try row.decode(column: prefix + "created_at", as: Date?.self)
        model.updatedAt = try row.decode(column: prefix + "updated_at", as: Date?.self)
        model.forename = try row.decode(column: prefix + "forename", as: String.self)
        model.middleNames = try row.decode(column: prefix + "middle_names", as: String?.self)
        model.surname = try row.decode(column: prefix + "surname", as: String.self)
        model.dateOfBirth = try row.decode(column: prefix + "date_of_birth", as: String.self)
        model.gender = try row.decode(column: prefix + "gender", as: String.self)
        model.ethnicity = try row.decode(column: prefix + "ethnicity", as: String?.self)
        model.upn = try row.decode(column: prefix + "upn", as: String?.self)
        model.sen = try row.decode(column: prefix + "sen", as: String.self)
        model.disability = try row.decode(column: prefix + "disability", as: String?.self)
        model.inCare = try row.decode(column: prefix + "in_care", as: Bool.self)
        model.childProtectionPlan = try row.decode(column: prefix + "child_protection_plan", as: Bool.self)
        model.privatelyFostered = try row.decode(column: prefix + "privately_fostered", as: Bool.self)
        model.vulnerableGroups = try row.decode(column: prefix + "vulnerable_groups", as: [String].self)
        model.searchForename = try row.decode(column: prefix + "search_forename", as: String.self)
        model.searchSurname = try row.decode(column: prefix + "search_surname", as: String.self)
        if row.contains(column: prefix + "processing_restricted_at") {
            model.processingRestrictedAt = try row.decode(column: prefix + "processing_restricted_at", as: Date?.self)
            model.processingRestrictedBy = try row.decode(column: prefix + "processing_restricted_by", as: UUID?.self)
            model.processingRestrictionReason = try row.decode(
                column: prefix + "processing_restriction_reason",
                as: String?.self
            )
        }
        if row.contains(column: prefix + "merged_into") {
            model.mergedInto = try row.decode(column: prefix + "merged_into", as: UUID?.self)
        }
        return model
    }

    static func address(_ row: any SQLRow, prefix: String, child: UUID) throws -> ChildAddressModel {
        let model = ChildAddressModel()
        model.id = try row.decode(column: prefix + "id", as: UUID.self)
        model.$id.exists = true
        model.createdAt = try row.decode(column: prefix + "created_at", as: Date?.self)
        model.kind = try row.decode(column: prefix + "kind", as: String.self)
        model.lines = try row.decode(column: prefix + "lines", as: [String].self)
        model.town = try row.decode(column: prefix + "town", as: String?.self)
        model.postcode = try row.decode(column: prefix + "postcode", as: String?.self)
        model.restricted = try row.decode(column: prefix + "restricted", as: Bool.self)
        model.fromDate = try row.decode(column: prefix + "from_date", as: String?.self)
        model.toDate = try row.decode(column: prefix + "to_date", as: String?.self)
        model.$child.id = child
        return model
    }

    /// The case's timeline in order.
    static func events(of caseID: UUID, on db: any Database) async throws -> [CaseEventModel] {
        try await TimelineRead.rows([.uuid(caseID)], on: db).map { row in
            let model = CaseEventModel()
            model.id = try row.decode(column: "id", as: UUID.self)
            model.$id.exists = true
            model.createdAt = try row.decode(column: "created_at", as: Date?.self)
            model.seq = try row.decode(column: "seq", as: Int.self)
            model.episode = try row.decode(column: "episode", as: Int.self)
            model.kind = try row.decode(column: "kind", as: String.self)
            model.at = try row.decode(column: "at", as: Date.self)
            model.reason = try row.decode(column: "reason", as: String?.self)
            model.source = try row.decode(column: "source", as: String?.self)
            model.outcome = try row.decode(column: "outcome", as: String?.self)
            model.destination = try row.decode(column: "destination", as: String?.self)
            model.target = try row.decode(column: "target", as: String?.self)
            model.reference = try row.decode(column: "reference", as: String?.self)
            model.action = try row.decode(column: "action", as: String?.self)
            model.note = try row.decode(column: "note", as: String?.self)
            model.$case.id = caseID
            model.$actor.id = try row.decode(column: "actor_id", as: UUID?.self)
            model.$assignee.id = try row.decode(column: "assignee_id", as: UUID?.self)
            return model
        }
    }
}

/// The case detail's first read: the case, its child, the child's addresses and other names (`CaseRows.caseWithChild`).
enum CaseWithChildRead: PreparedRead {
    static let name = "cme_case_with_child"
    /// The child's and address columns come back renamed with a prefix.
    static let columns =
        CaseModel.columns.map { "cases.\($0)" } + CaseRows.childReadColumns.map { "children.\($0) AS ch_\($0)" }
        + CaseRows.addressColumns.map { "child_addresses.\($0) AS ad_\($0)" } + ["child_aliases.name AS al_name"]
    static let parts = [
        """
        SELECT \(Self.columns.joined(separator: ", "))
        FROM cases JOIN children ON children.id = cases.child_id
        LEFT JOIN child_addresses ON child_addresses.child_id = cases.child_id
        LEFT JOIN child_aliases ON child_aliases.child_id = cases.child_id
        WHERE cases.id =
        """,
        " ORDER BY child_addresses.created_at, child_addresses.id, child_aliases.name",
    ]
}

/// A case's timeline in order (`CaseRows.events(of:on:)`).
enum TimelineRead: PreparedRead {
    static let name = "cme_case_timeline"
    static let parts = [
        "SELECT \(CaseEventModel.columns.joined(separator: ", ")) FROM case_events WHERE case_id =", " ORDER BY seq",
    ]
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
