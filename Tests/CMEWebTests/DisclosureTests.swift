import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 16, "Disclosure follows the relationship": each leak found by trying the API as a referrer, a test named
/// after it, on SQLite and PostgreSQL.
@Suite("Disclosure")
struct DisclosureTests {
    /// Every organisation that refers children to the LA.
    static let referrers = ["dslA", "headA", "dslB", "agency", "otherLA", "ap"]

    /// The officer's case for Poppy Begum, with another organisation's note, an escalation and a restricted address.
    static func poppy(_ app: Application, _ people: People) async throws -> String {
        var body = referralJSON(forename: "Poppy", surname: "Begum", dob: "2013-04-09", restrictedAddress: true)
        body["additionalInformation"] = "Refuge placement arranged by the police"
        let created = try await app.call(.POST, "api/v1/referrals", as: people.tokens["officer"], json: body)
        let caseID = try #require(created.caseID)
        let note = try await app.call(
            .POST,
            "api/v1/cases/\(caseID)/events",
            as: people.tokens["officer"],
            json: ["kind": "escalated", "expectedVersion": 1, "target": "police", "reference": "PX-4471"]
        )
        #expect(note.status == .created)
        return caseID
    }

    @Test(
        "A referrer who refers a known child ('Popy Begum') is told only its referral's id and status, and cannot read the case, for every referrer role",
        arguments: Backend.available
    )
    func referrerCannotReadCaseAfterAttaching(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup
            let people = try await People.make(app)
            let caseID = try await Self.poppy(app, people)
            clock.advance(hours: 1)
            for who in Self.referrers {
                // MUT: a misspelt referral about the same child
                let sent = try await app.refer("Popy", "Begum", dob: "2013-04-09", as: who, people)

                // validate: the referral attached, and the referrer was not told so
                #expect(sent.status == .created, "\(who)")
                #expect(Set(sent.object.keys) == ["referralId", "status"], "\(who): \(sent.json)")
                #expect(sent["status"] as? String == "received")
                #expect(try await app.caseID(sent) == caseID, "\(who)'s referral attached to Poppy's case")
                // Neither the case nor the list opens to them.
                let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens[who])
                #expect(detail.status == .forbidden, "\(who)")
                #expect(!"\(detail.json)".contains("PX-4471") && !"\(detail.json)".contains("Mill Lane"))
                let list = try await app.call(.GET, "api/v1/cases", as: people.tokens[who])
                #expect(list.status == .forbidden, "\(who)")
                // Their referral reads back as they wrote it, with its status, the LA's contact, and nothing else.
                let reference = try #require(sent["referralId"] as? String)
                let mine = try await app.call(.GET, "api/v1/referrals/\(reference)", as: people.tokens[who])
                #expect(mine.status == .ok)
                #expect(mine["statusLabel"] as? String == "Received")
                let child = ((mine["referral"] as? [String: Any])?["child"] as? [String: Any]) ?? [:]
                #expect(child["forename"] as? String == "Popy" && child["surname"] as? String == "Begum")
                let text = "\(mine.json)"
                #expect(!text.contains("Poppy") && !text.contains("PX-4471") && !text.contains("Refuge"))
                #expect(!text.contains(caseID) && !text.contains("CME-"), "no case id or reference")
                #expect(text.contains("Children Missing Education Officer, Suffolk County Council"))
            }
        }
    }

    @Test(
        "A referrer's status moves from received to being looked into only when the CME team acts after its referral",
        arguments: Backend.available
    )
    func statusDoesNotSayTheChildWasKnown(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let caseID = try await Self.poppy(app, people)
            clock.advance(hours: 1)
            let sent = try await app.refer("Poppy", "Begum", dob: "2013-04-09", as: "dslA", people)
            let reference = try #require(sent["referralId"] as? String)
            // The escalation was made before the school's referral: it says nothing to the school.
            let before = try await app.call(.GET, "api/v1/referrals/\(reference)", as: people.tokens["dslA"])
            #expect(before["status"] as? String == "received")
            clock.advance(hours: 1)
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let version = try #require((detail["case"] as? [String: Any])?["version"] as? Int)
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: [
                    "kind": "reason_and_source_recorded", "expectedVersion": version, "reason": "RTL", "source": "SCH",
                ]
            )
            let after = try await app.call(.GET, "api/v1/referrals/\(reference)", as: people.tokens["dslA"])
            #expect(after["status"] as? String == "being_looked_into")
            let list = try await app.call(.GET, "api/v1/referrals", as: people.tokens["dslA"])
            #expect((list.json as? [[String: Any]])?.first?["statusLabel"] as? String == "Being looked into")
        }
    }

    @Test(
        "Derbyshire 8.0: a headteacher named to see restricted addresses still cannot read another organisation's refuge address by referring the child",
        arguments: Backend.available
    )
    func headteacherCannotReadRefugeAddressByReferring(backend: Backend) async throws {
        try await withTestApp(backend, policy: "derbyshire") { app, _ in
            let people = try await People.make(app)
            var body = referralJSON(forename: "Poppy", surname: "Begum", dob: "2013-04-09", restrictedAddress: true)
            var child = try #require(body["child"] as? [String: Any])
            child["addresses"] = [
                ["lines": ["Refuge, 1 Hidden Row"], "postcode": "DE4 9ZZ", "restricted": true, "kind": "current"]
            ]
            body["child"] = child
            let opened = try await app.call(.POST, "api/v1/referrals", as: people.tokens["agency"], json: body)
            let caseID = try #require(try await app.caseID(opened))
            let sent = try await app.refer("Poppy", "Begum", dob: "2013-04-09", as: "headA", people)
            #expect(try await app.caseID(sent) == caseID)
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["headA"])
            #expect(detail.status == .forbidden)
            let reference = try #require(sent["referralId"] as? String)
            let mine = try await app.call(.GET, "api/v1/referrals/\(reference)", as: people.tokens["headA"])
            #expect(!"\(mine.json)".contains("Hidden Row") && !"\(mine.json)".contains("DE4"))
        }
    }

    @Test(
        "A restricted address feeds no area into the management report, its CSV or the kept monthly record",
        arguments: Backend.available
    )
    func restrictedAddressFeedsNoArea(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            var hidden = referralJSON(forename: "Poppy", surname: "Begum", dob: "2013-04-09")
            var child = try #require(hidden["child"] as? [String: Any])
            child["addresses"] = [["lines": ["Refuge"], "postcode": "CO10 1AA", "restricted": true, "kind": "current"]]
            hidden["child"] = child
            _ = try await app.call(.POST, "api/v1/referrals", as: people.tokens["officer"], json: hidden)
            _ = try await app.refer("Omar", "Haddad", dob: "2014-02-02", as: "officer", people)
            let (rows, clocks) = try await ManagementReport.gather(on: app.db, time: app.cme.service.time)
            #expect(rows.map(\.area).sorted { ($0 ?? "") < ($1 ?? "") } == [nil, "IP1"])
            let today = app.cme.service.time.day(clock.now)
            let period = try #require(ManagementReport.Period.named(.monthly, "2025-11", today: today.adding(days: 40)))
            let csv = ManagementReport.compute(rows, clocks: clocks, period: period).csv
            #expect(csv.contains("IP1") && !csv.contains("CO10"))
        }
    }

    @Test(
        "An EWO's child search finds only children of cases they may open; a search with no letter or digit is 422",
        arguments: Backend.available
    )
    func ewoSearchIsScoped(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let created = try await app.refer("Maja", "Kowalski", dob: "2015-03-03", as: "officer", people)
            let caseID = try #require(created.caseID)
            let search = "api/v1/children?name=Maja%20Kowalski"
            #expect(((try await app.call(.GET, search, as: people.tokens["ewo"])).json as? [Any])?.count == 0)
            #expect(((try await app.call(.GET, search, as: people.tokens["officer"])).json as? [Any])?.count == 1)
            try await app.triage(caseID, assignTo: "ewo2", people)
            // Assigned to a colleague in the same team: found; by an EWO of another team: not.
            #expect(((try await app.call(.GET, search, as: people.tokens["ewo"])).json as? [Any])?.count == 1)
            #expect(((try await app.call(.GET, search, as: people.tokens["ewo3"])).json as? [Any])?.count == 0)
            for wildcard in ["_", "%25", "%20_%20", "Mr"] {
                let refused = try await app.call(.GET, "api/v1/children?name=\(wildcard)", as: people.tokens["officer"])
                #expect(refused.status == .unprocessableEntity, "\(wildcard)")
                #expect("\(refused.json)".contains("name"))
            }
        }
    }

    @Test(
        "A date of birth in the future or past the policy's oldest age is 422 naming the field, and opens no case",
        arguments: Backend.available
    )
    func implausibleDateOfBirthRefused(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            for dob in ["9999-12-31", "2026-01-01", "1990-05-05"] {
                let refused = try await app.call(
                    .POST,
                    "api/v1/referrals",
                    as: people.tokens["officer"],
                    json: referralJSON(forename: "Ada", surname: "Lovelace", dob: dob)
                )
                #expect(refused.status == .unprocessableEntity, "\(dob)")
                let fields = (refused["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields == ["child.dateOfBirth"], "\(dob)")
            }
            #expect(try await CaseModel.query(on: app.db).count() == 0)
        }
    }
}

extension DisclosureTests {
    @Test(
        "The CME team's work in the same minute as a referral arrived moves it to being looked into (the timeline keeps minutes)",
        arguments: Backend.available
    )
    func workInTheSameMinuteCounts(backend: Backend) async throws {
        try await withTestApp(backend, clock: TestClock("2025-11-03T09:00:10Z")) { app, clock in
            let people = try await People.make(app)
            let sent = try await app.refer("Ruby", "Lane", dob: "2014-02-02", as: "dslA", people)
            let caseID = try #require(try await app.caseID(sent))
            clock.advance(hours: 20.0 / 3600)  // twenty seconds later, the same minute
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: ["kind": "reason_and_source_recorded", "expectedVersion": 1, "reason": "RTL", "source": "SCH"]
            )
            let reference = try #require(sent["referralId"] as? String)
            let status = try await app.call(.GET, "api/v1/referrals/\(reference)", as: people.tokens["dslA"])
            #expect(status["status"] as? String == "being_looked_into")
        }
    }
}
