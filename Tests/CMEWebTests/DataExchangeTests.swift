import CMECore
import CMEInterop
import CMEStorage
import Fluent
import Foundation
import Testing
import Vapor

@testable import CMEWeb

/// Issue 6: the feeds stored. Rolls replace a school's roll and record who joined and left; schools' CML/CMJ
/// returns answer those changes, and the rest are chased after 5 school days (Suffolk 9.6; Derbyshire 5.3, 5.4).
@Suite("Data feeds stored: rolls, returns, attendance, transfers")
struct DataExchangeTests {
    static let septemberRoll = """
        upn,forename,surname,dob,nc_year,entry_date,leaving_date,school_urn
        B801200005001,Amelia,Hughes,2015-03-04,5,2019-09-03,,124500
        ,Tomasz,Nowak,2014-11-30,6,2020-01-06,,124500
        ,Grace,Okafor,2016-01-20,4,2020-09-02,,124537
        """

    /// November: Amelia has a leaving date, Tomasz is gone, Priya joined; the other school sent no new roll.
    static let novemberRoll = """
        upn,forename,surname,dob,nc_year,entry_date,leaving_date,school_urn
        B801200005001,Amelia,Hughes,2015-03-04,5,2019-09-03,2025-10-20,124500
        ,Priya,Patel,2015-06-01,5,2025-10-21,,124500
        """

    func roll(_ text: String, _ app: Application, at now: Date) async throws -> ImportReceipt {
        let bytes = Array(text.utf8)
        return try await app.cme.service.importRoll(
            try RollCSV.read(bytes: bytes),
            file: ImportedFile(name: "roll.csv", bytes: bytes),
            school: nil,
            by: .system,
            on: app.db,
            at: now
        )
    }

    @Test(
        "a roll replaces the school's roll, records joiners and leavers, and the same file again changes nothing",
        arguments: Backend.available
    )
    func rolls(_ backend: Backend) async throws {
        try await withTestApp(backend, clock: TestClock("2025-10-27T09:00:00Z")) { app, clock in
            let service = app.cme.service
            let people = try await People.make(app)
            // setup: the September rolls are the baseline: no returns owed for them
            let first = try await self.roll(Self.septemberRoll, app, at: clock.now)
            #expect(first.summary == "3 pupils on 2 school rolls; 0 joined and 0 left since the last roll")
            #expect(try await service.storedRoll(on: app.db, onRollOn: Day(iso: "2025-10-27")).count == 3)

            // MUT
            let second = try await self.roll(Self.novemberRoll, app, at: clock.now)
            let again = try await self.roll(Self.novemberRoll, app, at: clock.now)

            // validate: school 124500's roll is the new file's; 124537 keeps its own
            #expect(second.summary == "2 pupils on 1 school roll; 1 joined and 2 left since the last roll")
            #expect(again.alreadyImportedAt != nil)
            #expect(again.summary.hasPrefix("already imported"))
            let counts = try await service.rollCounts(on: app.db)
            #expect(counts.map(\.schoolURN) == ["124500", "124537"])
            #expect(counts.map(\.pupils) == [2, 1])
            // Amelia left on 20 October: not on roll on the 27th
            let names = try await service.storedRoll(on: app.db, onRollOn: Day(iso: "2025-10-27")).map {
                $0.forename ?? ""
            }
            #expect(Set(names) == ["Priya", "Grace"])
            #expect(try await service.imports(on: app.db).count == 2, "the repeat is not recorded again")

            // The chase list on 5 November (Suffolk's half term, 27-31 October, is not school days): Amelia's CML
            // (left 20 Oct, due 3 Nov) and Priya's CMJ (joined 21 Oct, due 4 Nov) are overdue; Tomasz, gone from the
            // roll taken on 27 Oct, is due 7 Nov, not yet.
            let chase = try await service.returnsChaseList(on: app.db, today: Day(iso: "2025-11-05"))
            #expect(chase.map(\.schoolURN) == ["124500"])
            let school = try #require(chase.first)
            #expect(school.missing.map(\.name) == ["Amelia Hughes", "Priya Patel"])
            #expect(school.missing.map { $0.due.description } == ["2025-11-03", "2025-11-04"])
            #expect(school.missing.map(\.kind) == [.leaver, .joiner])
            #expect(
                try await service.returnsChaseList(on: app.db, today: Day(iso: "2025-11-10")).first?.missing.count == 3
            )

            // Castle Hill (124500) sends Priya's joiner notice from its Notices page: that answers her CMJ.
            let notice = try await app.call(
                .POST,
                "/api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Priya", surname: "Patel", dob: "2015-06-01", kind: "joiner_cmj")
            )
            #expect(notice.status == .created)
            let after = try await service.returnsChaseList(on: app.db, today: Day(iso: "2025-11-05"))
            #expect(after.first?.missing.map(\.name) == ["Amelia Hughes"])

            // MUT: the school sends its returns: Priya's by name and date of birth (no UPN yet), Amelia's by UPN
            let returns = """
                return_type,school_urn,upn,forename,surname,dob,date,destination
                CML,124500,B801200005001,Amelia,Hughes,2015-03-04,2025-10-20,Norfolk
                CMJ,124500,,PRIYA,patel,2015-06-01,2025-10-21,
                CML,124500,,Tomasz,Nowak,2014-11-30,2025-10-27,Poland
                """
            let bytes = Array(returns.utf8)
            let received = try await service.importReturns(
                try ReturnsCSV.read(bytes: bytes),
                file: ImportedFile(name: "returns.csv", bytes: bytes),
                school: nil,
                by: .system,
                on: app.db,
                at: clock.now
            )
            #expect(received.summary == "3 returns: 2 CML (leavers), 1 CMJ (joiners)")
            #expect(try await service.returnsChaseList(on: app.db, today: Day(iso: "2025-12-01")).isEmpty)
        }
    }

    @Test("a refused import leaves nothing behind; a school may not import", arguments: Backend.available)
    func refused(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            let bytes = Array(Self.septemberRoll.utf8)
            let pupils = try RollCSV.read(bytes: bytes)
            // A school's DSL may not replace the LA's rolls.
            let dsl = try #require(try await UserModel.query(on: app.db).filter(\.$email == "dsla@test.cme").first())
            await #expect(throws: ServiceError.self) {
                _ = try await app.cme.service.importRoll(
                    pupils,
                    file: ImportedFile(name: "roll.csv", bytes: bytes),
                    school: nil,
                    by: Actor(userID: dsl.id, role: .schoolDSL, organisationID: dsl.$organisation.id),
                    on: app.db,
                    at: clock.now
                )
            }
            #expect(try await app.cme.service.rollCounts(on: app.db).isEmpty)
            #expect(try await app.cme.service.imports(on: app.db).isEmpty)
        }
    }

    @Test(
        "attendance across imports: the run continues from the marks held, and a corrected mark replaces the old",
        arguments: Backend.available
    )
    func attendance(_ backend: Backend) async throws {
        try await withTestApp(backend, policy: "gloucestershire", clock: TestClock("2026-05-08T17:00:00Z")) {
            app,
            clock in
            func marks(_ days: [String], code: String) -> String {
                (["upn,school_urn,date,session,code"]
                    + days.flatMap {
                        ["B801200005001,115799,\($0),AM,\(code)", "B801200005001,115799,\($0),PM,\(code)"]
                    })
                    .joined(separator: "\n")
            }
            func load(_ text: String) async throws -> [StoredFindings] {
                let bytes = Array(text.utf8)
                return try await app.cme.service.importAttendance(
                    try AttendanceCSV.read(bytes: bytes),
                    file: ImportedFile(name: "marks.csv", bytes: bytes),
                    school: nil,
                    by: .system,
                    on: app.db,
                    at: clock.now
                ).findings
            }
            _ = try await load(marks(["2026-04-27"], code: "/"))
            _ = try await load(marks(["2026-04-28", "2026-04-29", "2026-04-30", "2026-05-01"], code: "O"))
            // MUT: the second week, across the May bank holiday
            let week = try await load(marks(["2026-05-05", "2026-05-06", "2026-05-07", "2026-05-08"], code: "O"))
            let found = try #require(week.first)
            #expect(found.findings.firstDayOfUnexplainedAbsence == (try Day(iso: "2026-04-28")))
            #expect(found.findings.unexplainedRun == 8)
            // Gloucestershire: the school refers on day 10 of unexplained absence, 12 May 2026
            #expect(found.clocksDue.contains { $0.id == "school-referral" && $0.due.description == "2026-05-12" })

            // MUT: the register is corrected: the 8 May marks become C (authorised): the run ends
            let corrected = try await load(marks(["2026-05-08"], code: "C"))
            #expect(corrected.first?.findings.firstDayOfUnexplainedAbsence == nil)
            #expect(corrected.first?.findings.unexplainedRun == 0)
        }
    }

    @Test(
        "the data feeds page: a roll taken in, the same file recognised, a bad file refused with every bad row named",
        arguments: Backend.available
    )
    func page(_ backend: Backend) async throws {
        try await withTestApp(backend, clock: TestClock("2025-10-27T09:00:00Z")) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            try await officer.get("/data")

            // MUT
            let taken = try await officer.upload(
                "/data/import",
                fields: ["kind": "roll"],
                files: [("file", "september.csv", Self.septemberRoll)]
            )
            #expect(taken.status == .seeOther)
            let shown = try await officer.get(taken.location ?? "/data")
            #expect(shown.body.contains("september.csv: 3 pupils on 2 school rolls"))
            try await officer.get("/data")
            let again = try await officer.upload(
                "/data/import",
                fields: ["kind": "roll"],
                files: [("file", "september.csv", Self.septemberRoll)]
            )
            #expect(again.location?.contains("already%20imported") == true, "\(again.location ?? "")")

            try await officer.get("/data")
            let bad = try await officer.upload(
                "/data/import",
                fields: ["kind": "roll", "school": "124500"],
                files: [
                    ("file", "bad.csv", Self.novemberRoll.replacingOccurrences(of: "2025-10-21", with: "2025-13-01"))
                ]
            )
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(##"href="#file""##))
            #expect(
                bad.body.contains("line 3: entry_date &#39;2025-13-01&#39; is not a date")
                    || bad.body.contains("line 3: entry_date '2025-13-01' is not a date"),
                "\(bad.body)"
            )
            #expect(
                try await app.cme.service.rollCounts(on: app.db).map(\.pupils) == [2, 1],
                "nothing of the bad file"
            )

            // Last year's transfer lists taken in; the failure-to-transfer search then needs no files: Grace (Year 4
            // last year) is on this year's roll, Leo (Year 6) is on none.
            try await officer.get("/data")
            let lists = try await officer.upload(
                "/data/import",
                fields: ["kind": "transfers"],
                files: [
                    (
                        "file", "transfers.csv",
                        "upn,forename,surname,dob,nc_year,school_urn\n,Grace,Okafor,2016-01-20,4,124537\n,Leo,Shaw,2013-10-05,6,124500\n"
                    )
                ]
            )
            #expect(lists.status == .seeOther)
            try await officer.get("/tracing/reports")
            let ftt = try await officer.upload(
                "/tracing/reports/failure-to-transfer",
                fields: ["lastYear": "2025-07-01"],
                files: []
            )
            #expect(ftt.status == .ok, "\(ftt.body)")
            #expect(ftt.body.contains("Shaw"))
            #expect(!ftt.body.contains("Okafor"))

            // A register with a pupil absent (O) two days running: on the page with the day it started.
            try await officer.get("/data")
            let marks = """
                upn,school_urn,date,session,code
                B801200005001,124500,2025-10-20,AM,O
                B801200005001,124500,2025-10-20,PM,O
                B801200005001,124500,2025-10-21,AM,O
                B801200005001,124500,2025-10-21,PM,O
                """
            let register = try await officer.upload(
                "/data/import",
                fields: ["kind": "attendance"],
                files: [("file", "register.csv", marks)]
            )
            #expect(register.status == .seeOther)
            let listed = try await officer.get("/data")
            #expect(listed.body.contains("Attendance needing attention"))
            let seen = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "data_feeds").all()
            #expect(seen.last?.action == "read", "seeing pupils listed is an audited read")
            #expect(listed.body.contains("B801200005001</td><td class=\"table__cell\">124500"), "\(listed.body)")

            let dsl = WebClient(app)
            try await dsl.signIn("dsla@test.cme", at: clock.now)
            #expect(try await dsl.get("/data").status == .forbidden)
        }
    }
}
