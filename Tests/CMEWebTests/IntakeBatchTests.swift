import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import CMEStorage

/// Referrals that arrive together are taken in together, in one transaction (group commit, ADR 0009). These hold a
/// batch to what the same referrals do one at a time: the same children, cases, clocks and references, a later
/// referral in the batch seeing an earlier one (Suffolk 9.5: no duplicate case), and one that the database refuses
/// failing alone.
@Suite("Referrals taken in together")
struct IntakeBatchTests {
    static func referral(
        _ forename: String,
        _ surname: String,
        born dob: String,
        upn: String? = nil,
        street: String = "12 Orchard Way",
        postcode: String = "IP4 2LB"
    ) throws -> Referral {
        var child = Child(forename: forename, surname: surname, dateOfBirth: try Day(iso: dob))
        child.upn = try upn.map { try UPN($0) }
        child.addresses = [AddressRecord(address: Address(lines: [street], postcode: postcode), kind: .lastKnown)]
        child.contacts = [Contact(name: "Parent of \(forename)", relationship: "mother", parentalResponsibility: true)]
        child.schools = [SchoolEnrolment(urn: "124500", name: "Castle Hill Primary")]
        child.aliases = ["\(forename) Known-As"]
        return Referral(child: child, reason: "RTL", source: "SCH", firstDayOfAbsence: try Day(iso: "2025-10-20"))
    }

    /// The test people, and the DSL of school A, who makes the referrals.
    static func schoolDSL(_ app: Application) async throws -> (People, Actor) {
        let people = try await People.make(app)
        return (people, Actor(userID: people.ids["dslA"], role: .schoolDSL, organisationID: people.schoolA.id))
    }

    static func count(
        _ table: String,
        where condition: SQLQueryString = "1 = 1",
        on db: any Database
    ) async throws
        -> Int
    {
        let sql = try #require(db as? any SQLDatabase)
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(condition)").first()
        return try #require(try row?.decode(column: "n", as: Int.self))
    }

    @Test(
        "A batch: a typo of a child earlier in the batch attaches, a twin and a same-UPN update behave as alone, a name added by one update finds the child for the next, references run in order",
        arguments: Backend.available
    )
    func batchMatchesOneAtATime(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let (people, dsl) = try await Self.schoolDSL(app)
            let service = app.cme.service
            // Known before the batch.
            let leo = try await service.intake(
                try Self.referral("Leo", "Marsh", born: "2013-11-30"),
                by: dsl,
                on: app.db,
                at: clock.now
            )
            // An update about Leo gives the name he now goes by; a later referral in the batch uses only that name.
            var update = try Self.referral("Leo", "Marsh", born: "2013-11-30")
            update.child.aliases = ["Leo Whitfield"]
            var known = try Self.referral("Leo", "Whitfield", born: "2013-11-30")
            known.child.aliases = []
            // The update about Kaleigh says she is now looked after; her first referral's answer said not.
            var kaliegh = try Self.referral("Kaliegh", "Smith", born: "2014-05-02", street: "3 Mill Lane")
            kaliegh.child.inCare = true
            let referrals = [
                try Self.referral("Kaleigh", "Smith", born: "2014-05-02"),
                try Self.referral("Ben", "Carter", born: "2013-02-10"),
                // The first child again, name mistyped, from another address: attaches to her case.
                kaliegh,
                // Ben's twin: same surname and birthday, a different child.
                try Self.referral("Bella", "Carter", born: "2013-02-10"),
                try Self.referral("Jaydon", "Price", born: "2012-09-14", upn: "B801200005001"),
                // The same UPN under another spelling: the same child.
                try Self.referral("Jayden", "Pryce", born: "2012-09-14", upn: "B801200005001"),
                update,
                known,
            ]
            // The CME officer takes them in (a school is never answered with the case, issue 16).
            let officer = Actor(userID: people.ids["officer"], role: .cmeOfficer)
            let results = await service.intake(
                referrals.map { IntakeRequest($0, by: officer, at: clock.now, answering: true) },
                on: app.db
            )
            let taken = try results.map { try $0.get() }
            // Each new case came back with its answer; an update that attached reads the case as usual.
            #expect(taken.map { $0.detail != nil } == [true, true, false, true, true, false, false, false])
            #expect(taken[0].detail?.child.inCare == false)
            #expect(try await ChildModel.find(taken[0].childID, on: app.db)?.inCare == true)
            #expect(taken.map(\.attached) == [false, false, true, false, false, true, true, true])
            #expect(taken.map(\.reference) == (2...9).map { "REF-2025-00000\($0)" })
            #expect(taken[6].caseID == leo.caseID && taken[7].caseID == leo.caseID)
            #expect(taken[2].caseID == taken[0].caseID && taken[2].childID == taken[0].childID)
            #expect(taken[5].caseID == taken[4].caseID && taken[5].matchEvidence == "UPN the same")
            #expect(taken[3].caseID != taken[1].caseID && taken[3].childID != taken[1].childID)
            #expect(try await Self.count("children", on: app.db) == 5)

            // Case references follow the order the children arrived in.
            var references: [String] = []
            for index in [0, 1, 3, 4] {
                let model = try #require(try await CaseModel.find(taken[index].caseID, on: app.db))
                references.append(model.reference)
            }
            #expect(references == (2...5).map { "CME-2025-00000\($0)" })

            // A referral taken in alone afterwards, as a yardstick for what each new case holds.
            let alone = try await service.intake(
                try Self.referral("Zara", "Okafor", born: "2015-01-21"),
                by: dsl,
                on: app.db,
                at: clock.now
            )
            let aloneCase = try #require(alone.caseID)
            let clocksAlone = try await Self.count("clocks", where: "case_id = \(bind: aloneCase)", on: app.db)
            #expect(clocksAlone > 0)
            for index in [1, 3] {
                let id = try #require(taken[index].caseID)
                #expect(try await Self.count("clocks", where: "case_id = \(bind: id)", on: app.db) == clocksAlone)
                #expect(try await Self.count("case_events", where: "case_id = \(bind: id)", on: app.db) == 1)
            }
            let kaleighCase = try #require(taken[0].caseID)
            #expect(try await Self.count("case_events", where: "case_id = \(bind: kaleighCase)", on: app.db) == 2)
            // Every detail of the queued children was written, and the update's new address was added.
            let kaleigh = taken[0].childID
            #expect(try await Self.count("child_addresses", where: "child_id = \(bind: kaleigh)", on: app.db) == 2)
            for table in ["child_aliases", "child_contacts", "child_schools"] {
                #expect(try await Self.count(table, where: "child_id = \(bind: taken[1].childID)", on: app.db) == 1)
            }
            // The detail a referral answers with reads back from the database after the batch.
            let detail = try await service.detail(
                caseID: try #require(taken[1].caseID),
                for: Actor(userID: people.ids["officer"], role: .cmeOfficer),
                on: app.db,
                at: clock.now
            )
            #expect(detail.child.forename == "Ben" && detail.timeline.count == 1 && !detail.clocks.isEmpty)
            #expect(
                try await Self.count(
                    "audit_entries",
                    where: "entity_type = 'referral' AND action = 'create'",
                    on: app.db
                )
                    == 10
            )
        }
    }

    @Test(
        "The case a referral answers with is the case as read back afterwards, for officers and managers, restricted address included; a school gets no case",
        arguments: Backend.available
    )
    func answerIsTheCaseAsRead(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            for (who, forename, restricted) in [("officer", "Ruby", false), ("manager", "Ezra", true)] {
                var body = referralJSON(
                    forename: forename,
                    surname: "Lindqvist",
                    dob: "2013-07-19",
                    restrictedAddress: restricted
                )
                var child = try #require(body["child"] as? [String: Any])
                child["aliases"] = ["\(forename) Berg", "\(forename) Adeyemi", "\(forename) Zeller"]
                var addresses = try #require(child["addresses"] as? [[String: Any]])
                addresses += ["9 Quay Street", "Flat 1, 2 Bond Street", "40 Norwich Road"].map {
                    ["lines": [$0], "postcode": "IP4 1AA", "kind": "previous"]
                }
                child["addresses"] = addresses
                body["child"] = child
                let created = try await app.call(.POST, "api/v1/referrals", as: people.tokens[who], json: body)
                #expect(created.status == .created)
                let answered = try #require(created["case"] as? NSDictionary)
                let id = try #require((try await app.caseID(created)))
                let read = try await app.call(.GET, "api/v1/cases/\(id)", as: people.tokens[who])
                #expect(read.status == .ok)
                #expect(answered == (read.json as? NSDictionary), "\(who)'s answer differs from the case read back")
                #expect(((answered["clocks"] as? [Any])?.count ?? 0) > 0)
            }
            // A school's answer is the referral's reference and status: no case, clocks or addresses (issue 16).
            let school = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Ezra", surname: "Lindqvist", dob: "2013-07-19", restrictedAddress: true)
            )
            #expect(school.status == .created && Set(school.object.keys) == ["referralId", "status"])
            // An EWO may refer a child but reads only the cases assigned to their team: the referral is made, and
            // its answer leaves the case out instead of refusing what was done.
            let ewo = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["ewo"],
                json: referralJSON(forename: "Iris", surname: "Lindqvist", dob: "2012-02-14")
            )
            #expect(ewo.status == .created && ewo["case"] == nil && ewo["referralId"] as? String != nil)
            #expect(try await Self.count("children", where: "forename = 'Iris'", on: app.db) == 1)
            // The read that came back with each referral is in the audit trail, written with the referral.
            let reads = try await Self.count(
                "audit_entries",
                where: "entity_type = 'case' AND action = 'read'",
                on: app.db
            )
            #expect(reads == 4)
        }
    }

    @Test(
        "A referral the database refuses fails alone: the others in its batch are kept, nothing of it is",
        arguments: Backend.available
    )
    func refusedReferralFailsAlone(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let (_, dsl) = try await Self.schoolDSL(app)
            try await Self.refuseSurname("Refused", backend: backend, on: app.db)
            let referrals = [
                try Self.referral("Amira", "Haddad", born: "2015-06-03"),
                try Self.referral("Noah", "Refused", born: "2014-03-08"),
                try Self.referral("Leo", "Marsh", born: "2013-11-30"),
            ]
            var bad = referrals[0]
            bad.reason = "XYZ"
            let results = await app.cme.service.intake(
                (referrals + [bad]).map { IntakeRequest($0, by: dsl, at: clock.now) },
                on: app.db
            )
            #expect((try? results[0].get()) != nil && (try? results[2].get()) != nil)
            #expect((try? results[1].get()) == nil)
            // An unknown code is refused before the transaction, naming the field.
            guard case .failure(ServiceError.invalid(let problems)) = results[3] else {
                Issue.record("an unknown reason code must be refused")
                return
            }
            #expect(problems.map(\.field) == ["reason"])
            #expect(try await Self.count("children", on: app.db) == 2)
            #expect(try await Self.count("children", where: "surname = 'Refused'", on: app.db) == 0)
            #expect(try await Self.count("referrals", on: app.db) == 2)
            #expect(try await Self.count("cases", on: app.db) == 2)
            // The failed batch's numbers were rolled back with it: no gap.
            #expect(try results[2].get().reference == "REF-2025-000002")
            #expect(
                try await Self.count("audit_entries", where: "entity_type = 'referral'", on: app.db) == 2
            )

            // Failure to transfer (Suffolk 8.1): the referrals made are reported with the one refused.
            let untraced = ["Ada Refused", "Ola Nwosu", "Tom Pike"].enumerated().map { index, name in
                let parts = name.split(separator: " ").map(String.init)
                return TracingReports.Untraced(
                    record: PupilRecord(
                        recordID: "C\(index)",
                        forename: parts[0],
                        surname: parts[1],
                        dateOfBirth: try? Day(iso: "2015-0\(index + 1)-20")
                    ),
                    ncYear: 4,
                    nearest: nil
                )
            }
            let ftt = try await app.cme.service.referFailedToTransfer(
                untraced,
                lastYear: try Day(iso: "2025-07-01"),
                by: .system,
                on: app.db,
                at: clock.now
            )
            #expect(ftt.opened == 2 && ftt.references.count == 2)
            #expect(ftt.failed.count == 1 && ftt.failed.first?.hasPrefix("C0: ") == true)
        }
    }

    /// Makes the database refuse a child's row with `surname`, as it would a row breaking a constraint.
    static func refuseSurname(_ surname: String, backend: Backend, on db: any Database) async throws {
        let sql = try #require(db as? any SQLDatabase)
        switch backend {
        case .sqlite:
            try await sql.raw(
                """
                CREATE TRIGGER refuse_child BEFORE INSERT ON children WHEN NEW.surname = \(literal: surname)
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """
            ).run()
        case .postgres:
            try await sql.raw(
                """
                CREATE FUNCTION refuse_child() RETURNS trigger AS $$ BEGIN
                IF NEW.surname = \(literal: surname) THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$
                LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER refuse_child BEFORE INSERT ON children FOR EACH ROW EXECUTE FUNCTION refuse_child()
                """
            ).run()
        }
    }

    @Test(
        "Issue 18: a child read before the batch and merged into another record before it attaches the referral to the record kept",
        arguments: Backend.available
    )
    func nearChildMergedBeforeTheBatch(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let (people, dsl) = try await Self.schoolDSL(app)
            let service = app.cme.service
            let harriet = try await service.intake(
                try Self.referral("Harriet", "Quenby", born: "2012-01-09"),
                by: dsl,
                on: app.db,
                at: clock.now
            )
            let hattie = try await service.intake(
                try Self.referral("Hattie", "Quenby", born: "2012-10-19"),
                by: dsl,
                on: app.db,
                at: clock.now
            )
            // A referral about Harriet with her birthday a day out: she is read before the batch, as born near the day.
            let referral = try Self.referral("Harriet", "Quenby", born: "2012-01-10")
            var request = IntakeRequest(referral, by: dsl, at: clock.now)
            request.near = try await service.nearChildren(referral.child, on: app.db)
            #expect(request.near?.map(\.0) == [harriet.childID])
            // MUT: an officer merges Harriet's record into Hattie's before the batch runs
            let officer = Actor(userID: people.ids["officer"], role: .cmeOfficer)
            try await service.mergeChildren(
                keep: hattie.childID,
                merge: harriet.childID,
                by: officer,
                on: app.db,
                at: clock.now
            )
            let taken = try await service.intake([request], on: app.db).map { try $0.get() }
            // validate: the referral is on the one record left, never on the record merged away
            #expect(taken.first?.childID == hattie.childID)
            #expect(
                taken.first?.matchEvidence?.contains("forename the same") == true,
                "\(taken.first?.matchEvidence ?? "")"
            )
        }
    }

    @Test(
        "A list longer than a batch (failure to transfer) goes in batches, every referral kept and numbered in order",
        arguments: Backend.available
    )
    func longListGoesInBatches(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let (_, dsl) = try await Self.schoolDSL(app)
            let count = IntakeQueue.largestBatch + 6
            // Seventy different children: ten forenames by seven surnames (names with digits in are all one name),
            // each at their own home.
            let forenames: [String] = [
                "Ada", "Bilal", "Cyrus", "Dina", "Elif", "Femi", "Greta", "Hamza", "Iona", "Jonas",
            ]
            let surnames: [String] = ["Cohort", "Abara", "Brennan", "Czerny", "Dlamini", "Eriksen", "Fonseca"]
            var requests: [IntakeRequest] = []
            for index in 0..<count {
                let born = String(format: "2012-%02d-%02d", 1 + index % 12, 13 + index / 12)
                let referral = try Self.referral(
                    forenames[index % 10],
                    surnames[index / 10],
                    born: born,
                    postcode: "IP\(1 + index / 10) \(index % 10)AA"
                )
                requests.append(IntakeRequest(referral, by: dsl, at: clock.now))
            }
            let taken = try await app.cme.service.intake(requests, on: app.db).map { try $0.get() }
            #expect(taken.map(\.reference) == (1...count).map { String(format: "REF-2025-%06d", $0) })
            #expect(Set(taken.compactMap(\.caseID)).count == count)
            #expect(try await Self.count("cases", on: app.db) == count)
        }
    }

    @Test(
        "Referrals sent at the same moment share transactions, and each gets its own case and reference",
        arguments: Backend.available
    )
    func concurrentReferralsShareTransactions(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let (_, dsl) = try await Self.schoolDSL(app)
            let service = app.cme.service
            let now = clock.now
            let db = app.db
            let count = 40
            let taken = try await withThrowingTaskGroup(of: IntakeResult.self) { group in
                for index in 0..<count {
                    group.addTask {
                        try await service.intake(
                            // Forty birthdays, none with a day/month swap.
                            try Self.referral(
                                "Child\(index)",
                                "Batch",
                                born: String(format: "2013-%02d-%02d", 1 + index % 12, 13 + index / 12)
                            ),
                            by: dsl,
                            on: db,
                            at: now
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(taken.map(\.reference)).count == count)
            #expect(Set(taken.compactMap(\.caseID)).count == count)
            #expect(taken.allSatisfy { !$0.attached })
            #expect(try await Self.count("cases", on: app.db) == count)
            let batches = await service.intakes.batches
            #expect(await service.intakes.referrals == count)
            #expect(batches < count, "every referral went in its own transaction")
            // New rows take time-ordered ids (ADR 0010): the child, the case, its event and clocks, the referral, and
            // the audit rows.
            let sql = try #require(app.db as? any SQLDatabase)
            for table in ["children", "cases", "case_events", "clocks", "referrals", "audit_entries"] {
                let ids = try await sql.raw("SELECT id FROM \(ident: table)").all()
                    .map { try $0.decode(column: "id", as: UUID.self) }
                #expect(ids.count >= count, "\(table)")
                #expect(ids.allSatisfy { $0.uuid.6 >> 4 == 7 }, "\(table) has ids that are not time-ordered")
            }
        }
    }
}
