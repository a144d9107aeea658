import CMECore
import CMEStorage
import Fluent
import Foundation
import Vapor

/// A demo local authority on the chosen policy: schools, one user per role and about 200 cases spread over every
/// state, clock and escalation. Deterministic: the same names and histories every time.
public enum DemoData {
    public struct Report: Sendable {
        public var users: [(role: Role, email: String, secret: String?, token: String)]
        public var cases: Int

        /// Every demo user signs in with this password (demo data only: real users choose their own).
        public static let password = "demo-password-2026"

        public func text(baseURL: String) -> String {
            var lines = [
                "Demo data loaded: \(self.cases) cases.",
                "Sign in at \(baseURL)/sign-in. Every demo user's password is: \(Self.password)",
            ]
            let width = max(self.users.map(\.email.count).max() ?? 0, 5)
            func row(_ role: String, _ email: String, _ secret: String, _ token: String) -> String {
                "  " + role.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                    + email.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + secret.padding(toLength: 32, withPad: " ", startingAt: 0) + "  " + token
            }
            lines.append(row("ROLE", "EMAIL", "TOTP SECRET (staff)", "API TOKEN"))
            for user in self.users {
                lines.append(row(user.role.rawValue, user.email, user.secret ?? "-", user.token))
            }
            lines.append(
                "Staff enter a 6-digit code from an authenticator app holding their TOTP secret (or run: cme users code EMAIL)."
            )
            lines.append("API: curl -H 'Authorization: Bearer TOKEN' \(baseURL)/api/v1/cases")
            return lines.joined(separator: "\n")
        }
    }

    static let forenames = [
        "Oliver", "Amelia", "Muhammad", "Olivia", "Jack", "Isla", "Harry", "Ava", "Leo", "Mia", "Aisha", "Jacob",
        "Zainab", "Kacper", "Zuzanna", "Chidi", "Ngozi", "Tyson", "Shannon", "Ibrahim", "Fatima", "Oskar", "Maja",
        "Kwame", "Abena", "Levi", "Esme", "Riley", "Poppy", "Yusuf",
    ]
    static let surnames = [
        "Smith", "Jones", "Khan", "Patel", "Williams", "Brown", "Nowak", "Kowalski", "Okafor", "Mensah", "Price",
        "Lee", "Ahmed", "Hussain", "Taylor", "Wilson", "Evans", "Lovell", "Boswell", "Davies", "Begum", "Ali",
        "Wiśniewska", "O'Neill", "Smith-Jones",
    ]

    /// Loads the demo into an empty database; does nothing if users already exist.
    public static func load(into app: Application, at now: Date, cases: Int = 200) async throws -> Report {
        let db = app.db
        let policy = app.cme.service.policy
        if try await UserModel.query(on: db).count() > 0 {
            return Report(users: [], cases: try await CaseModel.query(on: db).count())
        }
        let la = OrganisationModel(name: policy.localAuthority, kind: .localAuthority, policyID: policy.id)
        try await la.create(on: db)
        let schoolNames = [
            "Castle Hill Primary", "Westbourne Academy", "Chantry High", "St Alban's RC Primary", "Northgate High",
            "Rushmere Hall Primary",
        ]
        var schools: [OrganisationModel] = []
        for (index, name) in schoolNames.enumerated() {
            let school = OrganisationModel(
                name: name,
                kind: .school,
                urn: String(124_500 + index * 37),
                schoolType: index % 2 == 0 ? "maintained" : "academy",
                policyID: policy.id
            )
            try await school.create(on: db)
            schools.append(school)
        }
        let ap = OrganisationModel(name: "innov8 Workshops CIO", kind: .apProvider, policyID: policy.id)
        let police = OrganisationModel(
            name: "Constabulary Education Liaison",
            kind: .partnerAgency,
            policyID: policy.id
        )
        let otherLA = OrganisationModel(name: "Norfolk County Council", kind: .otherLA, policyID: policy.id)
        for org in [ap, police, otherLA] { try await org.create(on: db) }

        let people: [(Role, String, String, String?, OrganisationModel?)] = [
            (.cmeOfficer, "officer@demo.cme.test", "Maryam Cole", nil, la),
            (.teamManager, "manager@demo.cme.test", "Dev Anand", "north", la),
            (.ewo, "ewo@demo.cme.test", "Sam Price", "north", la),
            (.ewo, "ewo2@demo.cme.test", "Jo Okafor", "north", la),
            (.ewo, "ewo3@demo.cme.test", "Kit Lovell", "south", la),
            (.schoolHeadteacher, "head@castlehill.demo.cme.test", "Ruth Adams", nil, schools[0]),
            (.schoolDSL, "dsl@castlehill.demo.cme.test", "Ian Marsh", nil, schools[0]),
            (.schoolAttendance, "attendance@castlehill.demo.cme.test", "Priya Shah", nil, schools[0]),
            (.schoolDSL, "dsl@westbourne.demo.cme.test", "Tom Reid", nil, schools[1]),
            (.apProvider, "dsl@innov8.demo.cme.test", "Dani Symes", nil, ap),
            (.partnerAgency, "liaison@police.demo.cme.test", "PC Hale", nil, police),
            (.otherLA, "cme@norfolk.demo.cme.test", "Norfolk CME team", nil, otherLA),
            (.administrator, "admin@demo.cme.test", "Alex Admin", nil, la),
            (.auditor, "dpo@demo.cme.test", "Dana Protection", nil, la),
        ]
        var users: [Role: [UserModel]] = [:]
        var report: [(role: Role, email: String, secret: String?, token: String)] = []
        let settings = app.cme.settings
        let hash = try Password.hash(Report.password, cost: settings.bcryptCost)
        for (role, email, name, team, org) in people {
            let user = UserModel(email: email, displayName: name, role: role, team: team, organisationID: org?.id)
            user.passwordHash = hash
            if WebSession.needsSecondFactor(role, settings: settings) {
                // Enrolled already (step 0 spent), so that the printed secret works at the first sign-in.
                user.totpSecret = TOTP.newSecret()
                user.totpLastStep = 0
            }
            try await user.create(on: db)
            users[role, default: []].append(user)
            report.append((role, email, user.totpSecret, try await APIToken.issue(for: user, label: "demo", on: db)))
        }
        let count = try await self.seedCases(app, now: now, users: users, schools: schools, count: cases)
        return Report(users: report, cases: count)
    }

    /// What every demo case draws on.
    struct SeedContext: Sendable {
        var service: CaseService
        var db: any Database
        var now: Date
        var count: Int
        var ewos: [UserModel]
        var officerActor: Actor
        var schoolStaff: [UserModel]
        var schools: [OrganisationModel]
    }

    /// `count` cases, opened over the last 150 days, walked through the procedure to a spread of states.
    static func seedCases(
        _ app: Application,
        now: Date,
        users: [Role: [UserModel]],
        schools: [OrganisationModel],
        count: Int
    ) async throws -> Int {
        let officer = users[.cmeOfficer]![0]
        let context = SeedContext(
            service: app.cme.service,
            db: app.db,
            now: now,
            count: count,
            ewos: users[.ewo] ?? [],
            officerActor: Actor(userID: officer.id, role: .cmeOfficer, organisationID: officer.$organisation.id),
            schoolStaff: (users[.schoolDSL] ?? []) + (users[.schoolHeadteacher] ?? []),
            schools: schools
        )
        // Four cases at a time: PostgreSQL takes them in parallel; on SQLite the write gate keeps one writer.
        let made = try await withThrowingTaskGroup(of: Bool.self) { group in
            var made = 0
            var next = 0
            while next < min(4, count) {
                let index = next
                group.addTask { try await self.seedCase(index, context) }
                next += 1
            }
            while let opened = try await group.next() {
                if opened { made += 1 }
                if next < count {
                    let index = next
                    group.addTask { try await self.seedCase(index, context) }
                    next += 1
                }
            }
            return made
        }
        _ = try await context.service.sweep(on: context.db, at: now)
        return made
    }

    /// One demo case; `false` when the referral attached to another (a demo child drawn twice).
    static func seedCase(_ index: Int, _ context: SeedContext) async throws -> Bool {
        let service = context.service
        let db = context.db
        let now = context.now
        let count = context.count
        let schoolStaff = context.schoolStaff
        let schools = context.schools
        let ewos = context.ewos
        let officerActor = context.officerActor
        let day: TimeInterval = 86_400
        var random = SeededRandom(seed: 20_261_124 &+ UInt64(index))
        let opened = now.addingTimeInterval(-day * Double(150 - (index * 149) / count) + 3600 * Double(index % 7))
        let dob = Day(year: 2010 + random.next(12), month: 1 + random.next(12), day: 1 + random.next(28))!
        let forename = self.forenames[random.next(self.forenames.count)]
        let surname = self.surnames[random.next(self.surnames.count)]
        let referrer = schoolStaff[index % schoolStaff.count]
        let school = schools.first { $0.id == referrer.$organisation.id }
        let actor = Actor(
            userID: referrer.id,
            role: referrer.roleValue ?? .schoolDSL,
            organisationID: referrer.$organisation.id
        )
        var child = Child(
            forename: forename,
            surname: surname,
            dateOfBirth: dob,
            gender: index % 2 == 0 ? .female : .male,
            childProtectionPlan: index % 23 == 0,
            addresses: [
                AddressRecord(
                    address: Address(
                        lines: ["\(1 + index) Mill Lane"],
                        town: "Ipswich",
                        postcode: "IP\(1 + index % 9) \(index % 9)AB",
                        restricted: index % 17 == 0
                    ),
                    kind: index % 3 == 0 ? .current : .lastKnown
                )
            ],
            schools: [SchoolEnrolment(urn: school?.urn, name: school?.name ?? "School")]
        )
        child.contacts = [
            Contact(
                name: "\(["Sarah", "David", "Amina", "Marek"][index % 4]) \(surname)",
                relationship: "parent",
                parentalResponsibility: true
            )
        ]
        var referral = Referral(
            kind: .cmeReferral,
            child: child,
            reason: ["RTL", "FTR", "FSE", "FTT", "RTL"][index % 5],
            source: "SCH"
        )
        referral.firstDayOfAbsence = Day(ordinal: service.time.day(opened).ordinal - 12)
        if index % 11 == 0 { referral.triageAnswers = [.pastSuspicions, .exploitationRisk] }
        if index % 7 == 0 {
            referral.indicators[.whereaboutsUnknown] = IndicatorAnswer(present: true, currency: .current)
        }
        let result = try await service.intake(referral, by: actor, on: db, at: opened)
        guard let caseID = result.caseID, !result.attached else { return false }
        // Walk the case along Suffolk Appendix 3 to a stage that depends on its age.
        let stage = index % 10
        var at = opened.addingTimeInterval(1800)
        var version = try await CaseModel.find(caseID, on: db)?.version ?? 1
        func step(
            _ kind: CaseEventKind,
            _ fill: (inout EventCommand) -> Void = { _ in },
            by who: Actor = officerActor,
            after hours: Double = 20
        ) async throws {
            at = at.addingTimeInterval(3600 * hours)
            guard at < now else { return }
            var command = EventCommand(kind: kind, expectedVersion: version)
            fill(&command)
            let model = try await service.record(command, caseID: caseID, by: who, on: db, at: at)
            version = model.version
        }
        if stage == 0 && index > count * 9 / 10 { return true }  // newest: awaiting triage
        try await step(
            .reasonAndSourceRecorded,
            {
                $0.reason = referral.reason
                $0.source = "SCH"
            },
            after: 1
        )
        if stage == 1 { return true }
        let ewo = ewos[index % ewos.count]
        let ewoActor = Actor(userID: ewo.id, role: .ewo, team: ewo.team)
        try await step(.ewoAssigned, { $0.assigneeID = ewo.id }, after: 2)
        if stage == 2 { return true }
        try await step(.ewoResponded, by: ewoActor, after: 3)
        try await step(
            .enquiryRecorded,
            {
                $0.action = "staff_siblings_friends"
                $0.note = "Friends say the family talked of moving"
            },
            by: ewoActor
        )
        if index % 11 == 0 {
            try await step(
                .escalated,
                {
                    $0.target = "police"
                    $0.reference = "POL-\(4000 + index)"
                    $0.note = "Referred under the police questions"
                }
            )
        }
        if stage == 3 { return true }
        try await step(
            .homeVisitRecorded,
            {
                $0.outcome = "No reply"
                $0.note = "Curtains drawn; a neighbour says they left"
            },
            by: ewoActor
        )
        if stage == 4 { return true }
        try await step(.postedToS2S, after: 24 * 20)
        if stage == 5 || stage == 6 { return true }
        try await step(
            .destinationConfirmed,
            {
                $0.outcome = ["OLA", "WLA", "IND", "EMI"][index % 4]
                $0.destination = "Norfolk LA"
            },
            after: 24 * 7
        )
        if stage == 7 { return true }
        // On the day each follow-up falls due (Suffolk 12.1), half a day in, so that a change of the clocks in
        // between cannot put it on the day before.
        try await step(.followUpSixWeeks, after: 24 * 42 + 12)
        if stage == 8 { return true }
        try await step(.followUpEighteenWeeks, after: 24 * 84)
        try await step(.closed, after: 1)
        return true
    }
}

/// A small deterministic generator (SplitMix64) so the demo is the same every run.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next(_ bound: Int) -> Int {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
