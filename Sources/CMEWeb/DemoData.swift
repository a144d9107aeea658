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
