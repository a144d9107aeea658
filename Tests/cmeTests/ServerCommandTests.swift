import Foundation
import Testing

/// The database commands: users, demo data, clock sweep, audit verify, against a fresh SQLite file.
@Suite("Database commands")
struct ServerCommandTests {
    let database: String

    init() throws {
        let directory = try CMEExecutable.temporaryDirectory()
        self.database = "sqlite://\(directory.appendingPathComponent("cme.sqlite").path)"
    }

    func run(_ arguments: [String]) throws -> CommandRun {
        try CMEExecutable.run(arguments + ["--database", self.database, "--policies", CMEExecutable.policies])
    }

    @Test func usersCreatePrintsATokenOnItsLastLineAndRefusesADuplicate() throws {
        let created = try self.run([
            "users", "create", "--email", "Officer@Example.gov.uk", "--role", "cme_officer", "--token",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdoutLines.first?.contains("created cme_officer officer@example.gov.uk") == true)
        #expect(created.stdoutLines.last?.hasPrefix("cme_") == true)
        #expect(created.stdoutLines.last?.count ?? 0 >= 40)
        let duplicate = try self.run(["users", "create", "--email", "officer@example.gov.uk", "--role", "ewo"])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderrLines.count == 1)
        #expect(duplicate.stderr.contains("already exists"))
        let badRole = try self.run(["users", "create", "--email", "x@example.gov.uk", "--role", "headmaster"])
        #expect(badRole.status == 2)
        let schoolWithoutOrganisation = try self.run([
            "users", "create", "--email", "dsl@example.gov.uk", "--role", "school_dsl",
        ])
        #expect(schoolWithoutOrganisation.status == 1)
        #expect(schoolWithoutOrganisation.stderr.contains("--organisation"))
    }

    @Test func demoDataThenSweepThenAnIntactAuditChain() throws {
        let demo = try self.run(["demo", "--cases", "12"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("Demo data loaded: 12 cases"))
        #expect(demo.stdoutLines.contains { $0.contains("cme_officer") && $0.contains("cme_") })
        let sweep = try self.run(["clocks", "sweep"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(sweep.stdout.hasPrefix("checked "))
        let verify = try self.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("audit trail intact"))
        let badChild = try self.run(["audit", "--child", "not-a-uuid"])
        #expect(badChild.status == 1)
        #expect(badChild.stderr.contains("--child"))
    }

    @Test func auditCheckpointThenVerifyAgainstIt() throws {
        // Issue 16: the chain's head goes to a file kept elsewhere; a chain cut short below it fails verification.
        #expect(try self.run(["demo", "--cases", "3"]).status == 0)
        let file = try CMEExecutable.temporaryDirectory().appendingPathComponent("checkpoints.tsv").path
        let taken = try self.run(["audit", "checkpoint", "--out", file])
        #expect(taken.status == 0, "\(taken.stderr)")
        let line = try #require(taken.stdoutLines.last)
        #expect(line.split(separator: "\t").count == 3)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains(line))
        // More rows after the checkpoint leave it holding.
        #expect(try self.run(["users", "create", "--email", "later@example.gov.uk", "--role", "ewo"]).status == 0)
        let holds = try self.run(["audit", "verify", "--checkpoint", file])
        #expect(holds.status == 0, "\(holds.stderr)")
        #expect(holds.stdout.contains("1 checkpoint(s) hold"))
        // A checkpoint past the rows there are: rows were removed since it was taken.
        let parts = line.split(separator: "\t")
        let later = "\(Int(parts[0])! + 1000)\t\(parts[1])\t\(parts[2])\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(later.utf8))
        try handle.close()
        let cut = try self.run(["audit", "verify", "--checkpoint", file])
        #expect(cut.status == 1)
        #expect(cut.stderrLines.count == 1)
        #expect(cut.stderr.contains("checkpoint \(Int(parts[0])! + 1000)") && cut.stderr.contains("removed"))
        let missing = try self.run(["audit", "verify", "--checkpoint", "/nonexistent/checkpoints"])
        #expect(missing.status == 1 && missing.stderr.contains("--checkpoint"))
    }

    @Test func subjectAccessExportAndRetentionDryRun() throws {
        // Issue 16: the data protection officer's two commands, against the demo data.
        #expect(try self.run(["demo", "--cases", "3"]).status == 0)
        let file = String(self.database.dropFirst("sqlite://".count))
        let lookup = Process()
        lookup.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        lookup.arguments = [
            "python3", "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select id from children').fetchone()[0])",
            file,
        ]
        let pipe = Pipe()
        lookup.standardOutput = pipe
        try lookup.run()
        lookup.waitUntilExit()
        let child = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let out = try CMEExecutable.temporaryDirectory().appendingPathComponent("sar").path
        let sar = try self.run(["sar", "--child", child, "--out", out])
        #expect(sar.status == 0, "\(sar.stderr)")
        #expect(sar.stdoutLines.count == 2)
        let html = try String(contentsOfFile: try #require(sar.stdoutLines.first), encoding: .utf8)
        #expect(html.contains("Subject access export") && html.contains("Who has seen and changed this record"))
        let json = try Data(contentsOf: URL(fileURLWithPath: try #require(sar.stdoutLines.last)))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect((object["childID"] as? String)?.lowercased() == child.lowercased())
        #expect((object["cases"] as? [Any])?.isEmpty == false)
        let unknown = try self.run(["sar", "--child", UUID().uuidString, "--out", out])
        #expect(unknown.status == 1 && unknown.stderr.contains("--child"))
        let dryRun = try self.run(["retention", "run", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdoutLines.first?.hasPrefix("children due: 0") == true)
        // The export is in the trail, and the trail is intact.
        #expect(try self.run(["audit", "verify"]).status == 0)
    }

    @Test func migrateRevertsEveryMigrationAndAppliesThemAgain() throws {
        // Every migration, the newest (indexes) included, has a revert that runs: the schema can be taken down
        // and rebuilt on the same file, and the rebuilt database works.
        #expect(try self.run(["demo", "--cases", "3"]).status == 0)
        let reverted = try self.run(["migrate", "--revert"])
        #expect(reverted.status == 0, "\(reverted.stderr)")
        #expect(reverted.stdout.contains("reverted every migration"))
        let again = try self.run(["demo", "--cases", "3"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Demo data loaded: 3 cases"))
        #expect(try self.run(["audit", "verify"]).stdout.contains("audit trail intact"))
    }

    @Test func aBadDatabaseURLNamesTheVariable() throws {
        let result = try CMEExecutable.run(["migrate", "--database", "mysql://x", "--policies", CMEExecutable.policies])
        #expect(result.status == 1)
        #expect(result.stderr.contains("DATABASE_URL"))
    }

    @Test(arguments: ["0", "65", "many"])
    func aBadConnectionCountNamesTheVariable(value: String) throws {
        let result = try CMEExecutable.run(
            ["migrate", "--database", "sqlite://cme.sqlite", "--policies", CMEExecutable.policies],
            environment: ["CME_DB_CONNECTIONS": value]
        )
        #expect(result.status == 1)
        #expect(result.stderr == "cme: CME_DB_CONNECTIONS: '\(value)' is not a number from 1 to 64\n")
    }
}
