import Foundation
import Testing

/// What one run of the `cme` executable produced.
struct CommandRun: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { self.stdout.split(separator: "\n").map(String.init) }
    var stderrLines: [String] { self.stderr.split(separator: "\n").map(String.init) }
}

/// Runs the built `cme` executable as a subprocess, from a fresh temporary directory.
enum CMEExecutable {
    /// The repository root, three levels above `<repo>/Tests/cmeTests/CommandTests.swift`.
    static var repository: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `<repo>/policies`, passed as `--policies` so no test depends on the working directory.
    static var policies: String { Self.repository.appendingPathComponent("policies").path }

    /// The `cme` binary built next to the test bundle, else `<repo>/.build/debug/cme`.
    static func locate() -> URL? {
        var candidates: [URL] = []
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("cme"))
            directory = directory.deletingLastPathComponent()
        }
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("cme"))
        }
        candidates.append(Self.repository.appendingPathComponent(".build/debug/cme"))
        return candidates.first { candidate in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: candidate.path)
        }
    }

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cme-command-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `cme arguments...` and waits for it. Output goes to files, so a large output cannot block the child.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandRun {
        let executable = try #require(Self.locate(), "no built cme executable found; run `swift build` first")
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout.txt")
        let errURL = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()

        return CommandRun(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}

/// One date of birth and the dates the rules give for it.
struct SchoolAgeExample: Sendable, CustomTestStringConvertible {
    var dateOfBirth: String
    var starts: String
    var leaves: String

    var testDescription: String { "born \(self.dateOfBirth)" }

    /// Start: the first of 31 March, 31 August, 31 December on or after the 5th birthday. Leaving: the last Friday
    /// in June of the school year in which the child turns 16. (Each checked with Python's datetime.)
    static let all: [SchoolAgeExample] = [
        SchoolAgeExample(dateOfBirth: "2015-08-31", starts: "2020-08-31", leaves: "2031-06-27"),
        SchoolAgeExample(dateOfBirth: "2015-09-01", starts: "2020-12-31", leaves: "2032-06-25"),
        SchoolAgeExample(dateOfBirth: "2015-12-31", starts: "2020-12-31", leaves: "2032-06-25"),
        SchoolAgeExample(dateOfBirth: "2016-03-31", starts: "2021-03-31", leaves: "2032-06-25"),
        // 5th birthday reached on 1 March 2021 (a common year).
        SchoolAgeExample(dateOfBirth: "2016-02-29", starts: "2021-03-31", leaves: "2032-06-25"),
        SchoolAgeExample(dateOfBirth: "2016-01-01", starts: "2021-03-31", leaves: "2032-06-25"),
    ]
}

@Suite("cme rules school-age")
struct SchoolAgeCommandTests {
    func answer(dateOfBirth: String) throws -> [String: Any] {
        let run = try CMEExecutable.run(["rules", "school-age", "--dob", dateOfBirth, "--on", "2026-11-24"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        let dictionary = object as? [String: Any]
        return try #require(dictionary, "not a JSON object: \(run.stdout)")
    }

    @Test("compulsory school age and leaving date", arguments: SchoolAgeExample.all)
    func dates(example: SchoolAgeExample) throws {
        let json = try self.answer(dateOfBirth: example.dateOfBirth)
        let starts = json["compulsorySchoolAgeStarts"] as? String
        let leaves = json["schoolLeavingDate"] as? String
        #expect(starts == example.starts)
        #expect(leaves == example.leaves)
    }

    @Test("a child born 1 September 2015 is in Year 6 on 24 November 2026")
    func ncYear() throws {
        let json = try self.answer(dateOfBirth: "2015-09-01")
        let year = json["ncYear"] as? String
        #expect(year == "6")
    }

    @Test("a date that does not exist exits 1 with one line naming it")
    func badDate() throws {
        let run = try CMEExecutable.run(["rules", "school-age", "--dob", "2015-02-30", "--on", "2026-11-24"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("2015-02-30"))
        #expect(run.stderr.contains("--dob"))
    }

    @Test("a missing --dob is a usage error (exit 2)")
    func missingDateOfBirth() throws {
        let run = try CMEExecutable.run(["rules", "school-age", "--on", "2026-11-24"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--dob"))
    }
}

@Suite("cme rules upn")
struct UPNCommandTests {
    @Test("a valid permanent UPN exits 0")
    func validPermanent() throws {
        let run = try CMEExecutable.run(["rules", "upn", "B801200005001"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("permanent"))
    }

    @Test("a wrong check letter exits 1 and names the expected letter")
    func wrongCheckLetter() throws {
        let run = try CMEExecutable.run(["rules", "upn", "A801200005001"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("check letter"))
        #expect(run.stderr.contains("'B'"))
    }

    @Test("a UPN of the wrong length exits 1")
    func wrongLength() throws {
        let run = try CMEExecutable.run(["rules", "upn", "B80120000500"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("13 characters"))
    }

    // Body 80120000501B: 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 0*8 + 0*9 + 5*10 + 0*11 + 1*12 + B(1)*13 = 105;
    // 105 mod 23 = 13, and letter 13 of ABCDEFGHJKLMNPQRTUVWXYZ is P.
    @Test("a valid temporary UPN exits 0 and says temporary")
    func validTemporary() throws {
        let run = try CMEExecutable.run(["rules", "upn", "P80120000501B"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("temporary"))
    }

    @Test("a last character of I (never used in UPNs) exits 1")
    func lastCharacterI() throws {
        let run = try CMEExecutable.run(["rules", "upn", "B80120000501I"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("character 13"))
        #expect(run.stderr.contains("'I'"))
    }
}

@Suite("cme rules school-days")
struct SchoolDaysCommandTests {
    func run(_ arguments: [String]) throws -> CommandRun {
        try CMEExecutable.run(["rules", "school-days", "--policies", CMEExecutable.policies] + arguments)
    }

    // Thu 18 Dec (from, not counted), Fri 19 Dec = 1, Christmas holidays, Mon 5 Jan 2026 is an INSET day,
    // Tue 6 Jan = 2, Wed 7 Jan = 3.
    @Test("adding 3 school days in Suffolk crosses Christmas and the 5 January INSET day")
    func addAcrossChristmas() throws {
        let run = try self.run(["--policy", "suffolk", "--from", "2025-12-18", "--add", "3"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines == ["2026-01-07"])
    }

    @Test("counting school days through a date")
    func countThrough() throws {
        // 18, 19 Dec and 6, 7 Jan.
        let christmas = try self.run(["--policy", "suffolk", "--from", "2025-12-18", "--through", "2026-01-07"])
        #expect(christmas.status == 0, "stderr: \(christmas.stderr)")
        #expect(christmas.stdoutLines == ["4"])
        // 18-22 May, then the 25 May bank holiday and half term, then 1-5 June.
        let halfTerm = try self.run(["--policy", "suffolk", "--from", "2026-05-18", "--through", "2026-06-05"])
        #expect(halfTerm.status == 0, "stderr: \(halfTerm.stderr)")
        #expect(halfTerm.stdoutLines == ["10"])
    }

    @Test("neither --add nor --through is a usage error (exit 2)")
    func neitherAddNorThrough() throws {
        let run = try self.run(["--policy", "suffolk", "--from", "2025-12-18"])
        #expect(run.status == 2)
    }

    @Test("an unknown policy id exits 1 and lists the known ids")
    func unknownPolicy() throws {
        let run = try self.run(["--policy", "norfolk", "--from", "2025-12-18", "--add", "3"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("'norfolk'"))
        #expect(run.stderr.contains("derbyshire, gloucestershire, innov8, leicestershire, suffolk"))
    }

    @Test("a date outside the policy's term-date years exits 1 with one line about term dates")
    func outsideTermDates() throws {
        let run = try self.run(["--policy", "suffolk", "--from", "2030-01-01", "--add", "1"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("term dates"))
        #expect(run.stderr.contains("2029/30"))
    }
}

@Suite("cme policy")
struct PolicyCommandTests {
    @Test("policy list prints the five ids, one per line")
    func list() throws {
        let run = try CMEExecutable.run(["policy", "list", "--policies", CMEExecutable.policies])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout == "derbyshire\ngloucestershire\ninnov8\nleicestershire\nsuffolk\n")
    }

    @Test("policy show derbyshire quotes Derbyshire 5.1")
    func show() throws {
        let run = try CMEExecutable.run(["policy", "show", "--policies", CMEExecutable.policies, "derbyshire"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("Derbyshire 5.1"))
    }

    @Test("policy check accepts policies/suffolk.yaml")
    func checkGood() throws {
        let file = CMEExecutable.repository.appendingPathComponent("policies/suffolk.yaml").path
        let run = try CMEExecutable.run(["policy", "check", file])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("ok: suffolk"))
    }

    @Test("policy check refuses an unknown key, naming the file and the key")
    func checkUnknownKey() throws {
        let directory = try CMEExecutable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = CMEExecutable.repository.appendingPathComponent("policies/suffolk.yaml")
        let bad = directory.appendingPathComponent("bad-policy.yaml")
        try (String(contentsOf: good, encoding: .utf8) + "colour: blue\n").write(
            to: bad,
            atomically: true,
            encoding: .utf8
        )
        let run = try CMEExecutable.run(["policy", "check", bad.path])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("bad-policy.yaml"))
        #expect(run.stderr.contains("colour: unknown key 'colour'"))
    }
}

@Suite("cme rules clocks and triage")
struct ClocksAndTriageCommandTests {
    func clocks(policy: String) throws -> CommandRun {
        try CMEExecutable.run([
            "rules", "clocks", "--policies", CMEExecutable.policies, "--policy", policy,
            "--event", "first_day_of_unexplained_absence@2026-05-18T09:00", "--at", "2026-06-10T12:00",
        ])
    }

    // Mon 18 May is day 1; 18-22 May are days 1-5; 25 May (bank holiday) to 29 May is half term; 1-5 June are
    // days 6-10.
    @Test("Gloucestershire: school referral due on the 10th school day, 5 June 2026, overdue on 10 June")
    func gloucestershireSchoolReferral() throws {
        let run = try self.clocks(policy: "gloucestershire")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let line = run.stdoutLines.first { $0.hasPrefix("school-referral\t") }
        #expect(line == "school-referral\tdue 2026-06-05\toverdue\tschool_dsl\tJohn Moore 4.1 IX")
    }

    // As above, but Derbyshire's 1 June 2026 is an INSET day: 2-5 June are days 6-9, 8 June is 10, 9 June is 11.
    @Test("Derbyshire: school referral due on day 11, 9 June 2026 (1 June is an INSET day)")
    func derbyshireSchoolReferral() throws {
        let run = try self.clocks(policy: "derbyshire")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let referral = run.stdoutLines.first { $0.hasPrefix("school-referral\t") }
        #expect(referral == "school-referral\tdue 2026-06-09\toverdue\tschool_dsl\tDerbyshire 5.1")
        // Day 20: 10-12 June are 12-14, 15-19 June are 15-19, 22 June is 20.
        let removal = run.stdoutLines.first { $0.hasPrefix("roll-removal-earliest\t") }
        #expect(removal == "roll-removal-earliest\tdue 2026-06-22\twaiting\tschool_attendance\tDerbyshire 8.1")
    }

    @Test("Leicestershire 5.0: past suspicions recommend the police")
    func triagePolice() throws {
        let run = try CMEExecutable.run([
            "rules", "triage", "--policies", CMEExecutable.policies, "--policy", "leicestershire",
            "--fact", "past_suspicions",
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.count == 1)
        let line = try #require(run.stdoutLines.first)
        #expect(line.hasPrefix("same_day\tpolice\tLeicestershire 5.0\t"))
    }

    @Test("an unknown fact exits 1 and lists the allowed facts")
    func triageUnknownFact() throws {
        let run = try CMEExecutable.run([
            "rules", "triage", "--policies", CMEExecutable.policies, "--policy", "leicestershire",
            "--fact", "flying",
        ])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("unknown fact 'flying'"))
        #expect(run.stderr.contains("past_suspicions"))
        #expect(run.stderr.contains("not_located_within_home_visit_clock"))
    }
}
