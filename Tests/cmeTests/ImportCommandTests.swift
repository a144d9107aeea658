import Foundation
import Testing

/// Issue 6: imports from the command line: all or nothing, even when the process is killed halfway.
@Suite("cme import roll|returns|transfers and the chase list")
struct ImportCommandTests {
    let directory: URL

    init() throws { self.directory = try CMEExecutable.temporaryDirectory() }

    var database: String { "sqlite://\(self.directory.appendingPathComponent("cme.sqlite").path)" }

    func cme(_ arguments: [String]) throws -> CommandRun {
        try CMEExecutable.run(arguments + ["--database", self.database])
    }

    @Test func aRollImportKilledHalfwayLeavesNothingAndARerunCompletesIt() throws {
        // setup: a 30,000-pupil roll
        let made = try CMEExecutable.run(
            ["synth-feeds", "--pupils", "30000", "--marked", "0", "--day", "2026-11-23", "--out", self.directory.path]
        )
        #expect(made.status == 0, "\(made.stderr)")
        let file = self.directory.appendingPathComponent("school-roll.csv").path
        #expect(try self.cme(["migrate"]).status == 0)

        // MUT: kill -9 once the first tenth of the rows is written, inside the import's transaction
        let executable = try #require(CMEExecutable.locate())
        let process = Process()
        process.executableURL = executable
        process.arguments = ["import", "roll", file, "--database", self.database]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("rows written") {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(seen.contains("rows written"), "the import reports its progress: \(seen)")
        #expect(process.terminationReason == .uncaughtSignal, "killed before it finished")

        // validate: nothing of it is visible, and a re-run completes it
        let before = try self.cme(["import", "list"])
        #expect(before.stdout == "rolls: 0 pupils at 0 schools\n", "\(before.stdout)")
        let rerun = try self.cme(["import", "roll", file])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains(": 30000 pupils on "))
        let after = try self.cme(["import", "list"])
        #expect(after.stdout.contains("\troll\t-\tschool-roll.csv\t30000\t"))
        #expect(after.stdout.hasSuffix("rolls: 30000 pupils at \(try self.schools(file)) schools\n"), "\(after.stdout)")
    }

    /// The distinct schools in a roll file.
    func schools(_ path: String) throws -> Int {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        return Set(lines.map { $0.split(separator: ",", omittingEmptySubsequences: false)[9] }).count
    }

    @Test func joinersAndLeaversOweReturnsUntilTheSchoolSendsThem() throws {
        let header = "upn,forename,surname,dob,nc_year,entry_date,leaving_date\n"
        let september = try self.write("sept.csv", header + "B801200005001,Amelia,Hughes,2015-03-04,5,2019-09-03,\n")
        let november = try self.write("nov.csv", header + ",Priya,Patel,2015-06-01,5,2025-10-21,\n")
        #expect(try self.cme(["import", "roll", september, "--school", "124500"]).status == 0)
        let second = try self.cme(["import", "roll", november, "--school", "124500"])
        #expect(second.stdout.contains("1 pupils on 1 school roll; 1 joined and 1 left since the last roll"))
        let again = try self.cme(["import", "roll", november, "--school", "124500"])
        #expect(again.stdout.contains("already imported"))

        // Priya joined 21 October 2025: her CMJ was due 4 November (Suffolk's half term is not school days)
        let chase = try self.cme(["report", "returns", "--on", "2025-11-05"])
        #expect(chase.status == 0, "\(chase.stderr)")
        #expect(chase.stdout.contains("124500,,CMJ,,Priya Patel,2015-06-01,2025-10-21,2025-11-04"), "\(chase.stdout)")

        let returns = try self.write(
            "returns.csv",
            "return_type,upn,forename,surname,dob,date\nCMJ,,Priya,Patel,2015-06-01,2025-10-21\n"
        )
        #expect(try self.cme(["import", "returns", returns, "--school", "124500"]).status == 0)
        let cleared = try self.cme(["report", "returns", "--on", "2025-11-05"])
        #expect(!cleared.stdout.contains("Priya"))

        // A file for another school than --school is refused, naming the row.
        let wrong = try self.write("wrong.csv", "school_urn," + header + "999999,,Ann,Lee,2015-01-01,5,2020-09-01,\n")
        let refused = try self.cme(["import", "roll", wrong, "--school", "124500"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line 2: school_urn '999999' is not the school imported (124500)"))
        #expect(refused.stderr.hasSuffix("1 bad row, nothing imported\n"), "\(refused.stderr)")
    }

    @Test func managementReportsAsCSVAndAsAPageOfTheirOwn() throws {
        #expect(try self.cme(["demo", "--cases", "40"]).status == 0)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let csv = try self.cme(["report", "open-cases", "--period", String(year - 1)])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdoutLines.first == "reference,category,reason,opened,days_open,nc_year,area,owner")
        let html = try self.cme(["report", "quarterly", "--format", "html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("Quarterly management report"))
        #expect(html.stdout.contains("<svg class=\"chart\""))
        #expect(!html.stdout.contains("href=\"/cases/"), "a file of its own links to no server")
        let bad = try self.cme(["report", "monthly", "--period", "October"])
        #expect(bad.status == 1)
        #expect(bad.stderr == "cme: --period: 'October' is not a month, YYYY-MM\n", "\(bad.stderr)")
    }

    @Test func aCTFForOneOfOurSchoolsPutsItsPupilOnTheRollAndAJoinerReturnIsOwed() throws {
        let fixture = CMEExecutable.repository.appendingPathComponent("Tests/CMEInteropTests/Fixtures/norfolk-lost.xml")
        let text = try String(contentsOf: fixture, encoding: .utf8)
            .replacingOccurrences(of: "<LEA>XXX</LEA>", with: "<LEA>935</LEA>")
            .replacingOccurrences(of: "<Estab>XXXX</Estab>", with: "<Estab>2001</Estab>")
        let file = try self.write("926LLLL_CTF_9352001_001.xml", text)
        let without = try self.cme(["import", "ctf", file])
        #expect(without.status == 1)
        #expect(without.stderr.contains("a CTF for school 9352001: give --school URN"), "\(without.stderr)")

        let run = try self.cme(["import", "ctf", file, "--school", "124500"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("1 pupil joined school 124500 from a CTF\n"))
        #expect(try self.cme(["import", "list"]).stdout.hasSuffix("rolls: 1 pupils at 1 schools\n"))
        // She joined on 20 November 2026 (the file's day): her CMJ is owed 5 school days on.
        let chase = try self.cme(["report", "returns", "--on", "2026-12-07"])
        #expect(
            chase.stdout.contains("124500,,CMJ,B801200005001,Zuzanna Nowak,2015-01-21,2026-11-20,"),
            "\(chase.stdout)"
        )
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = self.directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
