import CMECore
import CMEInterop
import CMEMatching
import Fluent
import Foundation
import SQLKit

extension CaseService {
    static let rollColumns = [
        "id", "school_urn", "pupil_key", "record_id", "upn", "forename", "middle_names", "surname", "preferred_surname",
        "former_surname", "dob", "gender", "ethnicity", "postcode", "address", "parent_name", "nc_year", "entry_date",
        "leaving_date", "import_id",
    ]
    static let changeColumns = [
        "id", "school_urn", "pupil_key", "kind", "upn", "forename", "surname", "dob", "day", "import_id", "return_id",
    ]

    /// Takes in a roll file: each school in it gets the file's pupils as its roll, in place of the one before. The
    /// pupils who joined or left since that one are recorded as roll changes, each owing a CMJ or CML return
    /// (Derbyshire 5.3, 5.4; Suffolk 9.6); a school's first roll is the baseline and owes none. One transaction:
    /// killed halfway, nothing of it is visible and a re-run does it all. The same file again changes nothing.
    public func importRoll(
        _ pupils: [RollPupil],
        file: ImportedFile,
        school: String?,
        by actor: Actor,
        on db: any Database,
        at now: Date,
        progress: ImportProgress? = nil
    ) async throws -> ImportReceipt {
        let today = self.time.local(now).day
        let (receipt, _) = try await self.runImport(
            .roll,
            school: school,
            file: file,
            rows: pupils.count,
            by: actor,
            on: db,
            at: now
        ) { tx, importID -> (String, Bool) in
            guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
            let schools = Set(pupils.map(\.schoolURN)).union(school.map { [$0] } ?? [])
            let changes = try await Self.rollChanges(pupils, schools: schools, today: today, on: sql)
            let joiners = changes.filter { $0.kind == .joiner }.count
            for slice in Self.slices(schools.sorted()) {
                try await sql.delete(from: "roll_pupils").where("school_urn", .in, slice).run()
            }
            var ids = RowIDs()
            try await BulkInsert.run(
                pupils.map { Self.rollRow($0, id: ids.next(), importID: importID) },
                into: "roll_pupils",
                columns: Self.rollColumns,
                on: tx,
                progress: progress
            )
            try await BulkInsert.run(
                changes.map { $0.row(id: ids.next(), importID: importID) },
                into: "roll_changes",
                columns: Self.changeColumns,
                tail: "ON CONFLICT DO NOTHING",
                on: tx
            )
            try await self.matchReturns(on: tx)
            let summary =
                "\(pupils.count) pupils on \(schools.count) school roll\(schools.count == 1 ? "" : "s"); "
                + "\(joiners) joined and \(changes.count - joiners) left since the last roll"
            return (summary, true)
        }
        return receipt
    }

    /// Takes in a CTF sent to one of our schools (a joiner's file from the school they left): each pupil joins the
    /// school's roll (replacing their row there, if they had one) and owes a CMJ return (Derbyshire 5.4).
    public func importJoiners(
        _ pupils: [RollPupil],
        file: ImportedFile,
        school: String,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> ImportReceipt {
        let (receipt, _) = try await self.runImport(
            .joinerCTF,
            school: school,
            file: file,
            rows: pupils.count,
            by: actor,
            on: db,
            at: now
        ) { tx, importID -> (String, Bool) in
            guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
            for slice in Self.slices(pupils.map(\.key)) {
                try await sql.delete(from: "roll_pupils").where("school_urn", .equal, school)
                    .where("pupil_key", .in, slice).run()
            }
            var ids = RowIDs()
            try await BulkInsert.run(
                pupils.map { Self.rollRow($0, id: ids.next(), importID: importID) },
                into: "roll_pupils",
                columns: Self.rollColumns,
                on: tx
            )
            try await BulkInsert.run(
                pupils.map {
                    RollChange(pupil: $0, kind: .joiner, day: $0.entryDate).row(id: ids.next(), importID: importID)
                },
                into: "roll_changes",
                columns: Self.changeColumns,
                tail: "ON CONFLICT DO NOTHING",
                on: tx
            )
            try await self.matchReturns(on: tx)
            return ("\(pupils.count) pupil\(pupils.count == 1 ? "" : "s") joined school \(school) from a CTF", true)
        }
        return receipt
    }

    /// Who joined and who left each school's roll since the one held: a pupil new to the roll joined on their entry
    /// date; one gone from it, or newly given a leaving date, left then (or on `today` if the roll does not say).
    /// A school with no roll held yet has a baseline, not changes.
    static func rollChanges(
        _ pupils: [RollPupil],
        schools: Set<String>,
        today: Day,
        on sql: any SQLDatabase
    ) async throws -> [RollChange] {
        var bySchool: [String: [RollPupil]] = [:]
        for pupil in pupils { bySchool[pupil.schoolURN, default: []].append(pupil) }
        var held: [String: [any SQLRow]] = [:]
        for slice in Self.slices(schools.sorted()) {
            for row in try await sql.select()
                .columns("school_urn", "pupil_key", "upn", "forename", "surname", "dob", "leaving_date")
                .from("roll_pupils").where("school_urn", .in, slice).all()
            {
                held[try row.decode(column: "school_urn", as: String.self), default: []].append(row)
            }
        }
        var changes: [RollChange] = []
        for urn in schools.sorted() {
            guard let before = held[urn], !before.isEmpty else { continue }
            var old: [String: (change: RollChange, leaving: String?)] = [:]
            for row in before {
                let key = try row.decode(column: "pupil_key", as: String.self)
                let leaving = try row.decode(column: "leaving_date", as: String?.self)
                let change = RollChange(
                    schoolURN: urn,
                    key: key,
                    kind: .leaver,
                    upn: try row.decode(column: "upn", as: String?.self),
                    forename: try row.decode(column: "forename", as: String.self),
                    surname: try row.decode(column: "surname", as: String.self),
                    dob: try row.decode(column: "dob", as: String.self),
                    day: leaving ?? today.description
                )
                old[key] = (change, leaving)
            }
            var seen = Set<String>()
            for pupil in bySchool[urn] ?? [] {
                seen.insert(pupil.key)
                if let earlier = old[pupil.key] {
                    if earlier.leaving == nil, let leaving = pupil.leavingDate {
                        changes.append(RollChange(pupil: pupil, kind: .leaver, day: leaving))
                    }
                } else {
                    changes.append(RollChange(pupil: pupil, kind: .joiner, day: pupil.entryDate))
                }
            }
            for (key, earlier) in old where !seen.contains(key) && earlier.leaving == nil {
                changes.append(earlier.change)
            }
        }
        return changes
    }

    static func rollRow(_ pupil: RollPupil, id: UUID, importID: UUID) -> [BulkValue] {
        let r = pupil.record
        return [
            .uuid(id), .text(pupil.schoolURN), .text(pupil.key), .text(r.recordID), .text(r.upn),
            .text(r.forename ?? ""), .text(r.middleNames), .text(r.surname ?? ""), .text(r.preferredSurname),
            .text(r.formerSurname), .text(r.dateOfBirth?.description ?? ""), .text(r.gender), .text(r.ethnicity),
            .text(r.postcode), .text(r.address), .text(r.parentName), .text(pupil.ncYear),
            .text(pupil.entryDate.description), .text(pupil.leavingDate?.description), .uuid(importID),
        ]
    }

    /// The LA's rolls as records for the tracing searches: pupils on roll on `day`.
    public func storedRoll(on db: any Database, onRollOn day: Day) async throws -> [PupilRecord] {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let rows = try await sql.select()
            .columns(
                "school_urn",
                "record_id",
                "upn",
                "forename",
                "middle_names",
                "surname",
                "preferred_surname",
                "former_surname",
                "dob",
                "gender",
                "ethnicity",
                "postcode",
                "address",
                "parent_name",
                "entry_date",
                "leaving_date"
            )
            .from("roll_pupils").all()
        var records: [PupilRecord] = []
        records.reserveCapacity(rows.count)
        let today = day.description
        for row in rows {
            let entry = try row.decode(column: "entry_date", as: String.self)
            let leaving = try row.decode(column: "leaving_date", as: String?.self)
            guard entry <= today, leaving.map({ $0 >= today }) ?? true else { continue }
            records.append(
                PupilRecord(
                    recordID: try row.decode(column: "record_id", as: String.self),
                    upn: try row.decode(column: "upn", as: String?.self),
                    forename: try row.decode(column: "forename", as: String.self),
                    middleNames: try row.decode(column: "middle_names", as: String?.self),
                    surname: try row.decode(column: "surname", as: String.self),
                    preferredSurname: try row.decode(column: "preferred_surname", as: String?.self),
                    formerSurname: try row.decode(column: "former_surname", as: String?.self),
                    dateOfBirth: try? Day(iso: row.decode(column: "dob", as: String.self)),
                    gender: try row.decode(column: "gender", as: String?.self),
                    ethnicity: try row.decode(column: "ethnicity", as: String?.self),
                    postcode: try row.decode(column: "postcode", as: String?.self),
                    address: try row.decode(column: "address", as: String?.self),
                    schoolURN: try row.decode(column: "school_urn", as: String.self),
                    parentName: try row.decode(column: "parent_name", as: String?.self)
                )
            )
        }
        return records
    }

    /// Pupils on each school's roll, and the schools.
    public func rollCounts(on db: any Database) async throws -> [(schoolURN: String, pupils: Int)] {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let rows = try await sql.select().column("school_urn").column(
            SQLFunction("COUNT", args: SQLLiteral.all),
            as: "n"
        )
        .from("roll_pupils").groupBy("school_urn").orderBy("school_urn").all()
        return try rows.map {
            (try $0.decode(column: "school_urn", as: String.self), try $0.decode(column: "n", as: Int.self))
        }
    }
}
