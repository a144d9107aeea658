import CMECore
import CMEStorage
import CMEWeb
import Fluent
import Foundation
import Vapor
import VaporTesting

/// Organisations and one signed-up user per role, with API tokens.
struct People {
    var tokens: [String: String] = [:]
    var ids: [String: UUID] = [:]
    var schoolA: OrganisationModel
    var schoolB: OrganisationModel

    /// `officer`, `manager`, `ewo`, `ewo2` (same team), `ewo3` (other team), `dslA`, `headA`, `dslB`, `agency`,
    /// `otherLA`, `ap` (innov8 Workshops), `admin`, `auditor`.
    static func make(_ app: Application) async throws -> People {
        let db = app.db
        let la = OrganisationModel(name: "Suffolk County Council", kind: .localAuthority, policyID: "suffolk")
        let schoolA = OrganisationModel(name: "Castle Hill Primary", kind: .school, urn: "124500", policyID: "suffolk")
        let schoolB = OrganisationModel(name: "Westbourne Academy", kind: .school, urn: "124537", policyID: "suffolk")
        let agency = OrganisationModel(name: "Constabulary", kind: .partnerAgency, policyID: "suffolk")
        let other = OrganisationModel(name: "Norfolk County Council", kind: .otherLA, policyID: "suffolk")
        let provider = OrganisationModel(name: "innov8 Workshops", kind: .apProvider, policyID: "innov8")
        for org in [la, schoolA, schoolB, agency, other, provider] { try await org.create(on: db) }
        var people = People(schoolA: schoolA, schoolB: schoolB)
        let list: [(String, Role, String?, OrganisationModel)] = [
            ("officer", .cmeOfficer, nil, la), ("manager", .teamManager, "north", la), ("ewo", .ewo, "north", la),
            ("ewo2", .ewo, "north", la), ("ewo3", .ewo, "south", la), ("dslA", .schoolDSL, nil, schoolA),
            ("headA", .schoolHeadteacher, nil, schoolA), ("dslB", .schoolDSL, nil, schoolB),
            ("agency", .partnerAgency, nil, agency), ("otherLA", .otherLA, nil, other),
            ("ap", .apProvider, nil, provider),
            ("admin", .administrator, nil, la), ("auditor", .auditor, nil, la),
        ]
        for (name, role, team, org) in list {
            let user = UserModel(
                email: "\(name)@test.cme",
                displayName: name,
                role: role,
                team: team,
                organisationID: org.id
            )
            try await user.create(on: db)
            people.ids[name] = user.id
            people.tokens[name] = try await APIToken.issue(for: user, label: "test", on: db)
        }
        return people
    }
}

/// A JSON exchange with the API.
struct Exchange {
    var status: HTTPStatus
    var json: Any
    var headers: HTTPHeaders = [:]

    subscript(key: String) -> Any? { (self.json as? [String: Any])?[key] }

    /// The case summary inside a referral answer (`case.case`).
    var caseSummary: [String: Any]? { (self["case"] as? [String: Any])?["case"] as? [String: Any] }

    /// The id of the case a referral answer opened or attached to.
    var caseID: String? { self.caseSummary?["id"] as? String }
    var object: [String: Any] { self.json as? [String: Any] ?? [:] }
}

extension Application {
    /// A referral of `referralJSON`'s child through the API, as `who`.
    func refer(
        _ forename: String,
        _ surname: String,
        dob: String,
        postcode: String = "IP1 2BX",
        as who: String,
        _ people: People
    ) async throws -> Exchange {
        try await self.call(
            .POST,
            "api/v1/referrals",
            as: people.tokens[who],
            json: referralJSON(forename: forename, surname: surname, dob: dob, postcode: postcode)
        )
    }

    /// The officer records reason and source on a new case (version 1), and the manager assigns it to `ewo`.
    func triage(_ caseID: String, assignTo ewo: String, _ people: People) async throws {
        let triaged = try await self.call(
            .POST,
            "api/v1/cases/\(caseID)/events",
            as: people.tokens["officer"],
            json: ["kind": "reason_and_source_recorded", "expectedVersion": 1, "reason": "RTL", "source": "SCH"]
        )
        let assigned = try await self.call(
            .POST,
            "api/v1/cases/\(caseID)/events",
            as: people.tokens["manager"],
            json: ["kind": "ewo_assigned", "expectedVersion": 2, "assigneeId": people.ids[ewo]!.uuidString]
        )
        guard triaged.status == .created, assigned.status == .created else {
            throw Abort(.internalServerError, reason: "could not assign \(caseID): \(assigned.json)")
        }
    }

    /// The case a referral went to, read from the database: a referrer's answer never names it (issue 16).
    func caseID(_ exchange: Exchange) async throws -> String? {
        guard let reference = exchange["referralId"] as? String else { return nil }
        let referral = try await ReferralModel.query(on: self.db).filter(\.$reference == reference).first()
        return referral?.$case.id?.uuidString
    }

    /// Sends a request as the person `who` (nil: no token) and decodes the JSON answer.
    func call(
        _ method: HTTPMethod,
        _ path: String,
        as token: String?,
        json: Any? = nil,
        rawBody: String? = nil,
        headers extra: HTTPHeaders = [:]
    ) async throws -> Exchange {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let rawBody {
            headers.contentType = .json
            body = ByteBuffer(string: rawBody)
        }
        let response = try await self.testing().sendRequest(method, path, headers: headers, body: body)
        let data = Data(buffer: response.body)
        let decoded = (try? JSONSerialization.jsonObject(with: data)) ?? String(decoding: data, as: UTF8.self)
        return Exchange(status: response.status, json: decoded, headers: response.headers)
    }
}

/// A referral body in the API's shape.
func referralJSON(
    forename: String,
    surname: String,
    dob: String,
    kind: String = "cme_referral",
    upn: String? = nil,
    restrictedAddress: Bool = false,
    facts: [String] = [],
    firstDayOfAbsence: String? = "2025-10-20",
    postcode: String = "IP1 2BX"
) -> [String: Any] {
    var child: [String: Any] = [
        "forename": forename, "surname": surname, "dateOfBirth": dob, "gender": "F",
        "addresses": [
            [
                "lines": ["12 Mill Lane"], "town": "Ipswich", "postcode": postcode, "restricted": restrictedAddress,
                "kind": "last_known",
            ]
        ],
        "contacts": [["name": "Sarah \(surname)", "relationship": "mother", "parentalResponsibility": true]],
        "schoolUrn": "124500", "schoolName": "Castle Hill Primary",
    ]
    if let upn { child["upn"] = upn }
    var body: [String: Any] = [
        "kind": kind, "child": child, "reason": "RTL", "source": "SCH",
        "dateLastAttended": "2025-10-17",
        "indicators": [["number": 10, "present": true, "currency": "current"]],
        "triageFacts": facts,
        "actions": [
            [
                "action": "visited_last_known_address", "outcome": "No answer, post piling up",
                "completedOn": "2025-10-31",
            ]
        ],
        "worriedAbout": "Family left suddenly", "referrerName": "Ian Marsh", "referrerPosition": "DSL",
    ]
    if let firstDayOfAbsence { body["firstDayOfAbsence"] = firstDayOfAbsence }
    return body
}
