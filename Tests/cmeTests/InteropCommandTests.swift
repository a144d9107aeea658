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
}
