import CMECore
import Fluent
import Foundation
import Testing

@testable import CMEStorage

/// Intake writes its rows with plain INSERTs (`RowInsert`, ADR 0008) instead of Fluent's `create`. These write a
/// model of each kind with every field set, read it back through Fluent, and compare every field: a column left out
/// of an INSERT, or bound differently from Fluent, would come back different.
@Suite("Rows written without Fluent's create")
struct RowInsertTests {
    /// Whole seconds: PostgreSQL keeps microseconds, so a finer time would not come back equal.
    static let at = Date(timeIntervalSince1970: 1_762_160_400)

    /// A model's fields as JSON, by key.
    static func fields(_ model: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(model), as: UTF8.self)
    }

    @Test(
        "Every field of a child, address, other name, contact, school, case, event, clock and referral written by RowInsert reads back through Fluent",
        arguments: Backend.available
    )
    func everyFieldReadsBack(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            // setup: every optional field given a value
            let db = app.db
            let people = try await People.make(app)
            let officer = try #require(people.ids["officer"])
            let ewo = try #require(people.ids["ewo"])

            let child = ChildModel()
            child.forename = "Amira"
            child.middleNames = "Noor"
            child.surname = "Haddad"
            child.dateOfBirth = "2015-06-03"
            child.gender = "F"
            child.ethnicity = "AOTH"
            child.upn = "A201200112345"
            child.sen = "K"
            child.disability = "hearing"
            child.inCare = true
            child.childProtectionPlan = true
            child.privatelyFostered = true
            child.vulnerableGroups = ["young_carer", "grt"]
            child.searchForename = "amira"
            child.searchSurname = "haddad"
            let address = ChildAddressModel()
            address.kind = "current"
            address.lines = ["Flat 2", "40 Norwich Road"]
            address.town = "Ipswich"
            address.postcode = "IP1 3QQ"
            address.restricted = true
            address.fromDate = "2025-01-01"
            address.toDate = "2025-12-31"
            let model = CaseModel()
            model.version = 3
            model.reference = "CME-2025-000001"
            model.policyID = "suffolk"
            model.state = "posted_to_s2s"
            model.category = "missing"
            model.episode = 2
            model.reason = "RTL"
            model.source = "SCH"
            model.outcome = "CMEO3"
            model.destination = "Norfolk"
            model.schoolURN = "124500"
            model.team = "north"
            model.dateOfBirth = "2015-06-03"
            model.firstAbsenceDay = "2025-10-20"
            model.openedAt = Self.at
            model.episodeOpenedAt = Self.at.addingTimeInterval(60)
            model.lastEventAt = Self.at.addingTimeInterval(120)
            model.postedToS2SAt = Self.at.addingTimeInterval(180)
            model.locatedAt = Self.at.addingTimeInterval(240)
            model.destinationConfirmedAt = Self.at.addingTimeInterval(300)
            model.closedAt = Self.at.addingTimeInterval(360)
            model.overdueClocks = 1
            model.facts = ["not_located", "safeguarding_concern"]
            model.$assignee.id = ewo
            model.$referringOrganisation.id = people.schoolA.id
            let event = CaseEventModel()
            event.seq = 4
            event.episode = 2
            event.kind = "escalated"
            event.at = Self.at.addingTimeInterval(420)
            event.reason = "RTL"
            event.source = "SCH"
            event.outcome = "found"
            event.destination = "Norfolk"
            event.target = "police"
            event.reference = "PND-1"
            event.action = "home_visit"
            event.note = "Neighbour says the family left in October"
            event.$actor.id = officer
            event.$assignee.id = ewo
            let clock = ClockModel()
            clock.ruleID = "home-visit"
            clock.episode = 2
            clock.startedAt = Self.at
            clock.deadline = Self.at.addingTimeInterval(86_400)
            clock.due = "2025-11-04"
            clock.state = "met"
            clock.ownerRole = "ewo"
            clock.settledAt = Self.at.addingTimeInterval(3_600)
            clock.alertedAt = Self.at.addingTimeInterval(7_200)
            let referral = ReferralModel()
            referral.reference = "REF-2025-000001"
            referral.kind = "cme_referral"
            referral.reason = "RTL"
            referral.source = "SCH"
            referral.receivedAt = Self.at
            referral.form = Data("{\"child\":{}}".utf8)
            referral.$submittedBy.id = officer
            referral.$organisation.id = people.schoolA.id

            let contact = ChildContactModel()
            contact.name = "Samira Haddad"
            contact.relationship = "mother"
            contact.parentalResponsibility = true
            contact.telephone = "01473 000000"
            contact.email = "s.haddad@example.org"
            let school = ChildSchoolModel()
            school.urn = "124500"
            school.name = "Castle Hill Primary"
            school.entryDate = "2019-09-04"
            school.leavingDate = "2025-07-18"
            school.dateLastAttended = "2025-07-17"

            // MUT
            try await child.insert(on: db, at: Self.at)
            let alias = ChildAliasModel(childID: try child.requireID(), name: "Amira Noor", searchName: "amira noor")
            contact.$child.id = try child.requireID()
            school.$child.id = try child.requireID()
            try await alias.insert(on: db)
            try await contact.insert(on: db)
            try await school.insert(on: db)
            address.$child.id = try child.requireID()
            model.$child.id = try child.requireID()
            try await address.insert(on: db, at: Self.at)
            try await model.insert(on: db, at: Self.at)
            event.$case.id = try model.requireID()
            clock.$case.id = try model.requireID()
            referral.$child.id = try child.requireID()
            referral.$case.id = try model.requireID()
            try await event.insert(on: db, at: Self.at)
            try await ClockModel.insert([clock], on: db, at: Self.at)
            try await referral.insert(on: db, at: Self.at)

            // validate
            #expect(child.$id.exists && model.$id.exists && event.$id.exists && clock.$id.exists)
            func readBack<M: Model>(_ written: M) async throws -> M? where M.IDValue == UUID {
                let read = try await M.find(written.id, on: db)
                #expect(try read.map(Self.fields) == Self.fields(written), "\(M.schema)")
                return read
            }
            _ = try await readBack(child)
            _ = try await readBack(address)
            _ = try await readBack(alias)
            _ = try await readBack(contact)
            _ = try await readBack(school)
            _ = try await readBack(event)
            _ = try await readBack(referral)
            let readCase = try #require(try await readBack(model))
            let readClock = try #require(try await readBack(clock))
            // The timestamps Fluent's create would have set are set.
            #expect(readCase.createdAt == Self.at && readCase.updatedAt == Self.at && readClock.updatedAt == Self.at)
        }
    }
}
