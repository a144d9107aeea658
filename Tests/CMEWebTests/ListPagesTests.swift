import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CMEWeb

/// The lists people work from at a county's scale: a school's referrals a page at a time, and the dashboard's lists
/// and counts read as rows rather than whole records (issue 17's page figures at 20,000 cases).
@Suite("List pages")
struct ListPagesTests {
    /// Made-up children, each born on a different day, so that no referral is taken for another.
    static func child(_ index: Int) -> (forename: String, surname: String, dob: String) {
        let forenames = ["Ada", "Bea", "Cai", "Dov", "Eli", "Fen", "Gus", "Hal", "Ida", "Jem"]
        let surnames = ["Arkwright", "Blenkin", "Cottam", "Dimmock", "Elstob", "Fothergill"]
        let born = Calendar(identifier: .gregorian).date(
            byAdding: .day,
            value: index * 9,
            to: DateComponents(calendar: Calendar(identifier: .gregorian), year: 2011, month: 1, day: 3).date!
        )!
        let day = born.formatted(.iso8601.year().month().day())
        return (forenames[index % forenames.count], surnames[index / forenames.count], day)
    }

    @Test(
        "A school's referrals, newest first, fifty a page: the page and the API list the same, and another school none",
        arguments: Backend.available
    )
    func schoolReferralsPaged(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            var references: [String] = []
            for index in 0..<51 {
                let child = Self.child(index)
                let sent = try await app.refer(child.forename, child.surname, dob: child.dob, as: "dslA", people)
                #expect(sent.status == .created, "referral \(index)")
                references.append(try #require(sent["referralId"] as? String))
                clock.advance(hours: 0.1)
            }
            let newest = try #require(references.last)
            let oldest = try #require(references.first)

            // The API: fifty, newest first; the second page holds the first referral sent.
            let first = try await app.call(.GET, "api/v1/referrals", as: people.tokens["dslA"])
            let firstPage = try #require(first.json as? [[String: Any]])
            #expect(firstPage.count == 50)
            #expect(first.headers.first(name: "X-Total-Count") == "51", "the client learns how many there are in all")
            #expect(firstPage.first?["referralId"] as? String == newest)
            #expect(!firstPage.contains { $0["referralId"] as? String == oldest })
            let second = try await app.call(.GET, "api/v1/referrals?page=2", as: people.tokens["dslA"])
            #expect((second.json as? [[String: Any]])?.compactMap { $0["referralId"] as? String } == [oldest])
            let tens = try await app.call(.GET, "api/v1/referrals?page=3&per=10", as: people.tokens["dslA"])
            #expect(
                (tens.json as? [[String: Any]])?.compactMap { $0["referralId"] as? String }
                    == Array(references.reversed()[20..<30])
            )
            let past = try await app.call(.GET, "api/v1/referrals?page=99", as: people.tokens["dslA"])
            #expect(
                (past.json as? [[String: Any]])?.compactMap { $0["referralId"] as? String } == [oldest],
                "a page past the last is the last page"
            )
            let capped = try await app.call(.GET, "api/v1/referrals?per=500&page=0", as: people.tokens["dslA"])
            #expect((capped.json as? [[String: Any]])?.count == 51, "per is capped at 200, page 0 is the first page")
            let apiReferences = firstPage.compactMap { $0["referralId"] as? String }

            // The page: the same fifty, what is there in all, and the way to the rest.
            let dsl = WebClient(app)
            try await dsl.signIn("dsla@test.cme", at: clock.now)
            let page = try await dsl.get("/referrals")
            #expect(page.body.contains("51 referrals and notices sent, newest first. Page 1 of 2."))
            #expect(page.body.contains(newest))
            #expect(!page.body.contains(oldest))
            #expect(apiReferences.allSatisfy(page.body.contains), "the page lists the fifty the API does")
            #expect(page.body.contains(#"href="/referrals?page=2" class="link">Next page"#))
            let next = try await dsl.get("/referrals?page=2")
            #expect(next.body.contains(oldest))
            #expect(!next.body.contains(newest))
            #expect(next.body.contains(#"href="/referrals?page=1" class="link">Previous page"#))
            #expect(!next.body.contains("Next page"))

            // Each page read is one audit row, with the page it showed.
            let listed = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "referral_list").all()
            #expect(listed.contains { $0.detail == "1 referrals listed (page 2 of 2)" })

            // Another school sees none of them.
            let other = WebClient(app)
            try await other.signIn("dslb@test.cme", at: clock.now)
            let theirs = try await other.get("/referrals")
            #expect(theirs.body.contains("Your organisation has not sent any referrals or notices yet."))
            #expect(!references.contains { theirs.body.contains($0) })
            let theirsAPI = try await app.call(.GET, "api/v1/referrals", as: people.tokens["dslB"])
            #expect((theirsAPI.json as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test(
        "The officer's dashboard names each child awaiting triage and counts open cases again when a case opens",
        arguments: Backend.available
    )
    func dashboardCountsMove(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let officer = WebClient(app)
            try await officer.signIn("officer@test.cme", at: clock.now)
            func openCases(_ body: String) -> Int? {
                body.firstMatch(of: /card__figure">(\d+)<\/span><a href="\/cases\?open=true" class="link">Open cases/)
                    .flatMap { Int($0.output.1) }
            }
            let empty = try await officer.get("/dashboard")
            #expect(openCases(empty.body) == 0)

            _ = try await app.refer("Amara", "Quist", dob: "2013-06-02", as: "dslA", people)
            let one = try await officer.get("/dashboard")
            #expect(openCases(one.body) == 1)
            #expect(one.body.contains("Amara Quist"), "the case awaiting triage shows its child by name")

            clock.advance(hours: 0.1)
            let second = try await app.refer("Bram", "Tolley", dob: "2012-02-17", as: "officer", people)
            let two = try await officer.get("/dashboard")
            #expect(openCases(two.body) == 2, "a new case is counted at once, although the counts are kept")
            #expect(two.body.contains("Bram Tolley"))

            // Triaged and assigned, the case leaves the triage list and is in the EWO's own list, by name.
            try await app.triage(try #require(second.caseID), assignTo: "ewo", people)
            let after = try await officer.get("/dashboard")
            #expect(openCases(after.body) == 2)
            func awaiting(_ body: String) -> Int? {
                body.firstMatch(of: /card__figure">(\d+)<\/span><a href="\/cases\?state=opened" class="link">/)
                    .flatMap { Int($0.output.1) }
            }
            #expect(awaiting(after.body) == 1)
            let ewo = WebClient(app)
            try await ewo.signIn("ewo@test.cme", at: clock.now)
            let mine = try await ewo.get("/my-cases")
            #expect(mine.body.contains("Bram Tolley"))
            #expect(!mine.body.contains("Amara Quist"))

            // Twenty-two awaiting triage: the card counts them all; the list shows the twenty newest and says so.
            for index in 0..<21 {
                let child = Self.child(index)
                _ = try await app.refer(child.forename, child.surname, dob: child.dob, as: "dslA", people)
            }
            let many = try await officer.get("/dashboard")
            #expect(awaiting(many.body) == 22)
            #expect(many.body.contains("New referrals awaiting triage: the 20 newest of 22"))

            // Four days on, nothing done: the overdue card counts every overdue clock of every open case (on
            // PostgreSQL its sum is NUMERIC and must be read as a whole number), the same as the cases' own counts.
            clock.advance(days: 4)
            _ = try await app.cme.service.sweep(on: app.db, at: clock.now)
            let perCase = try await CaseModel.query(on: app.db).all().reduce(0) { $0 + $1.overdueClocks }
            #expect(perCase > 23, "more overdue clocks than cases")
            try await officer.signIn("officer@test.cme", at: clock.now)
            let late = try await officer.get("/dashboard")
            #expect(late.status == .ok)
            let overdue = late.body.firstMatch(
                of: /card__figure">(\d+)<\/span><a href="\/cases\?overdue=true" class="link">/
            )
            #expect(overdue.flatMap { Int($0.output.1) } == perCase)
        }
    }
}
