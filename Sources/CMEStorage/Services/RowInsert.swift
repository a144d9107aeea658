import Fluent
import Foundation
import SQLKit

/// New rows written with one plain INSERT, for the models every referral writes (ADR 0008). Fluent's `create`
/// reflects over a model's properties several times per row; measured on the intake, that cost 0.5-0.8 ms a row,
/// more than the database's own work. The values are bound exactly as Fluent binds them (the same SQLKit binds and
/// the database's own encoders), so what is stored is the same, and the model is marked as stored as Fluent would
/// mark it. `RowInsertTests` reads every model written this way back through Fluent and compares every field.
enum RowInsert {
    /// One column's value: bound, or NULL.
    typealias Value = (any Encodable & Sendable)?

    /// Inserts `rows` (each in `columns` order) into `table` in one statement.
    static func run(_ rows: [[Value]], into table: String, columns: [String], on db: any Database) async throws {
        guard !rows.isEmpty else { return }
        guard let sql = db as? any SQLDatabase else { throw ServiceError.notFound("SQL database") }
        var insert = sql.insert(into: table).columns(columns)
        for row in rows {
            insert = insert.values(
                row.map { value -> any SQLExpression in value.map { SQLBind($0) } ?? SQLLiteral.null }
            )
        }
        try await insert.run()
    }
}

/// Gives a new row its id and marks it stored, as Fluent's `create` does.
private func newRow<M: Model>(_ property: IDProperty<M, UUID>) -> UUID {
    let id = property.wrappedValue ?? UUID()
    property.wrappedValue = id
    property.exists = true
    return id
}

extension CaseModel {
    static let columns = [
        "id", "created_at", "updated_at", "version", "reference", "policy_id", "state", "category", "episode",
        "reason", "source", "outcome", "destination", "school_urn", "team", "date_of_birth", "first_absence_day",
        "opened_at", "episode_opened_at", "last_event_at", "posted_to_s2s_at", "located_at",
        "destination_confirmed_at", "closed_at", "overdue_clocks", "facts", "child_id", "assignee_id",
        "referring_organisation_id",
    ]

    /// Writes a new case (`create` without Fluent's reflection). `at` is its created and updated time.
    func insert(on db: any Database, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id)
        self.createdAt = stamp
        self.updatedAt = stamp
        let row: [RowInsert.Value] = [
            id, stamp, stamp, self.version, self.reference, self.policyID, self.state, self.category, self.episode,
            self.reason, self.source, self.outcome, self.destination, self.schoolURN, self.team, self.dateOfBirth,
            self.firstAbsenceDay, self.openedAt, self.episodeOpenedAt, self.lastEventAt, self.postedToS2SAt,
            self.locatedAt, self.destinationConfirmedAt, self.closedAt, self.overdueClocks, self.facts,
            self.$child.id, self.$assignee.id, self.$referringOrganisation.id,
        ]
        try await RowInsert.run([row], into: Self.schema, columns: Self.columns, on: db)
    }
}

extension CaseEventModel {
    static let columns = [
        "id", "created_at", "seq", "episode", "kind", "at", "reason", "source", "outcome", "destination", "target",
        "reference", "action", "note", "case_id", "actor_id", "assignee_id",
    ]

    /// Writes a new timeline event.
    func insert(on db: any Database, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id)
        self.createdAt = stamp
        let row: [RowInsert.Value] = [
            id, stamp, self.seq, self.episode, self.kind, self.at, self.reason, self.source, self.outcome,
            self.destination, self.target, self.reference, self.action, self.note, self.$case.id, self.$actor.id,
            self.$assignee.id,
        ]
        try await RowInsert.run([row], into: Self.schema, columns: Self.columns, on: db)
    }
}

extension ReferralModel {
    static let columns = [
        "id", "created_at", "reference", "kind", "reason", "source", "received_at", "form", "child_id", "case_id",
        "submitted_by_id", "organisation_id",
    ]

    /// Writes a new referral.
    func insert(on db: any Database, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id)
        self.createdAt = stamp
        let row: [RowInsert.Value] = [
            id, stamp, self.reference, self.kind, self.reason, self.source, self.receivedAt, self.form,
            self.$child.id, self.$case.id, self.$submittedBy.id, self.$organisation.id,
        ]
        try await RowInsert.run([row], into: Self.schema, columns: Self.columns, on: db)
    }
}

extension ChildModel {
    /// Writes a new child.
    func insert(on db: any Database, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id)
        self.createdAt = stamp
        self.updatedAt = stamp
        let row: [RowInsert.Value] = [
            id, stamp, stamp, self.forename, self.middleNames, self.surname, self.dateOfBirth, self.gender,
            self.ethnicity, self.upn, self.sen, self.disability, self.inCare, self.childProtectionPlan,
            self.privatelyFostered, self.vulnerableGroups, self.searchForename, self.searchSurname,
        ]
        try await RowInsert.run([row], into: Self.schema, columns: CaseRows.childColumns, on: db)
    }
}

extension ChildAddressModel {
    /// Writes a new address of a child.
    func insert(on db: any Database, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id)
        self.createdAt = stamp
        let row: [RowInsert.Value] = [
            id, stamp, self.kind, self.lines, self.town, self.postcode, self.restricted, self.fromDate, self.toDate,
            self.$child.id,
        ]
        try await RowInsert.run([row], into: Self.schema, columns: CaseRows.addressColumns + ["child_id"], on: db)
    }
}

extension ClockModel {
    static let columns = [
        "id", "updated_at", "rule_id", "episode", "started_at", "deadline", "due", "state", "owner_role",
        "settled_at", "alerted_at", "case_id",
    ]

    /// Writes new clocks in one statement.
    static func insert(_ clocks: [ClockModel], on db: any Database, at stamp: Date = Date()) async throws {
        let rows = clocks.map { clock -> [RowInsert.Value] in
            let id = newRow(clock.$id)
            clock.updatedAt = stamp
            return [
                id, stamp, clock.ruleID, clock.episode, clock.startedAt, clock.deadline, clock.due, clock.state,
                clock.ownerRole, clock.settledAt, clock.alertedAt, clock.$case.id,
            ]
        }
        try await RowInsert.run(rows, into: Self.schema, columns: Self.columns, on: db)
    }
}
