import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// New rows written with one plain INSERT, for the models every referral writes (ADR 0008). Fluent's `create`
/// reflects over a model's properties several times per row; measured on the intake, that cost 0.5-0.8 ms a row,
/// more than the database's own work. The values are encoded exactly as Fluent encodes them (the database's own
/// encoder), so what is stored is the same, and the model is marked as stored as Fluent would mark it.
/// `RowInsertTests` reads every model written this way back through Fluent and compares every field.
enum RowInsert {
    /// One column's value: bound, or NULL.
    typealias Value = (any Encodable & Sendable)?

    /// Inserts `rows` (each in `columns` order) into `table`, `BulkInsert.batch` rows a statement (500 rows of the
    /// widest table, 29 columns, stay well inside SQLite's limit on bound parameters). On SQLite the statement is
    /// the one `BulkInsert` writes, each value encoded by the driver's own encoder as SQLKit would, without building
    /// and serialising an expression per value: for a batch of intakes that was most of the write.
    static func run(_ rows: [[Value]], into table: String, columns: [String], on db: any Database) async throws {
        let size = BulkInsert.batch
        if let sqlite = db as? any SQLiteDatabase {
            let encoder = SQLiteDataEncoder()
            for start in stride(from: 0, to: rows.count, by: size) {
                let chunk = rows[start..<min(start + size, rows.count)]
                var binds: [SQLiteData] = []
                binds.reserveCapacity(chunk.count * columns.count)
                for row in chunk {
                    for value in row { binds.append(try value.map { try encoder.encode($0) } ?? .null) }
                }
                _ = try await sqlite.query(
                    BulkInsert.sqliteInsert(into: table, columns: columns, rows: chunk.count),
                    binds
                )
            }
            return
        }
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        for start in stride(from: 0, to: rows.count, by: size) {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + size, rows.count)] {
                insert = insert.values(
                    row.map { value -> any SQLExpression in value.map { SQLBind($0) } ?? SQLLiteral.null }
                )
            }
            try await insert.run()
        }
    }

    /// Writes rows now (one statement), or, given a batch's `queue`, when the batch writes its queue. Each row gives
    /// its values when they are written, so that a reference numbered by the queue is in them.
    static func add(
        _ table: String,
        columns: [String],
        queue: RowQueue?,
        on db: any Database,
        rows: [() -> [Value]]
    ) async throws {
        if let queue {
            for row in rows { queue.add(table, columns: columns, row: row) }
        } else {
            try await self.run(rows.map { $0() }, into: table, columns: columns, on: db)
        }
    }

    /// The same for one row.
    static func add(
        _ table: String,
        columns: [String],
        queue: RowQueue?,
        on db: any Database,
        row: @escaping () -> [Value]
    ) async throws {
        try await self.add(table, columns: columns, queue: queue, on: db, rows: [row])
    }
}

/// Gives a new row its id, time-ordered from `stamp` (`UUID.timeOrdered`), and marks it stored, as Fluent's `create`
/// does.
private func newRow<M: Model>(_ property: IDProperty<M, UUID>, at stamp: Date) -> UUID {
    let id = property.wrappedValue ?? UUID.timeOrdered(at: stamp)
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
        "referring_organisation_id", "category_basis", "category_review_on", "joined_into",
    ]

    /// Writes a new case (`create` without Fluent's reflection), now or with a batch's `queue`. `at` is its created
    /// and updated time.
    func insert(on db: any Database, queue: RowQueue? = nil, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id, at: stamp)
        self.createdAt = stamp
        self.updatedAt = stamp
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db) {
            [
                id, stamp, stamp, self.version, self.reference, self.policyID, self.state, self.category, self.episode,
                self.reason, self.source, self.outcome, self.destination, self.schoolURN, self.team, self.dateOfBirth,
                self.firstAbsenceDay, self.openedAt, self.episodeOpenedAt, self.lastEventAt, self.postedToS2SAt,
                self.locatedAt, self.destinationConfirmedAt, self.closedAt, self.overdueClocks, self.facts,
                self.$child.id, self.$assignee.id, self.$referringOrganisation.id, self.categoryBasis,
                self.categoryReviewOn, self.joinedInto,
            ]
        }
    }
}

extension CaseEventModel {
    static let columns = [
        "id", "created_at", "seq", "episode", "kind", "at", "reason", "source", "outcome", "destination", "target",
        "reference", "action", "note", "case_id", "actor_id", "assignee_id",
    ]

    /// Writes a new timeline event, now or with a batch's `queue`.
    func insert(on db: any Database, queue: RowQueue? = nil, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id, at: stamp)
        self.createdAt = stamp
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db) {
            [
                id, stamp, self.seq, self.episode, self.kind, self.at, self.reason, self.source, self.outcome,
                self.destination, self.target, self.reference, self.action, self.note, self.$case.id,
                self.$actor.id, self.$assignee.id,
            ]
        }
    }
}

extension ReferralModel {
    static let columns = [
        "id", "created_at", "reference", "kind", "reason", "source", "received_at", "form", "child_id", "case_id",
        "submitted_by_id", "organisation_id",
    ]

    /// Writes a new referral, now or with a batch's `queue`.
    func insert(on db: any Database, queue: RowQueue? = nil, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id, at: stamp)
        self.createdAt = stamp
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db) {
            [
                id, stamp, self.reference, self.kind, self.reason, self.source, self.receivedAt, self.form,
                self.$child.id, self.$case.id, self.$submittedBy.id, self.$organisation.id,
            ]
        }
    }
}

extension ChildModel {
    /// Writes a new child, now or with a batch's `queue`.
    func insert(on db: any Database, queue: RowQueue? = nil, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id, at: stamp)
        self.createdAt = stamp
        self.updatedAt = stamp
        try await RowInsert.add(Self.schema, columns: CaseRows.childColumns, queue: queue, on: db) {
            [
                id, stamp, stamp, self.forename, self.middleNames, self.surname, self.dateOfBirth, self.gender,
                self.ethnicity, self.upn, self.sen, self.disability, self.inCare, self.childProtectionPlan,
                self.privatelyFostered, self.vulnerableGroups, self.searchForename, self.searchSurname,
            ]
        }
    }
}

extension ChildAddressModel {
    static let columns = CaseRows.addressColumns + ["child_id"]

    /// Writes a new address of a child, now or with a batch's `queue`.
    func insert(on db: any Database, queue: RowQueue? = nil, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id, at: stamp)
        self.createdAt = stamp
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db) {
            [
                id, stamp, self.kind, self.lines, self.town, self.postcode, self.restricted, self.fromDate,
                self.toDate, self.$child.id,
            ]
        }
    }
}

extension ChildAliasModel {
    static let columns = ["id", "name", "search_name", "child_id"]

    /// Writes another name of a child, now or with a batch's `queue`.
    func insert(on db: any Database, queue: RowQueue? = nil, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id, at: stamp)
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db) {
            [id, self.name, self.searchName, self.$child.id]
        }
    }
}

extension ChildContactModel {
    static let columns = ["id", "name", "relationship", "parental_responsibility", "telephone", "email", "child_id"]

    /// Writes a carer or contact of a child, now or with a batch's `queue`.
    func insert(on db: any Database, queue: RowQueue? = nil, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id, at: stamp)
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db) {
            [id, self.name, self.relationship, self.parentalResponsibility, self.telephone, self.email, self.$child.id]
        }
    }
}

extension ChildSchoolModel {
    static let columns = ["id", "urn", "name", "entry_date", "leaving_date", "date_last_attended", "child_id"]

    /// Writes a school a child attended, now or with a batch's `queue`.
    func insert(on db: any Database, queue: RowQueue? = nil, at stamp: Date = Date()) async throws {
        let id = newRow(self.$id, at: stamp)
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db) {
            [id, self.urn, self.name, self.entryDate, self.leavingDate, self.dateLastAttended, self.$child.id]
        }
    }
}

extension ClockModel {
    static let columns = [
        "id", "updated_at", "rule_id", "episode", "started_at", "deadline", "due", "state", "owner_role",
        "settled_at", "alerted_at", "case_id",
    ]

    /// Writes new clocks in one statement, now or with a batch's `queue`.
    static func insert(
        _ clocks: [ClockModel],
        on db: any Database,
        queue: RowQueue? = nil,
        at stamp: Date = Date()
    ) async throws {
        let rows = clocks.map { clock -> () -> [RowInsert.Value] in
            let id = newRow(clock.$id, at: stamp)
            clock.updatedAt = stamp
            return {
                [
                    id, stamp, clock.ruleID, clock.episode, clock.startedAt, clock.deadline, clock.due, clock.state,
                    clock.ownerRole, clock.settledAt, clock.alertedAt, clock.$case.id,
                ]
            }
        }
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db, rows: rows)
    }
}

extension CategoryChangeModel {
    static let columns = ["id", "episode", "day", "category", "reason", "section", "cause", "case_id"]

    /// Writes a case's category changes in one statement, now or with a batch's `queue`.
    static func insert(
        _ changes: [CategoryChangeModel],
        on db: any Database,
        queue: RowQueue? = nil,
        at stamp: Date = Date()
    ) async throws {
        let rows = changes.map { change -> () -> [RowInsert.Value] in
            let id = newRow(change.$id, at: stamp)
            return {
                [
                    id, change.episode, change.day, change.category, change.reason, change.section, change.cause,
                    change.$case.id,
                ]
            }
        }
        try await RowInsert.add(Self.schema, columns: Self.columns, queue: queue, on: db, rows: rows)
    }
}
