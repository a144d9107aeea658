import Foundation
import Testing

/// `cme match` as a CME officer runs it on two CSV files.
@Suite("cme match")
struct MatchCommandTests {
    let directory: URL

    init() throws { self.directory = try CMEExecutable.temporaryDirectory() }

    func write(_ name: String, _ text: String) throws -> String {
        let url = self.directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func findsTheRightChildDespiteASwapAndANicknameAndKeepsTwinsApart() throws {
        // setup: columns in another order, an extra column, a DD/MM/YYYY date, and a malformed row.
        let roll = try self.write(
            "roll.csv",
            """
            surname,forename,dob,record_id,postcode,notes,upn
            Smith,Amelia,2014-05-02,R1,IP1 2BX,,
            Smith,Olivia,2014-05-02,R2,IP1 2BX,twin,
            Khan,Muhammad,2012-11-03,R3,IP4 1AA,,
            Nowak,Zuzanna,2013-07-21,R4,CB1 1PT,,
            Okafor,Chidi,2011-01-09,R5,NR2 4PF,,
            Price,William,2015-03-12,R6,IP3 9QQ,,
            Jones,Oliver,2013-02-28,R7,IP2 8LL,,
            Lee,Harry,2014-09-17,R8,IP5 3AB,,
            """
        )
        let lost = try self.write(
            "lost.csv",
            """
            record_id,forename,surname,dob,postcode
            L1,Amelia,Smith,05/02/2014,IP1 2BX
            L2,Bill,Price,2015-12-03,IP3 9QQ
            L3,Mohammed,Khan,2012-11-03,
            L4,Nobody,Elsewhere,2010-01-01,ZZ1 1ZZ
            L5,Broken,Row,31/02/2014,IP1 2BX
            """
        )
        let out = self.directory.appendingPathComponent("matches.csv").path
        // MUT
        let run = try CMEExecutable.run(["match", "--roll", roll, "--lost", lost, "--out", out, "--best-only"])
        // validate
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("line 6"))
        #expect(run.stdout.contains("skipped 1 malformed row"))
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "lost_id,roll_id,score,band,evidence")
        let best = Dictionary(
            uniqueKeysWithValues: lines.dropFirst().map { line -> (String, String) in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return (fields[0], fields[1])
            }
        )
        // 05/02/2014 is 5 February: a day/month swap of 2 May. Amelia, not her twin Olivia.
        #expect(best["L1"] == "R1")
        #expect(best["L2"] == "R6")  // Bill for William, 3 December for 12 March
        #expect(best["L3"] == "R3")  // Mohammed for Muhammad
        #expect(best["L4"] == nil)
        #expect(lines.count(where: { $0.hasPrefix("L1,") }) == 1)
        #expect(lines.contains { $0.hasPrefix("L2,R6,") && $0.contains("dob=") })
    }

    @Test func aMissingRequiredColumnStopsWithAClearError() throws {
        let roll = try self.write("roll2.csv", "record_id,forename,surname\nR1,Amelia,Smith\n")
        let lost = try self.write("lost2.csv", "record_id,forename,surname,dob\nL1,Amelia,Smith,2014-05-02\n")
        let run = try CMEExecutable.run([
            "match", "--roll", roll, "--lost", lost, "--out", self.directory.appendingPathComponent("x.csv").path,
        ])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("dob"))
    }
}
