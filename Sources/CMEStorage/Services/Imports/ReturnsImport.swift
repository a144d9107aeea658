import CMECore
import CMEInterop
import Fluent
import Foundation
import SQLKit

/// A school whose leaver or joiner returns are overdue: roll changes with no return 5 school days on (Suffolk 9.6;
/// Derbyshire 5.3 a CML before removal, 5.4 a CMJ within 5 days).
public struct ReturnChase: Sendable, Equatable {
    public struct Missing: Sendable, Equatable {
        public var kind: SchoolReturn.Kind
        public var upn: String?
        public var name: String
        public var dob: String
        /// The day the pupil joined or left, and the day the return was due.
        public var day: Day
        public var due: Day
    }

    public var schoolURN: String
    public var schoolName: String?
    public var missing: [Missing]

    public var leavers: Int { self.missing.filter { $0.kind == .leaver }.count }
    public var joiners: Int { self.missing.filter { $0.kind == .joiner }.count }
    public var oldestDue: Day? { self.missing.map(\.due).min() }
}

extension CaseService {
    static let returnColumns = [
        "id", "school_urn", "kind", "pupil_key", "upn", "forename", "surname", "dob", "day", "destination",
        "import_id", "received_at",
    ]

    /// Takes in a file of CML and CMJ returns and ties each to the roll change it answers. A return already held
    /// (same school, kind, pupil and day) is not taken twice; the same file again changes nothing.
    public func importReturns(
        _ returns: [SchoolReturn],
        file: ImportedFile,
        school: String?,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> ImportReceipt {
        let (receipt, _) = try await self.runImport(
            .returns,
            school: school,
            file: file,
            rows: returns.count,
            by: actor,
            on: db,
            at: now
        ) { tx, importID -> (String, Bool) in
            var ids = RowIDs()
            try await BulkInsert.run(
                returns.map {
                    [
                        .uuid(ids.next()), .text($0.schoolURN), .text($0.kind.rawValue), .text($0.key), .text($0.upn),
                        .text($0.forename), .text($0.surname), .text($0.dateOfBirth.description),
                        .text($0.day.description), .text($0.destination), .uuid(importID), .date(now),
                    ]
                },
                into: "school_returns",
                columns: Self.returnColumns,
                tail: "ON CONFLICT DO NOTHING",
                on: tx
            )
            try await self.matchReturns(on: tx)
            let leavers = returns.filter { $0.kind == .leaver }.count
            return (
                "\(returns.count) returns: \(leavers) CML (leavers), \(returns.count - leavers) CMJ (joiners)", true
            )
        }
        return receipt
    }

    /// Ties roll changes still owed a return to the returns that answer them: the same school and kind, and the same
    /// UPN, or the same name and date of birth.
    func matchReturns(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let open = try await sql.select().columns("id", "school_urn", "kind", "upn", "forename", "surname", "dob")
            .from("roll_changes").where(SQLColumn("return_id"), .is, SQLLiteral.null).all()
        guard !open.isEmpty else { return }
        let schools = Array(Set(try open.map { try $0.decode(column: "school_urn", as: String.self) }))
        var answers: [String: UUID] = [:]
        for start in stride(from: 0, to: schools.count, by: 500) {
            let slice = Array(schools[start..<min(start + 500, schools.count)])
            for row in try await sql.select()
                .columns("id", "school_urn", "kind", "upn", "forename", "surname", "dob")
                .from("school_returns").where("school_urn", .in, slice).all()
            {
                let id = try row.decode(column: "id", as: UUID.self)
                for key in try Self.answerKeys(row) where answers[key] == nil { answers[key] = id }
            }
        }
        for row in open {
            guard let answer = try Self.answerKeys(row).lazy.compactMap({ answers[$0] }).first else { continue }
            try await sql.update("roll_changes").set("return_id", to: answer)
                .where("id", .equal, try row.decode(column: "id", as: UUID.self)).run()
        }
    }

    /// The keys by which a change and a return are the same pupil.
    static func answerKeys(_ row: any SQLRow) throws -> [String] {
        let prefix =
            "\(try row.decode(column: "school_urn", as: String.self))|\(try row.decode(column: "kind", as: String.self))"
        var keys: [String] = []
        if let upn = try row.decode(column: "upn", as: String?.self) { keys.append("\(prefix)|upn|\(upn)") }
        let name =
            "\(try row.decode(column: "surname", as: String.self).lowercased())|\(try row.decode(column: "forename", as: String.self).lowercased())"
        keys.append("\(prefix)|name|\(name)|\(try row.decode(column: "dob", as: String.self))")
        return keys
    }

    /// The keys (as `answerKeys` makes them) of the leaver and joiner notices schools sent from their pages: a CML or
    /// a removal answers a leaver, a CMJ or an admission a joiner.
    func noticeAnswers(on db: any Database) async throws -> Set<String> {
        let kinds: [NoticeKind: SchoolReturn.Kind] = [
            .leaverCML: .leaver, .pupilRemoval: .leaver, .joinerCMJ: .joiner, .pupilAdmitted: .joiner,
        ]
        let notices = try await ReferralModel.query(on: db).filter(\.$kind ~~ kinds.keys.map(\.rawValue))
            .with(\.$child).with(\.$organisation).all()
        var keys = Set<String>()
        for notice in notices {
            guard let kind = NoticeKind(rawValue: notice.kind).flatMap({ kinds[$0] }),
                let urn = notice.organisation?.urn
            else { continue }
            let child = notice.child
            let prefix = "\(urn)|\(kind.rawValue)"
            if let upn = child.upn { keys.insert("\(prefix)|upn|\(upn)") }
            keys.insert(
                "\(prefix)|name|\(child.surname.lowercased())|\(child.forename.lowercased())|\(child.dateOfBirth)"
            )
        }
        return keys
    }

    /// Schools owing a return more than 5 school days after the pupil joined or left, on `today`, oldest first.
    public func returnsChaseList(on db: any Database, today: Day) async throws -> [ReturnChase] {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let rows = try await sql.select()
            .columns("school_urn", "kind", "upn", "forename", "surname", "dob", "day")
            .from("roll_changes").where(SQLColumn("return_id"), .is, SQLLiteral.null).all()
        // Schools also send leaver and joiner notices from their pages (Notices): those answer a change too.
        let noticed = try await self.noticeAnswers(on: db)
        var bySchool: [String: [ReturnChase.Missing]] = [:]
        for row in rows {
            guard try !Self.answerKeys(row).contains(where: noticed.contains) else { continue }
            guard let day = try? Day(iso: row.decode(column: "day", as: String.self)),
                let kind = SchoolReturn.Kind(rawValue: try row.decode(column: "kind", as: String.self))
            else { continue }
            // Five school days on; outside the policy's term dates, five working days.
            let due =
                (try? self.policy.calendar.add(5, .school, to: day))
                ?? (try? self.policy.calendar.add(5, .working, to: day)) ?? day.adding(days: 7)
            guard due < today else { continue }
            bySchool[try row.decode(column: "school_urn", as: String.self), default: []].append(
                ReturnChase.Missing(
                    kind: kind,
                    upn: try row.decode(column: "upn", as: String?.self),
                    name:
                        "\(try row.decode(column: "forename", as: String.self)) \(try row.decode(column: "surname", as: String.self))",
                    dob: try row.decode(column: "dob", as: String.self),
                    day: day,
                    due: due
                )
            )
        }
        let names = Dictionary(
            try await OrganisationModel.query(on: db).all().compactMap { org in org.urn.map { ($0, org.name) } },
            uniquingKeysWith: { first, _ in first }
        )
        return bySchool.map { urn, missing in
            ReturnChase(
                schoolURN: urn,
                schoolName: names[urn],
                missing: missing.sorted { ($0.due, $0.name) < ($1.due, $1.name) }
            )
        }.sorted { ($0.oldestDue ?? today, $0.schoolURN) < ($1.oldestDue ?? today, $1.schoolURN) }
    }
}
