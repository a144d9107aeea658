import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 4: every page route against every role, as one table. A role outside a route's set is refused (403, or
/// 404 where the record belongs to someone else); a visitor who is not signed in is sent to sign in.
@Suite("Page access")
struct PageAccessTests {
    enum Who: String, CaseIterable {
        case anonymous, officer, manager, ewo, ewo3, dslA, headA, dslB, agency, otherLA, ap, admin, auditor
    }

    struct Route {
        var method: HTTPMethod
        var path: String
        var allowed: Set<Who>
    }

    static let staff: Set<Who> = [.officer, .manager]
    static let referrers: Set<Who> = [.dslA, .headA, .dslB, .agency, .otherLA, .ap]
    static let everyone = Set(Who.allCases)
    static let signedIn = everyone.subtracting([.anonymous])

    static func routes(
        caseID: UUID,
        childID: UUID,
        referralID: UUID,
        draftID: UUID,
        userID: UUID,
        candidateID: UUID,
        pairID: UUID,
        mergeID: UUID
    ) -> [Route] {
        let id = caseID.uuidString.lowercased()
        let child = childID.uuidString.lowercased()
        let referral = referralID.uuidString.lowercased()
        return [
            Route(method: .GET, path: "/sign-in", allowed: everyone),
            Route(method: .GET, path: "/report", allowed: everyone),
            Route(method: .POST, path: "/report", allowed: everyone),
            Route(method: .GET, path: "/account/password", allowed: signedIn),
            Route(method: .POST, path: "/account/password", allowed: signedIn),
            Route(method: .GET, path: "/dashboard", allowed: staff),
            Route(method: .GET, path: "/cases", allowed: staff),
            // The case is assigned to `ewo`: their teammates may see it, `ewo3` of another team may not.
            Route(method: .GET, path: "/cases/\(id)", allowed: staff.union([.ewo])),
            Route(method: .POST, path: "/cases/\(id)/events", allowed: staff.union([.ewo])),
            Route(method: .GET, path: "/children", allowed: staff.union([.ewo, .ewo3])),
            // Issue 16: the subject access export (the auditor as data protection officer too), and restriction.
            Route(method: .GET, path: "/children/\(child)/subject-access", allowed: staff.union([.auditor])),
            Route(method: .GET, path: "/children/\(child)/subject-access.json", allowed: staff.union([.auditor])),
            Route(method: .POST, path: "/children/\(child)/restriction", allowed: staff),
            // Issue 18: the possible-duplicates queue, comparing, merging and undoing a merge.
            Route(method: .GET, path: "/duplicates", allowed: staff),
            Route(method: .POST, path: "/duplicates/\(pairID.uuidString.lowercased())", allowed: staff),
            Route(method: .GET, path: "/children/compare?child=\(child)&child=\(child)", allowed: staff),
            Route(method: .POST, path: "/children/merges", allowed: staff),
            Route(method: .POST, path: "/children/merges/\(mergeID.uuidString.lowercased())/undo", allowed: staff),
            Route(method: .GET, path: "/team/queue", allowed: [.manager]),
            Route(method: .GET, path: "/team/caseload", allowed: [.manager]),
            Route(method: .GET, path: "/team/reviews", allowed: [.manager]),
            Route(method: .GET, path: "/my-cases", allowed: [.ewo, .ewo3]),
            Route(method: .GET, path: "/tracing/lost-pupils", allowed: staff),
            Route(method: .POST, path: "/tracing/lost-pupils/search", allowed: staff),
            Route(method: .POST, path: "/tracing/lost-pupils/\(candidateID.uuidString.lowercased())", allowed: staff),
            Route(method: .GET, path: "/tracing/reports", allowed: staff),
            Route(method: .GET, path: "/reports/termly", allowed: staff),
            Route(method: .GET, path: "/reports/termly/cases?measure=missing", allowed: staff),
            // Suffolk 11.7: the weekly s2s check is the officer's (and so the manager's) to record.
            Route(method: .POST, path: "/duties", allowed: staff),
            Route(
                method: .GET,
                path: "/reports/management/monthly/cases?group=open%20on%202025-10-31&value=all&period=2025-10",
                allowed: staff
            ),
            Route(method: .GET, path: "/reports/management/monthly", allowed: staff),
            Route(method: .GET, path: "/reports/management/open-cases", allowed: staff),
            Route(method: .POST, path: "/reports/management/monthly/keep", allowed: staff),
            Route(method: .GET, path: "/data", allowed: staff),
            Route(method: .POST, path: "/data/import", allowed: staff),
            Route(method: .POST, path: "/tracing/reports/without-a-school-place", allowed: staff),
            Route(method: .POST, path: "/tracing/reports/failure-to-transfer", allowed: staff),
            Route(method: .GET, path: "/referrals", allowed: referrers),
            Route(method: .GET, path: "/referrals/new", allowed: referrers),
            Route(method: .POST, path: "/referrals/new", allowed: referrers),
            // School A's own referral: school B, the agency and the other LA are told it does not exist.
            Route(method: .GET, path: "/referrals/\(referral)", allowed: [.dslA, .headA]),
            Route(method: .POST, path: "/referrals/\(referral)/update", allowed: [.dslA, .headA]),
            // A draft is its author's alone, not even their head's.
            Route(method: .GET, path: "/referrals/drafts/\(draftID.uuidString.lowercased())/1", allowed: [.dslA]),
            Route(method: .GET, path: "/referrals/drafts/\(draftID.uuidString.lowercased())/check", allowed: [.dslA]),
            Route(method: .GET, path: "/notices", allowed: [.dslA, .headA, .dslB]),
            Route(method: .GET, path: "/notices/leaver", allowed: [.dslA, .headA, .dslB]),
            Route(method: .POST, path: "/notices/leaver", allowed: [.dslA, .headA, .dslB]),
            Route(method: .GET, path: "/admin/users", allowed: [.admin]),
            Route(method: .POST, path: "/admin/users", allowed: [.admin]),
            Route(method: .POST, path: "/admin/users/\(userID.uuidString.lowercased())/active", allowed: [.admin]),
            Route(method: .GET, path: "/admin/users/\(userID.uuidString.lowercased())/reset", allowed: [.admin]),
            Route(method: .POST, path: "/admin/users/\(userID.uuidString.lowercased())/reset", allowed: [.admin]),
            Route(method: .GET, path: "/admin/organisations", allowed: [.admin]),
            Route(method: .POST, path: "/admin/organisations", allowed: [.admin]),
            Route(method: .GET, path: "/admin/policy", allowed: [.admin]),
            Route(method: .GET, path: "/audit", allowed: [.auditor]),
        ]
    }

    @Test("every page route against every role", arguments: Backend.available)
    func matrix(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: a case assigned to `ewo`, school A's referral and draft, a user to deactivate
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let created = try await app.call(
                .POST,
                "/api/v1/referrals",
                as: people.tokens["dslA"],
                json: referralJSON(forename: "Amelia", surname: "Price", dob: "2014-03-27")
            )
            let caseID = try #require((try await app.caseID(created)).flatMap(UUID.init(uuidString:)))
            let stored = try await ReferralModel.query(on: app.db).filter(
                \.$reference == (created["referralId"] as? String ?? "")
            )
            .first()
            let referralID = try #require(stored?.id)
            let version = (created.caseSummary?["version"] as? Int) ?? 1
            let triaged = try await app.call(
                .POST,
                "/api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: [
                    "kind": "reason_and_source_recorded", "expectedVersion": version, "reason": "RTL", "source": "SCH",
                ]
            )
            #expect(triaged.status == .created)
            let assigned = try await app.call(
                .POST,
                "/api/v1/cases/\(caseID)/events",
                as: people.tokens["officer"],
                json: [
                    "kind": "ewo_assigned", "expectedVersion": version + 1, "assigneeId": people.ids["ewo"]!.uuidString,
                ]
            )
            #expect(assigned.status == .created)
            let draft = try ReferralDraftModel(userID: people.ids["dslA"]!, kind: "cme_referral", answers: [:])
            try await draft.create(on: app.db)
            let spare = UserModel(email: "spare@test.cme", displayName: "Spare", role: .ewo)
            try await spare.create(on: app.db)
            let candidate = TracingCandidateModel()
            candidate.createdAt = clock.now
            candidate.search = "lost_pupil"
            candidate.lostKey = "upn:A"
            candidate.lostRecord = Data("{}".utf8)
            candidate.rollKey = "upn:B"
            candidate.rollRecord = Data("{}".utf8)
            candidate.score = 0.6
            candidate.band = "possible"
            candidate.evidence = ""
            candidate.status = .pending
            try await candidate.create(on: app.db)
            let childID = try #require(try await CaseModel.find(caseID, on: app.db)?.$child.id)
            let pair = DuplicatePairModel()
            (pair.childID, pair.otherID, pair.score, pair.agreeing, pair.differing) = (childID, childID, 0.6, [], [])
            (pair.status, pair.createdAt) = (DuplicatePairModel.Status.open.rawValue, clock.now)
            try await pair.create(on: app.db)
            let merge = ChildMergeModel()
            let nothingMoved =
                #"{"cases":[],"referrals":[],"aliases":[],"addresses":[],"contacts":[],"schools":[],"keys":[],"addedAliases":[]}"#
            (merge.keptID, merge.mergedID, merge.moved, merge.mergedAt) = (
                childID, childID, Data(nothingMoved.utf8), clock.now
            )
            try await merge.create(on: app.db)
            let routes = Self.routes(
                caseID: caseID,
                childID: childID,
                referralID: referralID,
                draftID: try draft.requireID(),
                userID: try spare.requireID(),
                candidateID: try candidate.requireID(),
                pairID: try pair.requireID(),
                mergeID: try merge.requireID()
            )

            var clients: [Who: WebClient] = [.anonymous: WebClient(app)]
            for who in Who.allCases where who != .anonymous {
                let client = WebClient(app)
                let page = try await client.signIn("\(who.rawValue)@test.cme", at: clock.now)
                #expect(page.status == .seeOther, "\(who) signs in")
                clients[who] = client
            }

            // MUT and validate
            var failures: [String] = []
            for route in routes {
                for who in Who.allCases {
                    let client = clients[who]!
                    // Each request carries a fresh token of the client's own session.
                    if who != .anonymous {
                        try await client.get("/account/password")
                    } else {
                        try await client.get("/report")
                    }
                    let page =
                        route.method == .GET ? try await client.get(route.path) : try await client.post(route.path)
                    let status = page.status.code
                    let toSignIn = page.location?.hasPrefix("/sign-in") == true
                    if route.allowed.contains(who) {
                        if status == 401 || status == 403 || status == 404 || toSignIn || status >= 500 {
                            failures.append("\(route.method) \(route.path) as \(who): refused with \(status)")
                        }
                    } else if who == .anonymous {
                        if !(toSignIn || status == 401) {
                            failures.append("\(route.method) \(route.path) anonymous: \(status), not sent to sign in")
                        }
                    } else if status != 403 && status != 404 {
                        failures.append("\(route.method) \(route.path) as \(who): allowed with \(status)")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }
}
