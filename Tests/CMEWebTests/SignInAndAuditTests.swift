import CMECore
import CMEStorage
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 16, "Sign-in and public form" and "Audit you can prove": each leak a test named after it, on SQLite and
/// PostgreSQL.
@Suite("Sign-in, public form and audit")
struct SignInAndAuditTests {
    /// Behind a proxy: the client's address comes from this header only.
    static func behindProxy(_ settings: inout Settings) { settings.trustedProxyHeader = "X-Forwarded-For" }

    static func from(_ address: String) -> HTTPHeaders { ["X-Forwarded-For": address] }

    @Test(
        "Five wrong passwords answer an unknown email exactly as a real one: same status, same words, same lockout",
        arguments: Backend.available
    )
    func lockoutDoesNotEnumerateAccounts(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            var answers: [String: [(HTTPStatus, String)]] = [:]
            for email in ["dslA@test.cme", "nobody@test.cme"] {
                let client = WebClient(app)
                try await client.get("/sign-in")
                for _ in 0..<6 {
                    let page = try await client.post("/sign-in", ["email": email, "password": "guess guess guess"])
                    // The page repeats the email typed; everything else must be the same.
                    let body = page.body.replacingOccurrences(of: email.lowercased(), with: "EMAIL")
                        .replacing(/value="[^"]*"/, with: "value")
                    answers[email, default: []].append((page.status, body))
                }
            }
            let real = answers["dslA@test.cme"] ?? []
            let unknown = answers["nobody@test.cme"] ?? []
            #expect(real.map(\.0) == unknown.map(\.0))
            #expect(real.map(\.0).last == .tooManyRequests, "the sixth attempt meets the lockout")
            #expect(real.map(\.1) == unknown.map(\.1))
        }
    }

    @Test(
        "A stranger's wrong passwords lock out the stranger's address, not the user signing in from elsewhere",
        arguments: Backend.available
    )
    func strangerCannotLockUserOut(backend: Backend) async throws {
        try await withTestApp(backend, settings: Self.behindProxy) { app, _ in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let stranger = WebClient(app)
            try await stranger.get("/sign-in", headers: Self.from("203.0.113.9"))
            for _ in 0..<5 {
                try await stranger.post(
                    "/sign-in",
                    ["email": "dslA@test.cme", "password": "guess guess guess"],
                    headers: Self.from("203.0.113.9")
                )
            }
            let locked = try await stranger.post(
                "/sign-in",
                ["email": "dslA@test.cme", "password": WebPeople.password],
                headers: Self.from("203.0.113.9")
            )
            #expect(locked.status == .tooManyRequests)
            // A spoofed header earlier in the chain does not help: the proxy's own entry is the one taken.
            let spoofed = try await stranger.post(
                "/sign-in",
                ["email": "dslA@test.cme", "password": WebPeople.password],
                headers: Self.from("198.51.100.1, 203.0.113.9")
            )
            #expect(spoofed.status == .tooManyRequests)
            let user = WebClient(app)
            try await user.get("/sign-in", headers: Self.from("192.0.2.40"))
            let signedIn = try await user.post(
                "/sign-in",
                ["email": "dslA@test.cme", "password": WebPeople.password],
                headers: Self.from("192.0.2.40")
            )
            #expect(signedIn.location == "/referrals")
            // The count is in the database, keyed by a hash: no email or address in the clear.
            let keys = try await (app.db as! any SQLDatabase).raw("SELECT key FROM sign_in_throttles").all()
                .map { try $0.decode(column: "key", as: String.self) }
            #expect(keys.count == 1 && !keys[0].contains("test.cme") && !keys[0].contains("203.0"))
        }
    }

    @Test("A public-form stamp is spent by the post that uses it", arguments: Backend.available)
    func publicFormStampIsSpent(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let visitor = WebClient(app)
            let form = try await visitor.get("/report")
            let stamp = try #require(form.body.firstMatch(of: /name="stamp" value="([^"]+)"/)?.output.1)
            clock.advance(hours: 0.01)
            let fields = [
                "stamp": String(stamp), "forename": "Tia", "age": "9", "concern": "Not at school since half term",
            ]
            let first = try await visitor.post("/report", fields)
            #expect(first.status == .ok)
            #expect(first.body.contains("REF-"))
            let again = try await visitor.post("/report", fields)
            #expect(again.status == .badRequest)
            #expect(try await ReferralModel.query(on: app.db).count() == 1)
        }
    }

    @Test(
        "A client's X-Request-Id reaches the audit trail only as a short token of safe characters",
        arguments: Backend.available
    )
    func requestIDIsSanitised(backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            let people = try await People.make(app)
            let created = try await app.refer("Noor", "Ali", dob: "2014-04-04", as: "officer", people)
            let caseID = try #require(created.caseID)
            for id in ["<script>alert(1)</script>", String(repeating: "a", count: 65), "ok-id_1.2"] {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: people.tokens["officer"]!)
                headers.add(name: "X-Request-Id", value: id)
                let response = try await app.testing().sendRequest(.GET, "api/v1/cases/\(caseID)", headers: headers)
                #expect(response.status == .ok)
            }
            let ids = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "case")
                .filter(\.$action == "read").sort(\.$seq).all().compactMap(\.requestID)
            #expect(!ids.contains { $0.contains("<") || $0.count > 64 })
            #expect(ids.last == "ok-id_1.2")
        }
    }

    @Test(
        "An administrator's changes to users are in the hash chain, each in words, written with the change",
        arguments: Backend.available
    )
    func userAdministrationIsAudited(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let admin = WebClient(app)
            try await admin.signIn("admin@test.cme", at: clock.now)
            try await admin.get("/admin/users")
            let created = try await admin.post(
                "/admin/users",
                [
                    "email": "new.ewo@test.cme", "name": "New EWO", "role": "ewo", "team": "north",
                    "password": "a long enough password",
                ]
            )
            #expect(created.status == .seeOther || created.status == .found)
            let target = try #require(people.ids["dslB"]).uuidString.lowercased()
            try await admin.get("/admin/users")
            try await admin.post("/admin/users/\(target)/active", ["active": "no"])
            try await admin.get("/admin/users/\(target)/reset")
            try await admin.post(
                "/admin/users/\(target)/reset",
                ["password": "another long password", "clearCode": "yes"]
            )
            let rows = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "user").sort(\.$seq).all()
            #expect(
                rows.compactMap(\.detail) == [
                    "created as education welfare officer", "deactivated",
                    "password reset and security code cleared",
                ]
            )
            #expect(rows.allSatisfy { $0.userID == people.ids["admin"] && $0.role == "administrator" })
            #expect(try await AuditLog.verify(on: app.db) == nil)
        }
    }

    @Test(
        "Deleting the newest audit rows passes the chain check but fails against a checkpoint taken before",
        arguments: Backend.available
    )
    func checkpointCatchesRemovedRows(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            for name in ["Ava", "Ben", "Cal"] {
                _ = try await app.refer(name, "Stone", dob: "2014-04-04", as: "officer", people)
            }
            let head = try await AuditLog.head(on: app.db, at: clock.now)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("cme-\(UUID()).checkpoints").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            try AuditCheckpointFile.append(head, to: file)
            let checkpoints = try AuditCheckpoint.parse(try String(contentsOfFile: file, encoding: .utf8))
            #expect(checkpoints == [head])
            #expect(try await AuditLog.verify(checkpoints, on: app.db) == nil)

            // MUT: someone removes the newest rows behind the application's back
            try await AuditEntryModel.query(on: app.db).filter(\.$seq > head.seq - 3).delete()

            // validate: the chain that is left links up, but the checkpoint shows the cut
            #expect(try await AuditLog.verify(on: app.db) == nil)
            let failed = try #require(try await AuditLog.verify(checkpoints, on: app.db))
            #expect(failed.checkpoint.seq == head.seq)
            #expect(failed.problem.contains("removed"))
        }
    }
}

/// Issue 16, "Bad input and faults": a retried referral files once.
@Suite("Idempotent referrals")
struct IdempotentReferralTests {
    static func key(_ value: String) -> HTTPHeaders { ["Idempotency-Key": value] }

    @Test(
        "The same Idempotency-Key within 24 hours returns the first answer and files nothing, even when the retries race",
        arguments: Backend.available
    )
    func retriedReferralFilesOnce(backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            let people = try await People.make(app)
            let body = referralJSON(forename: "Ivy", surname: "Moss", dob: "2014-04-04")
            let first = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: body,
                headers: Self.key("retry-1")
            )
            #expect(first.status == .created)
            let again = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: body,
                headers: Self.key("retry-1")
            )
            #expect(again.status == .created)
            #expect(again["referralId"] as? String == first["referralId"] as? String)
            #expect(Set(again.object.keys) == ["referralId", "status"])
            #expect(try await ReferralModel.query(on: app.db).count() == 1)

            // Eight requests with one new key at once: one referral, and every answer names it.
            let answers = try await withThrowingTaskGroup(of: (HTTPStatus, String?).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let answer = try await app.call(
                            .POST,
                            "api/v1/referrals",
                            as: people.tokens["officer"],
                            json: referralJSON(forename: "Rex", surname: "Hale", dob: "2013-03-03"),
                            headers: Self.key("race-7")
                        )
                        return (answer.status, answer["referralId"] as? String)
                    }
                }
                return try await group.reduce(into: [(HTTPStatus, String?)]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.0 == .created })
            #expect(Set(answers.compactMap(\.1)).count == 1)
            #expect(try await ReferralModel.query(on: app.db).count() == 2)
            #expect(try await CaseModel.query(on: app.db).count() == 2)

            // The key is the user's own: another user with the same key files their own referral.
            let other = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslB"],
                json: body,
                headers: Self.key("retry-1")
            )
            #expect(other["referralId"] as? String != first["referralId"] as? String)
            // After 24 hours the key may be used again.
            clock.advance(days: 1.01)
            let later = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: body,
                headers: Self.key("retry-1")
            )
            #expect(later["referralId"] as? String != first["referralId"] as? String)
            // A key that is not a token is refused, naming the header.
            let bad = try await app.call(
                .POST,
                "api/v1/referrals",
                as: people.tokens["dslA"],
                json: body,
                headers: Self.key("has spaces in it")
            )
            #expect(bad.status == .unprocessableEntity)
            #expect("\(bad.json)".contains("Idempotency-Key"))
        }
    }
}

/// Issue 16: policy changes are in the hash chain.
@Suite("Policy changes audited")
struct PolicyAuditTests {
    @Test("Loading a policy file records it once; a changed file is recorded as a change with its new SHA-256")
    func changedPolicyFileIsAudited() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cme-policy-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = repositoryRoot.appendingPathComponent("policies/suffolk.yaml")
        let copy = directory.appendingPathComponent("suffolk.yaml")
        try FileManager.default.copyItem(at: original, to: copy)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cme-policy-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        func start() async throws -> [AuditEntryModel] {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .critical
            var settings = Settings(database: .sqlite(path: path), policiesDirectory: directory, sweepInterval: nil)
            settings.bcryptCost = 4
            do {
                try await configure(app, settings)
                let rows = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "policy").sort(\.$seq)
                    .all()
                try await app.asyncShutdown()
                return rows
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
        let first = try await start()
        #expect(first.map(\.action) == ["create"])
        #expect(first.first?.detail?.hasPrefix("loaded: suffolk.yaml, SHA-256 ") == true)
        #expect(try await start().count == 1, "the same file again is no change")
        // An officer's edit to the policy: the oldest age in scope raised.
        let text = try String(contentsOf: copy, encoding: .utf8)
        try text.replacingOccurrences(
            of: "restrictedAddressViewers:",
            with: "oldestAgeInScope: 19\nrestrictedAddressViewers:"
        )
        .write(to: copy, atomically: true, encoding: .utf8)
        let changed = try await start()
        #expect(changed.map(\.action) == ["create", "update"])
        #expect(changed.last?.detail?.hasPrefix("changed: suffolk.yaml, SHA-256 ") == true)
        #expect(changed.first?.detail != changed.last?.detail)
    }
}
