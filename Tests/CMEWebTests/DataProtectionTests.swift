import CMECore
import CMEStorage
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 16, "The data subject's rights": subject access (Art. 15) and retention (Art. 5(1)(e)), on SQLite and
/// PostgreSQL.
@Suite("Data protection")
struct DataProtectionTests {
    @Test(
        "A subject access export holds the record, every referral as sent, the timeline and who saw it; it is audited and refused to those who may not take it",
        arguments: Backend.available
    )
    func subjectAccessExport(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: the officer's referral, a note, and a school's referral about the same child
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let created = try await app.refer("Mia", "Ward", dob: "2014-06-01", as: "officer", people)
            let caseID = try #require(created.caseID)
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: ["kind": "note_added", "expectedVersion": 1, "note": "Rang the grandmother"]
            )
            clock.advance(hours: 1)
            _ = try await app.refer("Mia", "Ward", dob: "2014-06-01", as: "dslA", people)
            let childID = try #require(try await CaseModel.find(UUID(uuidString: caseID), on: app.db)?.$child.id)
            let path = "/children/\(childID.uuidString.lowercased())/subject-access"

            // MUT: the officer reads the export, and downloads it as JSON
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            let page = try await officer.get(path)
            let download = try await officer.get(path + ".json")

            // validate
            #expect(page.status == .ok)
            #expect(page.body.contains("Mia Ward") && page.body.contains("Rang the grandmother"))
            #expect(page.body.contains("Who has seen and changed this record"))
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(download.body.utf8)) as? [String: Any])
            #expect((json["referrals"] as? [[String: Any]])?.count == 2)
            let cases = try #require(json["cases"] as? [[String: Any]])
            let timeline = (cases.first?["timeline"] as? [[String: Any]])?.compactMap { $0["what"] as? String }
            #expect(timeline == ["Referral received", "Note added", "Referral received"])
            let accesses = try #require(json["accesses"] as? [[String: Any]])
            #expect(accesses.contains { $0["detail"] as? String == "subject access export" })
            #expect(accesses.contains { $0["role"] as? String == "Designated safeguarding lead" })
            // Each export is itself in the trail, with who took it.
            let exports = try await AuditEntryModel.query(on: app.db).filter(\.$childID == childID)
                .filter(\.$detail == "subject access export").all()
            #expect(exports.count == 2 && exports.allSatisfy { $0.userID == people.ids["officer"] })
            // The auditor (data protection officer) may take it; a school and an EWO may not.
            for (email, status) in [
                ("auditor@test.cme", HTTPStatus.ok), ("dslA@test.cme", .forbidden), ("ewo@test.cme", .forbidden),
            ] {
                let reader = WebClient(app)
                try await reader.signIn(email, at: clock.now)
                #expect(try await reader.get(path).status == status, "\(email)")
            }
            #expect(
                try await officer.get("/children/\(UUID().uuidString.lowercased())/subject-access").status == .notFound
            )
        }
    }

    @Test(
        "Retention: a child whose cases are closed is disposed of 9 years after the school leaving date, in a transaction with an audit row naming the rule; a dry run changes nothing",
        arguments: Backend.available
    )
    func retentionDisposesOfWhatIsDue(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: two children born 2009-05-05 (school leaving date 27 June 2025); one case closed, one open
            let people = try await People.make(app)
            let closed = try await app.refer("Ella", "Gray", dob: "2009-05-05", as: "officer", people)
            let open = try await app.refer("Finn", "Hart", dob: "2009-05-05", as: "officer", people)
            let closedCase = try #require(closed.caseID)
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(closedCase)/events",
                as: people.tokens["officer"],
                json: ["kind": "closed", "expectedVersion": 1, "note": "On roll at Castle Hill"]
            )
            let ella = try #require(try await CaseModel.find(UUID(uuidString: closedCase), on: app.db)?.$child.id)
            let service = app.cme.service
            // Roll and attendance rows: one from long ago, one recent.
            let sql = try #require(app.db as? any SQLDatabase)
            let importID = UUID()
            try await sql.insert(into: "data_imports").columns(
                "id",
                "kind",
                "school_urn",
                "file_name",
                "file_sha256",
                "rows",
                "summary",
                "imported_at"
            ).values(
                SQLBind(importID),
                SQLBind("attendance"),
                SQLBind("124500"),
                SQLBind("marks.csv"),
                SQLBind("x"),
                SQLBind(2),
                SQLBind(""),
                SQLBind(clock.now)
            ).run()
            for day in ["2025-10-01", "2033-06-01"] {
                try await sql.insert(into: "attendance_marks").columns(
                    "id",
                    "school_urn",
                    "upn",
                    "day",
                    "session",
                    "code",
                    "import_id"
                ).values(
                    SQLBind(UUID()),
                    SQLBind("124500"),
                    SQLBind("A801200005001"),
                    SQLBind(day),
                    SQLBind("AM"),
                    SQLBind("O"),
                    SQLBind(importID)
                ).run()
            }

            // Not yet due the day before 27 June 2034.
            clock.advance(days: 3157)
            #expect(service.time.day(clock.now).description == "2034-06-26")
            #expect(
                try await service.runRetention(by: .system, dryRun: true, on: app.db, at: clock.now).children.isEmpty
            )

            // MUT: a dry run, then the run, on the day it falls due
            clock.advance(days: 1)
            let dry = try await service.runRetention(by: .system, dryRun: true, on: app.db, at: clock.now)
            #expect(dry.children.map(\.id) == [ella])
            #expect(dry.children.first?.due.description == "2034-06-27")
            #expect(dry.feedRows["attendance_marks"] == 1)
            #expect(try await ChildModel.find(ella, on: app.db) != nil, "a dry run changes nothing")
            let generation = try await ReportGeneration.current(on: app.db)
            let run = try await service.runRetention(by: .system, dryRun: false, on: app.db, at: clock.now)
            // A report computed before no longer holds: her closed case was in its figures, and a disposal moves
            // the reports' generation on whatever else changed.
            #expect(try await ReportGeneration.current(on: app.db).disposals == generation.disposals + 1)

            // validate: Ella's whole record is gone; Finn, whose case is open, stays; the trail says what went
            #expect(run.children.map(\.id) == [ella])
            #expect(try await ChildModel.find(ella, on: app.db) == nil)
            #expect(try await CaseModel.find(UUID(uuidString: closedCase), on: app.db) == nil)
            #expect(try await ReferralModel.query(on: app.db).filter(\.$child.$id == ella).count() == 0)
            #expect(try await CaseModel.find(UUID(uuidString: try #require(open.caseID)), on: app.db) != nil)
            let disposal = try #require(
                try await AuditEntryModel.query(on: app.db).filter(\.$childID == ella).filter(\.$action == "delete")
                    .first()
            )
            #expect(disposal.detail?.contains("kept 9 years after the school leaving date") == true)
            #expect(disposal.detail?.contains("1 cases") == true && disposal.detail?.contains("1 referrals") == true)
            #expect(!(disposal.detail ?? "").contains("Ella"), "identifiers only")
            let marks = try await sql.raw("SELECT day FROM attendance_marks").all()
                .map { try $0.decode(column: "day", as: String.self) }
            #expect(marks == ["2033-06-01"])
            #expect(try await AuditLog.verify(on: app.db) == nil)
            // Nobody but the administrator and the command line disposes of records.
            let officer = Actor(userID: people.ids["officer"], role: .cmeOfficer)
            await #expect(throws: ServiceError.self) {
                try await service.runRetention(by: officer, dryRun: true, on: app.db, at: clock.now)
            }
        }
    }
}

/// Issue 16, restriction of processing (UK GDPR Art. 18).
@Suite("Restriction of processing")
struct RestrictionTests {
    @Test(
        "A restricted child's record is read only by officers and managers, each read with a reason kept in the trail; EWOs no longer find it; lifting restores it",
        arguments: Backend.available
    )
    func restrictedRecordNeedsAReason(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: a case assigned to the EWO
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let created = try await app.refer("Zara", "Quinn", dob: "2013-08-08", as: "officer", people)
            let caseID = try #require(created.caseID)
            try await app.triage(caseID, assignTo: "ewo", people)
            let childID = try #require(try await CaseModel.find(UUID(uuidString: caseID), on: app.db)?.$child.id)
            let restriction = "api/v1/children/\(childID.uuidString)/restriction"
            let restrict: [String: Any] = ["restricted": true, "reason": "Parent contests the record's accuracy"]
            // Only officers and managers restrict a record.
            for who in ["dslA", "ewo", "auditor", "admin"] {
                let refused = try await app.call(.PUT, restriction, as: people.tokens[who], json: restrict)
                #expect(refused.status == .forbidden, "\(who)")
            }
            #expect(try await app.call(.PUT, restriction, as: nil, json: restrict).status == .unauthorized)
            let noReason = try await app.call(
                .PUT,
                restriction,
                as: people.tokens["officer"],
                json: ["restricted": true]
            )
            #expect(noReason.status == .unprocessableEntity && "\(noReason.json)".contains("reason"))

            // MUT
            let set = try await app.call(.PUT, restriction, as: people.tokens["officer"], json: restrict)

            // validate
            #expect(set.status == .noContent)
            let detail = "api/v1/cases/\(caseID)"
            #expect(try await app.call(.GET, detail, as: people.tokens["ewo"]).status == .notFound)
            let found = try await app.call(.GET, "api/v1/children?name=Zara%20Quinn", as: people.tokens["ewo"])
            #expect((found.json as? [Any])?.isEmpty == true)
            let unexplained = try await app.call(.GET, detail, as: people.tokens["officer"])
            #expect(unexplained.status == .unprocessableEntity && "\(unexplained.json)".contains("accessReason"))
            let explained = try await app.call(
                .GET,
                detail + "?accessReason=Checking%20the%20disputed%20address",
                as: people.tokens["manager"]
            )
            #expect(explained.status == .ok)
            let note: [String: Any] = ["kind": "note_added", "expectedVersion": 3, "note": "Spoke to the parent"]
            let unexplainedWrite = try await app.call(
                .POST,
                detail + "/events",
                as: people.tokens["officer"],
                json: note
            )
            #expect(unexplainedWrite.status == .unprocessableEntity)
            let write = try await app.call(
                .POST,
                detail + "/events?accessReason=Recording%20the%20call",
                as: people.tokens["officer"],
                json: note
            )
            #expect(write.status == .created)
            let trail = try await AuditEntryModel.query(on: app.db).filter(\.$childID == childID).sort(\.$seq).all()
                .compactMap(\.detail)
            #expect(trail.contains("processing restricted: Parent contests the record's accuracy"))
            #expect(trail.contains("restricted record read: Checking the disputed address"))
            #expect(trail.contains("restricted record read: Recording the call"))
            // The case page asks the officer why, then shows the record with the restriction and the way to lift it.
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            let asked = try await officer.get("/cases/\(caseID.lowercased())")
            #expect(asked.body.contains("This child&#39;s record is restricted") && asked.body.contains("accessReason"))
            let shown = try await officer.get("/cases/\(caseID.lowercased())?accessReason=Safeguarding%20check")
            #expect(
                shown.status == .ok && shown.body.contains("Zara Quinn") && shown.body.contains("Lift the restriction")
            )
            // Lifted: the EWO reads the case again.
            let lifted = try await app.call(
                .PUT,
                restriction,
                as: people.tokens["manager"],
                json: ["restricted": false]
            )
            #expect(lifted.status == .noContent)
            #expect(try await app.call(.GET, detail, as: people.tokens["ewo"]).status == .ok)
            #expect(try await AuditLog.verify(on: app.db) == nil)
        }
    }
}
