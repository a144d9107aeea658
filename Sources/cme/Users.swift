import ArgumentParser
import CMECore
import CMEStorage
import CMEWeb
import Fluent
import Foundation

extension Role: ExpressibleByArgument {}

/// `cme users create ...`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage users.",
        subcommands: [Create.self, UsersCode.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; with --token, print a new API token on the last line."
        )

        @OptionGroup var options: ServerOptions

        @Option(help: "Email address (unique).")
        var email: String

        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        var role: Role

        @Option(help: "Display name (default: the email address).")
        var name: String?

        @Option(help: "URN of the user's school, or name of their organisation.")
        var organisation: String?

        @Option(help: "Team, for EWOs and team managers.")
        var team: String?

        @Flag(help: "Create an API token and print it on the last line.")
        var token = false

        @Flag(help: "Read the user's first password from standard input (one line, at least 12 characters).")
        var passwordStdin = false

        func validate() throws {
            guard self.email.contains("@"), self.email.count <= 254, !self.email.contains(" ") else {
                throw ValidationError("--email: '\(self.email)' is not an email address")
            }
        }

        func run() async throws {
            try await withApplication(self.options) { app in
                var organisationID: UUID?
                if let organisation = self.organisation {
                    let found = try await OrganisationModel.query(on: app.db)
                        .group(.or) { $0.filter(\.$urn == organisation).filter(\.$name == organisation) }.first()
                    guard let found else {
                        throw Failure("--organisation: no organisation with URN or name '\(organisation)'")
                    }
                    organisationID = found.id
                }
                if Role.organisationReferrers.contains(self.role), organisationID == nil {
                    throw Failure(
                        "--organisation: a \(self.role.rawValue) user belongs to an organisation (give its URN or name)"
                    )
                }
                let user = UserModel(
                    email: self.email.lowercased(),
                    displayName: self.name ?? self.email,
                    role: self.role,
                    team: self.team,
                    organisationID: organisationID
                )
                if self.passwordStdin {
                    let password = readLine(strippingNewline: true) ?? ""
                    if let problem = UserAccounts.passwordProblem(password, email: user.email) {
                        throw Failure("password: \(problem)")
                    }
                    try UserAccounts.setPassword(password, on: user, cost: app.cme.settings.bcryptCost, at: Date())
                }
                let role = self.role
                do {
                    try await app.cme.service.audited(on: app.db) { tx in
                        try await user.create(on: tx)
                        let record = AuditRecord(
                            at: Date(),
                            actor: .system,
                            action: .create,
                            entityType: "user",
                            entityID: try user.requireID().uuidString,
                            childID: nil,
                            detail: "created as \(role.label.lowercased()) from the command line"
                        )
                        return ((), [record])
                    }
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    throw Failure("--email: a user with email \(self.email.lowercased()) already exists")
                }
                print("created \(self.role.rawValue) \(user.email) (id \(user.id?.uuidString ?? ""))")
                if self.token {
                    print(try await APIToken.issue(for: user, label: "cme users create", on: app.db))
                }
            }
        }
    }
}

/// `cme users code EMAIL`: the TOTP code the user's authenticator shows now (for the demo, and for an
/// administrator at the server helping someone who has lost their phone).
struct UsersCode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Print a user's current 6-digit sign-in code."
    )

    @OptionGroup var options: ServerOptions

    @Argument(help: "The user's email address.")
    var email: String

    func run() async throws {
        try await withApplication(self.options) { app in
            guard let user = try await UserModel.query(on: app.db).filter(\.$email == self.email.lowercased()).first()
            else { throw Failure("email: no user with email \(self.email.lowercased())") }
            guard let code = UserAccounts.currentCode(for: user, at: Date()) else {
                throw Failure("\(user.email) has not set up a security code")
            }
            print(code)
        }
    }
}

/// `cme clocks sweep`.
struct ClocksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clocks",
        abstract: "Statutory clocks.",
        subcommands: [Sweep.self]
    )

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark clocks that have run out as overdue and raise alerts for their owners and managers."
        )

        @OptionGroup var options: ServerOptions

        @ArgumentParser.Option(
            help:
                "Sweep as at this local time (YYYY-MM-DD or YYYY-MM-DDTHH:MM), to catch up after downtime; now by default."
        )
        var at: String?

        func run() async throws {
            let local: LocalDateTime?
            do {
                local = try self.at.map { try LocalDateTime(iso: $0) }
            } catch {
                throw Failure("at: '\(self.at ?? "")' is not a date (YYYY-MM-DD) or a local time (YYYY-MM-DDTHH:MM)")
            }
            try await withApplication(self.options) { app in
                let when = local.map { app.cme.service.time.date($0) }
                if let when, when > app.cme.now() {
                    throw Failure("at: \(self.at ?? "") is in the future; a sweep cannot run ahead of time")
                }
                guard let result = try await CMEWeb.sweepClocks(app, at: when) else {
                    print("another instance is sweeping; nothing done")
                    return
                }
                print(
                    "checked \(result.casesChecked) cases: \(result.newlyOverdue) newly overdue, \(result.alertsRaised) alerts raised, \(result.categoriesChanged) categories changed"
                )
            }
        }
    }
}

/// `cme audit --child ID` and `cme audit verify`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the audit trail.",
        subcommands: [List.self, Verify.self, Checkpoint.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who saw and changed a child's record.")

        @OptionGroup var options: ServerOptions

        @Option(help: "The child's id.")
        var child: String

        func run() async throws {
            guard let id = UUID(uuidString: self.child) else {
                throw Failure("--child: '\(self.child)' is not a child id")
            }
            try await withApplication(self.options) { app in
                let rows = try await AuditEntryModel.query(on: app.db).filter(\.$childID == id).sort(\.$seq).all()
                let users = try await UserModel.query(on: app.db).filter(\.$id ~~ Set(rows.compactMap(\.userID))).all()
                let formatter = ISO8601DateFormatter()
                print(["seq", "at", "user", "role", "action", "entity", "client", "request"].joined(separator: "\t"))
                for row in rows {
                    let user = users.first { $0.id == row.userID }?.email ?? row.userID?.uuidString ?? "system"
                    print(
                        [
                            String(row.seq), formatter.string(from: row.at), user, row.role, row.action,
                            "\(row.entityType) \(row.entityID)", row.clientAddress ?? "", row.requestID ?? "",
                        ].joined(separator: "\t")
                    )
                }
                if rows.isEmpty { print("no audit rows for child \(id)") }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain, and any checkpoints taken: exit 1 if a row was changed or removed."
        )

        @OptionGroup var options: ServerOptions

        @Option(help: "A file of checkpoints written by 'cme audit checkpoint': every one must still hold.")
        var checkpoint: String?

        func run() async throws {
            var checkpoints: [AuditCheckpoint] = []
            if let path = self.checkpoint {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw Failure("--checkpoint: cannot read \(path)")
                }
                do { checkpoints = try AuditCheckpoint.parse(text) } catch {
                    throw Failure("--checkpoint: \(path): \(error)")
                }
            }
            try await withApplication(self.options) { app in
                let count = try await AuditEntryModel.query(on: app.db).count()
                if let broken = try await AuditLog.verify(on: app.db) {
                    throw Failure("audit trail broken at row \(broken.seq): \(broken.problem)")
                }
                if let (failed, problem) = try await AuditLog.verify(checkpoints, on: app.db) {
                    throw Failure(
                        "audit trail does not match checkpoint \(failed.seq) of \(self.checkpoint ?? "") taken \(failed.line.split(separator: "\t").last ?? ""): \(problem)"
                    )
                }
                let held = checkpoints.isEmpty ? "" : "; \(checkpoints.count) checkpoint(s) hold"
                print("audit trail intact: \(count) rows\(held)")
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append the chain's head (row count, last hash, time) to a file kept away from the database."
        )

        @OptionGroup var options: ServerOptions

        @Option(help: "The checkpoint file to append to (created if missing).")
        var out: String

        func run() async throws {
            try await withApplication(self.options) { app in
                let head = try await AuditLog.head(on: app.db, at: Date())
                do {
                    try AuditCheckpointFile.append(head, to: self.out)
                } catch {
                    throw Failure("--out: cannot write \(self.out): \(describe(error))")
                }
                print(head.line)
            }
        }
    }
}
