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
        if row.contains(column: "joined_into") {
            model.joinedInto = try row.decode(column: "joined_into", as: UUID?.self)
        }
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

    /// A case's timeline: its own events, and those of any case joined into it (issue 18), in the order they
    /// happened.
    static func events(of caseID: UUID, on db: any Database) async throws -> [CaseEventModel] {
        let rows = try await TimelineRead.rows([.uuid(caseID), .uuid(caseID)], on: db).map { row in
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
            model.$case.id = try row.decode(column: "case_id", as: UUID.self)
            model.$actor.id = try row.decode(column: "actor_id", as: UUID?.self)
            model.$assignee.id = try row.decode(column: "assignee_id", as: UUID?.self)
            return model
        }
        // Each case's own events come in order; a joined case's take their place by when they happened.
        guard rows.contains(where: { $0.$case.id != caseID }) else { return rows }
        return rows.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
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

/// A case's timeline in order, with the events of any case joined into it (`CaseRows.events(of:on:)`): the case's
/// id goes in twice. Two reads in one, each by its index: written as one condition with OR, PostgreSQL scanned
/// every event of every case (22 ms at 20,000 cases, against 0.1 ms).
enum TimelineRead: PreparedRead {
    static let name = "cme_case_timeline_joined"
    static let columns = CaseEventModel.columns.joined(separator: ", ")
    static let parts = [
        "SELECT \(Self.columns) FROM case_events WHERE case_id =",
        " UNION ALL SELECT \(Self.columns) FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE joined_into =",
        ") ORDER BY seq",
    ]
}
