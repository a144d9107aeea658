import CMECore
import CMEStorage
import CMEWeb
import Fluent
import Foundation
import Testing
import VaporTesting

/// Who may do what through the API, and what bad input gets back.
@Suite("API access and input")
struct AccessAndInputTests {
    /// Each API route with a role that must be refused, and one that must be let through.
    @Test("Every API route refuses a role that must not use it", arguments: Backend.available)
    func authorisationMatrix(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Maja", surname: "Kowalski", dob: "2015-03-03")
            )
            let caseID = try #require(try await app.caseID(created))
            let reference = try #require(created["referralId"] as? String)
            let referral = referralJSON(forename: "Esme", surname: "Price", dob: "2013-01-20")
            let event: [String: Any] = ["kind": "note_added", "expectedVersion": 1, "note": "n"]
            let rows: [(HTTPMethod, String, String?, [String: Any]?, HTTPStatus)] = [
                (.POST, "api/v1/referrals", nil, referral, .unauthorized),
                (.POST, "api/v1/referrals", "auditor", referral, .forbidden),
                (.POST, "api/v1/referrals", "admin", referral, .forbidden),
                (.GET, "api/v1/cases", nil, nil, .unauthorized),
                (.GET, "api/v1/cases", "auditor", nil, .forbidden),
                (.GET, "api/v1/cases", "admin", nil, .forbidden),
                // A referrer reads what it sent, never the case, not even the one its own referral opened (issue 16).
                (.GET, "api/v1/cases", "dslA", nil, .forbidden),
                (.GET, "api/v1/cases", "dslB", nil, .forbidden),
                (.GET, "api/v1/cases/\(caseID)", nil, nil, .unauthorized),
                (.GET, "api/v1/cases/\(caseID)", "admin", nil, .forbidden),
                (.GET, "api/v1/cases/\(caseID)", "auditor", nil, .forbidden),
                (.GET, "api/v1/cases/\(caseID)", "dslA", nil, .forbidden),
                (.GET, "api/v1/cases/\(caseID)", "dslB", nil, .forbidden),
                (.GET, "api/v1/cases/\(caseID)", "agency", nil, .forbidden),
                (.GET, "api/v1/cases/\(caseID)", "headA", nil, .forbidden),
                (.GET, "api/v1/cases/\(caseID)", "officer", nil, .ok),
                (.GET, "api/v1/referrals", nil, nil, .unauthorized),
                (.GET, "api/v1/referrals", "dslA", nil, .ok),
                (.GET, "api/v1/referrals", "officer", nil, .forbidden),
                (.GET, "api/v1/referrals", "auditor", nil, .forbidden),
                (.GET, "api/v1/referrals/\(reference)", nil, nil, .unauthorized),
                (.GET, "api/v1/referrals/\(reference)", "dslA", nil, .ok),
                (.GET, "api/v1/referrals/\(reference)", "headA", nil, .ok),
                // Another school cannot open this school's referral by editing the URL: it does not exist for them.
                (.GET, "api/v1/referrals/\(reference)", "dslB", nil, .notFound),
                (.GET, "api/v1/referrals/\(reference)", "agency", nil, .notFound),
                (.GET, "api/v1/referrals/\(reference)", "ewo", nil, .notFound),
                (.GET, "api/v1/referrals/\(reference)", "auditor", nil, .notFound),
                // An EWO sees only assigned and team cases; this one is not assigned yet.
                (.GET, "api/v1/cases/\(caseID)", "ewo", nil, .notFound),
                (.POST, "api/v1/cases/\(caseID)/events", nil, event, .unauthorized),
                (.POST, "api/v1/cases/\(caseID)/events", "dslA", event, .forbidden),
                (.POST, "api/v1/cases/\(caseID)/events", "auditor", event, .forbidden),
                (.GET, "api/v1/children?name=Maja%20Kowalski", nil, nil, .unauthorized),
                (.GET, "api/v1/children?name=Maja%20Kowalski", "dslA", nil, .forbidden),
                (.GET, "api/v1/children?name=Maja%20Kowalski", "agency", nil, .forbidden),
                (.GET, "api/v1/children?name=Maja%20Kowalski", "officer", nil, .ok),
            ]
            for (method, path, who, body, expected) in rows {
                let result = try await app.call(method, path, as: who.flatMap { people.tokens[$0] }, json: body)
                #expect(result.status == expected, "\(method) \(path) as \(who ?? "nobody"): \(result.status)")
            }
            // An EWO sees a case once it is assigned to someone in their team, and not from another team.
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: ["kind": "reason_and_source_recorded", "expectedVersion": 1, "reason": "RTL", "source": "SCH"]
            )
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["manager"],
                json: ["kind": "ewo_assigned", "expectedVersion": 2, "assigneeId": people.ids["ewo2"]!.uuidString]
            )
            #expect(try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["ewo"]).status == .ok)
            #expect(try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["ewo3"]).status == .notFound)
            // An EWO may record an enquiry but not an outcome.
            let outcome = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["ewo2"],
                json: ["kind": "destination_confirmed", "expectedVersion": 3, "outcome": "WLA"]
            )
            #expect(outcome.status == .forbidden)
        }
    }

    @Test(
        "Restricted addresses are hidden from everyone the policy does not name (Cromford 8.0)",
        arguments: Backend.available
    )
    func restrictedAddressHidden(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Abena", surname: "Mensah", dob: "2012-12-12", restrictedAddress: true)
            )
            let caseID = try #require(try await app.caseID(created))
            // An EWO of the team the case is assigned to reads the case, but not the address.
            try await app.triage(caseID, assignTo: "ewo", people)
            let ewoView = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["ewo"])
            #expect(ewoView.status == .ok)
            let ewoAddress = try #require(
                ((ewoView["child"] as? [String: Any])?["addresses"] as? [[String: Any]])?.first
            )
            #expect(ewoAddress["restricted"] as? Bool == true)
            #expect(ewoAddress["lines"] == nil)
            #expect(ewoAddress["postcode"] == nil)
            #expect(!"\(ewoView.json)".contains("Mill Lane"))
            let officer = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let officerAddress = try #require(
                ((officer["child"] as? [String: Any])?["addresses"] as? [[String: Any]])?.first
            )
            #expect(officerAddress["lines"] as? [String] == ["12 Mill Lane"])
        }
    }

    @Test("Bad input gets 4xx naming the field, never 500", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let token = people.tokens["officer"]
            var bad = referralJSON(forename: "", surname: "Lee", dob: "2014-02-30", upn: "A801200005001")
            bad["reason"] = "XYZ"
            let invalid = try await app.call(.POST, "api/v1/referrals", as: token, json: bad)
            #expect(invalid.status == .unprocessableEntity)
            let fields = (invalid["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(fields) == ["child.forename", "child.dateOfBirth", "child.upn", "reason"])
            #expect("\(invalid.json)".contains("allowed: FTT, FSE, FTR, INF, RTL"))
            // A missing required property, malformed JSON, the wrong type: 422 naming it.
            let missing = try await app.call(.POST, "api/v1/referrals", as: token, json: ["kind": "cme_referral"])
            #expect(missing.status == .unprocessableEntity)
            #expect("\(missing.json)".contains("child"))
            let malformed = try await app.call(.POST, "api/v1/referrals", as: token, rawBody: "{\"kind\": ")
            #expect(malformed.status == .unprocessableEntity)
            let wrongType = try await app.call(.POST, "api/v1/referrals", as: token, json: ["kind": 3, "child": [:]])
            #expect(wrongType.status == .unprocessableEntity)
            // Oversized body: 413.
            var huge = referralJSON(forename: "Big", surname: "Body", dob: "2014-01-01")
            huge["additionalInformation"] = String(repeating: "x", count: 70_000)
            #expect(try await app.call(.POST, "api/v1/referrals", as: token, json: huge).status == .payloadTooLarge)
            // Unknown ids: 404, whether well-formed or not.
            #expect(try await app.call(.GET, "api/v1/cases/\(UUID().uuidString)", as: token).status == .notFound)
            #expect(try await app.call(.GET, "api/v1/cases/not-an-id", as: token).status == .notFound)
            // An unknown event kind lists the allowed ones; an illegal transition names state and event.
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: token,
                json: referralJSON(forename: "Riley", surname: "Evans", dob: "2014-06-06")
            )
            let caseID = try #require(
                (try await app.caseID(created))
            )
            let unknown = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: token,
                json: ["kind": "teleported", "expectedVersion": 1]
            )
            #expect(unknown.status == .unprocessableEntity)
            #expect("\(unknown.json)".contains("posted_to_s2s"))
            let illegal = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: token,
                json: ["kind": "posted_to_s2s", "expectedVersion": 1]
            )
            #expect(illegal.status == .unprocessableEntity)
            #expect("\(illegal.json)".contains("opened"))
            // Filters with unknown codes list the allowed ones.
            let filter = try await app.call(.GET, "api/v1/cases?reason=ZZZ", as: token)
            #expect(filter.status == .unprocessableEntity)
            #expect("\(filter.json)".contains("RTL"))
        }
    }

    @Test("The audit trail holds every read and write of a child and cannot be changed", arguments: Backend.available)
    func auditTrail(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let created = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Kwame", surname: "Mensah", dob: "2011-11-11")
            )
            let caseID = try #require(try await app.caseID(created))
            let reference = try #require(created["referralId"] as? String)
            _ = try await app.call(.GET, "api/v1/referrals/\(reference)", as: people.tokens["dslA"])
            let detail = try await app.call(.GET, "api/v1/cases/\(caseID)", as: people.tokens["officer"])
            let childID = try #require(UUID(uuidString: (detail["child"] as? [String: Any])?["id"] as? String ?? ""))
            _ = try await app.call(
                .POST,
                "api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: ["kind": "note_added", "expectedVersion": 1, "note": "Rang mum"]
            )
            _ = try await app.call(.GET, "api/v1/children?name=Kwame%20Mensah", as: people.tokens["officer"])

            let rows = try await AuditEntryModel.query(on: app.db).filter(\.$childID == childID).sort(\.$seq).all()
            let trail = rows.map { "\($0.role) \($0.action) \($0.entityType)" }
            #expect(trail.contains("school_dsl create referral"))
            #expect(trail.contains("school_dsl create child"))
            #expect(trail.contains("school_dsl create case"))
            #expect(trail.contains("school_dsl read referral"))
            #expect(!trail.contains("school_dsl read case"))
            #expect(trail.contains("cme_officer read case"))
            #expect(trail.contains("cme_officer update case"))
            #expect(trail.contains("cme_officer search child"))
            #expect(rows.allSatisfy { $0.userID != nil })
            // Identifiers only: no row holds the child's name.
            #expect(
                !rows.contains { "\($0.entityID) \($0.clientAddress ?? "") \($0.requestID ?? "")".contains("Kwame") }
            )
            #expect(try await AuditLog.verify(on: app.db) == nil)

            // No route changes the trail.
            for method in [HTTPMethod.POST, .PUT, .PATCH, .DELETE] {
                let status = try await app.call(method, "api/v1/audit", as: people.tokens["admin"], json: [:]).status
                #expect(status == .notFound || status == .methodNotAllowed)
            }
            // Editing or deleting a row behind the application's back is detected.
            let target = try #require(rows.first)
            target.role = "administrator"
            try await target.save(on: app.db)
            let broken = try #require(try await AuditLog.verify(on: app.db))
            #expect(broken.seq == target.seq)
            #expect(broken.problem.contains("changed"))
        }
    }

    @Test("Health answers with the database reachable; the OpenAPI document is served", arguments: Backend.available)
    func healthAndSpec(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let response = try await app.testing().sendRequest(.GET, "health")
            #expect(response.status == .ok)
            #expect(response.body.string == "ok")
            let spec = try await app.testing().sendRequest(.GET, "openapi.yaml")
            #expect(spec.status == .ok)
            #expect(spec.body.string.contains("operationId: postCaseEvent"))
            #expect(spec.body.string.hasPrefix("openapi: \"3.1.0\""))
        }
    }
}
