import CMECore
import CMEMatching
import CMEStorage
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import CMEWeb

/// Issue 18, search that finds a child: "Quenby", "Smith", "R Quenby" and "Quenby Rosalind" returned nothing, on the
/// page and in the API. Suffolk 9.5: the officer checks whether the child is already known before opening a case.
@Suite("Find a child")
struct ChildSearchTests {
    /// The names of the children an API search returns, in its order.
    func names(_ app: Application, _ query: String, as token: String?) async throws -> [String] {
        let found = try await app.call(.GET, "api/v1/children?\(query)", as: token)
        #expect(found.status == .ok, "\(query): \(found.json)")
        return (found.json as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test(
        "A surname alone, names either way round, an initial, part of a name, a misspelling, a swapped date of birth, a later UPN and a postcode each find the child, through the API and the page",
        arguments: Backend.available
    )
    func searchFindsTheChild(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            // setup: three children referred through the API; a second referral gives Rosalind a temporary UPN
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let officer = people.tokens["officer"]
            _ = try await app.refer("Rosalind", "Quenby", dob: "2014-03-07", as: "officer", people)
            _ = try await app.refer("Thomas", "Quenby", dob: "2012-01-09", as: "officer", people)
            _ = try await app.refer("Noah", "Vale", dob: "2011-06-14", as: "officer", people)
            let temporary = String(UPN.checkLetter(for: Array("801200005002"))) + "801200005002"
            let again = try await app.call(
                .POST,
                "api/v1/referrals",
                as: officer,
                json: referralJSON(forename: "Rosalind", surname: "Quenby", dob: "2014-03-07", upn: temporary)
            )
            #expect(again.status == .created || again.status == .ok, "\(again.json)")
            #expect(try await ChildModel.query(on: app.db).count() == 3, "the second referral attached")

            // MUT + validate: the API
            #expect(Set(try await self.names(app, "name=Quenby", as: officer)) == ["Rosalind Quenby", "Thomas Quenby"])
            #expect(try await self.names(app, "name=quenby%20rosalind", as: officer).first == "Rosalind Quenby")
            #expect(try await self.names(app, "name=R%20Quenby", as: officer) == ["Rosalind Quenby"])
            #expect(Set(try await self.names(app, "name=Quen", as: officer)) == ["Rosalind Quenby", "Thomas Quenby"])
            #expect(try await self.names(app, "name=Rosalnd%20Qenby", as: officer).first == "Rosalind Quenby")
            #expect(try await self.names(app, "name=Noah%20Vail", as: officer) == ["Noah Vale"])
            #expect(try await self.names(app, "dob=2014-07-03", as: officer) == ["Rosalind Quenby"])
            #expect(try await self.names(app, "upn=\(temporary)", as: officer) == ["Rosalind Quenby"])
            #expect(try await self.names(app, "postcode=ip1", as: officer).count == 3)
            let swapped = try await app.call(.GET, "api/v1/children?dob=2014-07-03", as: officer)
            let reasons = ((swapped.json as? [[String: Any]])?.first?["reasons"] as? [String]) ?? []
            #expect(reasons.contains("date of birth with day and month swapped"), "\(reasons)")
            // Rebuilding every key from the records (`cme children reindex`) gives the keys intake wrote, the
            // second referral's UPN included.
            let sql = try #require(app.db as? any SQLDatabase)
            func keys() async throws -> [String] {
                try await sql.raw("SELECT key, child_id FROM child_search_keys").all().map {
                    "\(try $0.decode(column: "key", as: String.self)) \(try $0.decode(column: "child_id", as: UUID.self))"
                }.sorted()
            }
            let written = try await keys()
            let rebuilt = try await SearchKeyIndex.rebuild(on: app.db)
            #expect(try await keys() == written)
            #expect(rebuilt.children == 3)
            let nothing = try await app.call(.GET, "api/v1/children?name=R", as: officer)
            #expect(nothing.status == .unprocessableEntity)
            #expect("\(nothing.json)".contains("two letters"))

            // MUT + validate: the page, as the CME officer
            let web = WebClient(app)
            try await web.signIn("officer@test.cme", at: clock.now)
            let page = try await web.get("/children?name=Quenby%20Rosalind")
            #expect(page.status == .ok)
            #expect(page.body.contains("Rosalind Quenby"))
            #expect(page.body.contains("Why it matched"))
            #expect(page.body.contains("Names given surname first"))
            let initial = try await web.get("/children?name=R")
            #expect(initial.status == .unprocessableEntity)
            #expect(initial.body.contains("two letters"))
        }
    }

    @Test("A search returns its children 25 to a page, with the others on the next", arguments: Backend.available)
    func searchIsPaged(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let forenames = [
                "Amara", "Bilal", "Cerys", "Dylan", "Esme", "Finley", "Gracie", "Harvey", "Isla", "Jacob", "Kian",
                "Lola",
                "Maisie", "Nathan", "Olivia", "Priya", "Quinn", "Reggie", "Sofia", "Tomasz", "Umar", "Violet", "Wiktor",
                "Xander", "Yusuf", "Zara", "Arlo",
            ]
            for (index, forename) in forenames.enumerated() {
                let dob = Day(year: 2012, month: 1, day: 1)!.adding(days: index * 7).description
                _ = try await app.refer(
                    forename,
                    "Pagett",
                    dob: dob,
                    as: "officer",
                    people
                )
            }
            let first = try await self.names(app, "name=Pagett", as: people.tokens["officer"])
            let second = try await self.names(app, "name=Pagett&page=2", as: people.tokens["officer"])
            #expect(first.count == 25)
            #expect(second.count == 2)
            #expect(Set(first).isDisjoint(with: second))
            // Each page's children say why they were found (only the page shown is put into words).
            for query in ["name=Pagett", "name=Pagett&page=2", "name=Pagett&page=9"] {
                let found = try await app.call(.GET, "api/v1/children?\(query)", as: people.tokens["officer"])
                let reasons = (found.json as? [[String: Any]] ?? []).map { $0["reasons"] as? [String] ?? [] }
                #expect(
                    !reasons.isEmpty && reasons.allSatisfy { $0.contains("surname the same") },
                    "\(query): \(reasons)"
                )
            }
        }
    }

    @Test(
        "The auditor finds a child's trail by name, and nobody else searches for that purpose; the auditor and a school cannot search casework",
        arguments: Backend.available
    )
    func auditorFindsATrailByName(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            _ = try await app.refer("Rosalind", "Quenby", dob: "2014-03-07", as: "officer", people)
            let child = try #require(try await ChildModel.query(on: app.db).first()?.id)

            // MUT: the auditor types a name, surname first
            let auditor = WebClient(app)
            try await auditor.signIn("auditor@test.cme", at: clock.now)
            let found = try await auditor.get("/audit?child=Quenby%20Rosalind")

            // validate: the child is listed with a link to their trail, which shows the referral's entries
            #expect(found.status == .ok)
            #expect(found.body.contains("Children found by that name"))
            let trail = "/audit?child=\(child.uuidString.lowercased())"
            #expect(found.body.contains(trail.replacingOccurrences(of: "?", with: "?")))
            let entries = try await auditor.get(trail)
            #expect(entries.status == .ok)
            #expect(!entries.body.contains("No entries match"))
            let nobody = try await auditor.get("/audit?child=Zebedee")
            #expect(nobody.status == .unprocessableEntity)
            #expect(nobody.body.contains("No child is found by Zebedee"))

            // The purpose is the core's rule: an officer may not search as the auditor, nor the auditor for casework.
            let service = app.cme.service
            let query = ChildSearchQuery(name: "Quenby")
            for (actor, purpose) in [
                (Actor(userID: people.ids["officer"], role: .cmeOfficer), ChildSearchPurpose.auditTrail),
                (Actor(userID: people.ids["auditor"], role: .auditor), .casework),
                (Actor(userID: people.ids["dslA"], role: .schoolDSL, organisationID: people.schoolA.id), .casework),
            ] {
                await #expect(throws: ServiceError.self, "\(actor.role) \(purpose)") {
                    _ = try await service.searchChildren(query, purpose: purpose, for: actor, on: app.db, at: clock.now)
                }
            }
            let api = try await app.call(.GET, "api/v1/children?name=Quenby", as: people.tokens["auditor"])
            #expect(api.status == .forbidden)
        }
    }

    @Test(
        "Suffolk 9.5: a second referral for Noah Vail joins Noah Vale's case, Alfie Hughes joins Alfred Hughes's; his twin sister opens her own",
        arguments: Backend.available
    )
    func secondReferralsWithTheEnginesNamesAttach(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let noah = try await app.refer("Noah", "Vale", dob: "2011-06-14", as: "officer", people)
            let alfred = try await app.refer("Alfred", "Hughes", dob: "2013-05-02", as: "officer", people)

            // MUT
            let vail = try await app.refer("Noah", "Vail", dob: "2011-06-14", as: "officer", people)
            let alfie = try await app.refer("Alfie", "Hughes", dob: "2013-05-02", as: "officer", people)
            let twin = try await app.refer("Ruby", "Vale", dob: "2011-06-14", as: "officer", people)

            // validate
            #expect(vail.caseID != nil && vail.caseID == noah.caseID)
            #expect(alfie.caseID != nil && alfie.caseID == alfred.caseID)
            #expect(twin.caseID != nil && twin.caseID != noah.caseID)
            #expect(try await ChildModel.query(on: app.db).count() == 3)
        }
    }
}
