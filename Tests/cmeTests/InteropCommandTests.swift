import Foundation
import Testing

/// `cme export ctf` and `cme import ctf`: the round trip of issue 6's done-when.
@Suite("cme export ctf / import ctf")
struct InteropCommandTests {
    let directory: URL

    init() throws { self.directory = try CMEExecutable.temporaryDirectory() }

    var database: String { "sqlite://\(self.directory.appendingPathComponent("cme.sqlite").path)" }

    @Test func aCasePostedToS2SExportsACTFThatReimportsToTheSameChild() throws {
        // setup: the demo LA, whose cases include children posted to s2s and still open
        let demo = try CMEExecutable.run(["demo", "--cases", "60", "--database", self.database])
        #expect(demo.status == 0, "\(demo.stderr)")
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        var exported: String?
        var refused = 0
        for number in 1...60 {
            let reference = String(format: "CME-%d-%06d", year, number)
            let run = try CMEExecutable.run(
                ["export", "ctf", "--case", reference, "--out", self.directory.path, "--database", self.database]
            )
            if run.status == 0 {
                exported = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                break
            }
            #expect(
                run.stderr.contains("has not been posted to s2s") || run.stderr.contains("no case"),
                "\(run.stderr)"
            )
            refused += 1
        }
        // MUT
        let path = try #require(exported, "one of the demo's cases is posted to s2s")
        #expect(path.hasSuffix("_CTF_XXXXXXX_001.xml"))
        #expect(URL(fileURLWithPath: path).lastPathComponent.hasPrefix("935LLLL_"))
        let imported = try CMEExecutable.run(["import", "ctf", path, "--database", self.database])
        // validate: the pupil is paired with the open case of the child she came from, as a match
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 lost pupils from 935LLLL"))
        let queue = try CMEExecutable.run(["trace", "queue", "--database", self.database])
        let rows = queue.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.contains { $0.count > 4 && $0[2].hasPrefix("case ") && $0[4] == "match" }, "\(queue.stdout)")
    }

    @Test func aMalformedCTFStopsWithTheLineAndElement() throws {
        let file = self.directory.appendingPathComponent("bad.xml")
        try "<CTfile>\n<Header>\n<DocumentName>Common Transfer File</Header>\n</CTfile>\n".write(
            to: file,
            atomically: true,
            encoding: .utf8
        )
        let run = try CMEExecutable.run(["import", "ctf", file.path, "--database", self.database])
        #expect(run.status == 1)
        #expect(run.stderr.contains("line 3, in <DocumentName>"), "\(run.stderr)")
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = self.directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func attendanceAcrossTheMayBankHolidayStartsGloucestershiresClockOnTheRightDay() throws {
        // O every session from Tuesday 28 April 2026 to Friday 8 May, Monday 4 May being a bank holiday.
        var rows = ["session,code,upn,school_urn,date,minutes_late"]
        for day in [
            "2026-04-27", "2026-04-28", "2026-04-29", "2026-04-30", "2026-05-01", "2026-05-05", "2026-05-06",
            "2026-05-07", "2026-05-08",
        ] {
            let code = day == "2026-04-27" ? "/" : "O"
            rows.append("AM,\(code),B801200005001,115799,\(day),")
            rows.append("PM,\(code),B801200005001,115799,\(day),")
        }
        let file = try self.write("marks.csv", rows.joined(separator: "\n") + "\n")
        let run = try CMEExecutable.run(
            ["import", "attendance", file, "--policy", "gloucestershire", "--database", self.database]
        )
        #expect(run.status == 0, "\(run.stderr)")
        let line = try #require(run.stdout.split(separator: "\n").dropFirst().first.map(String.init))
        #expect(line.hasPrefix("B801200005001,115799,2026-04-28,8,8,no,"))
        #expect(line.contains("absence-notification=2026-05-12"), "\(line)")
        #expect(line.contains("school-referral=2026-05-12"))
    }

    @Test func badAttendanceRowsAreAllNamedAndNothingIsRead() throws {
        let wrongColumns = try self.write(
            "cols.csv",
            "upn,urn,date,session,code\nB801200005001,115799,2026-05-05,AM,O\n"
        )
        let columns = try CMEExecutable.run(
            ["import", "attendance", wrongColumns, "--policy", "gloucestershire", "--database", self.database]
        )
        #expect(columns.status == 1)
        #expect(columns.stderr.contains("missing required column: school_urn"), "\(columns.stderr)")
        let bad = try self.write(
            "bad.csv",
            """
            upn,school_urn,date,session,code
            B801200005001,115799,2026-05-05,AM,O
            A801200005001,115799,2026-05-05,AM,O
            B801200005001,115799,2026-02-30,PM,O
            B801200005001,115799,2026-05-05,AM,O
            B801200005001,115799,2026-05-06,XX,Z
            B801200005001,115799
            """
        )
        let run = try CMEExecutable.run(
            ["import", "attendance", bad, "--policy", "gloucestershire", "--database", self.database]
        )
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty, "nothing is read when any row is bad")
        for expected in [
            "line 3: upn 'A801200005001'", "line 4: date '2026-02-30'", "line 5: a second mark", "line 6: session 'XX'",
            "code 'Z'", "line 7: 2 fields where the header has 5 (cut short",
        ] {
            #expect(run.stderr.contains(expected), "\(expected) in \(run.stderr)")
        }
        // every bad row on a line of its own, then one line saying nothing was imported
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines.last?.hasSuffix("5 bad rows, nothing imported") == true, "\(run.stderr)")
        let list = try CMEExecutable.run(["import", "list", "--database", self.database])
        #expect(!list.stdout.contains("attendance"), "a refused file is not recorded as imported")
    }
}
