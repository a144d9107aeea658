import Foundation
import Testing

/// `cme trace wasp` and `cme trace ftt` on hand-made populations (issue 5, uses 3 and 4).
@Suite("cme trace")
struct TraceCommandTests {
    let directory: URL

    init() throws { self.directory = try CMEExecutable.temporaryDirectory() }

    func write(_ name: String, _ text: String) throws -> String {
        let url = self.directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    var database: String { "sqlite://\(self.directory.appendingPathComponent("cme.sqlite").path)" }

    /// Two schools' rolls: one has Jim under his full name with day and month swapped.
    func rolls() throws -> [String] {
        [
            try self.write(
                "castle.csv",
                """
                record_id,forename,surname,dob,postcode,school_urn
                C1,James,Barker,2013-04-07,IP4 5ZZ,124500
                C2,Olivia,Turner,2015-02-02,IP2 8QQ,124500
                """
            ),
            try self.write(
                "chantry.csv",
                """
                record_id,forename,surname,dob,postcode,school_urn
                H1,Harry,Patel,2011-11-30,IP3 9XX,124574
                H2,Aisha,Begum,2014-06-12,IP1 3RT,124574
                """
            ),
        ]
    }

    @Test func waspReportsOnlyChildrenOfCompulsorySchoolAgeFoundNowhere() throws {
        // setup: a GP registration list (Leicestershire 8.1 ii)
        let population = try self.write(
            "health.csv",
            """
            record_id,forename,surname,dob,postcode
            GP1,Jim,Barker,2013-07-04,IP4 5ZZ
            GP2,Aysha,Begum,2014-06-12,IP1 3RT
            GP3,Kwame,Mensah,2012-05-19,IP1 9ZZ
            GP4,Poppy,Evans,2022-01-10,IP2 1AA
            GP5,Levi,Lovell,2009-03-03,IP7 7LL
            """
        )
        let rolls = try self.rolls()
        // MUT
        let run = try CMEExecutable.run(
            [
                "trace", "wasp", "--population", population, "--roll", rolls[0], "--roll", rolls[1], "--on",
                "2026-11-24",
                "--database", self.database,
            ]
        )
        // validate: Jim and Aysha are on rolls; Poppy is 4, not of compulsory school age; Levi is 17 and has left
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("record_id,forename,surname,dob,nc_year") == true)
        #expect(rows.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" } == ["GP3"])
        #expect(rows[1].contains(",10,"), "Kwame is in Year 10 on 24 November 2026")
        #expect(run.stderr.contains("1 of compulsory school age found nowhere"))
    }

    @Test func failureToTransferFindsTheYear6ChildOnNoRollAndRefersHer() throws {
        // setup: last year's Year 6 at a primary (on 1 July 2026) and a Year 3 who does not transfer
        let cohort = try self.write(
            "year6.csv",
            """
            record_id,forename,surname,dob,gender,postcode,school_urn
            P1,Harry,Patel,2014-11-30,M,IP3 9XX,124611
            P2,Zuzanna,Nowak,2015-01-21,F,CB1 1PT,124611
            P3,Esme,Riley,2018-05-05,F,IP5 5EE,124611
            """
        )
        let roll = try self.write(
            "september.csv",
            """
            record_id,forename,surname,dob,school_urn
            S1,Harry,Patel,2014-11-30,124574
            S2,Riley,Shannon,2014-08-08,124574
            """
        )
        // MUT
        let run = try CMEExecutable.run(
            [
                "trace", "ftt", "--cohort", cohort, "--roll", roll, "--last-year", "2026-07-01", "--create-referrals",
                "--database", self.database,
            ]
        )
        // validate: Zuzanna (Year 6 last year) is on no roll; Esme was in Year 3, not a transfer year
        #expect(run.status == 0, "\(run.stderr)")
        let ids = run.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first }
        #expect(ids == ["P2"])
        #expect(run.stdout.contains(",6,"))
        #expect(run.stderr.contains("1 referrals opened cases"))
        // A second run attaches to her open case instead of opening another (Suffolk 9.5).
        let again = try CMEExecutable.run(
            [
                "trace", "ftt", "--cohort", cohort, "--roll", roll, "--last-year", "2026-07-01", "--create-referrals",
                "--database", self.database,
            ]
        )
        #expect(again.stderr.contains("0 referrals opened cases, 1 attached"))
    }

    @Test func aCohortFileWithoutADateOfBirthColumnStopsWithOneLine() throws {
        let cohort = try self.write("bad.csv", "record_id,forename,surname\nP1,Harry,Patel\n")
        let roll = try self.write("roll.csv", "record_id,forename,surname,dob\nS1,Harry,Patel,2014-11-30\n")
        let run = try CMEExecutable.run(
            [
                "trace", "ftt", "--cohort", cohort, "--roll", roll, "--last-year", "2026-07-01", "--database",
                self.database,
            ]
        )
        #expect(run.status == 1)
        #expect(run.stderr.contains("--cohort"))
        #expect(run.stderr.contains("dob"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func theLostPupilQueueWorksFromTheCommandLineAndKeepsTwinsApart() throws {
        // setup: twins on the roll; another LA has lost one of them
        let roll = try self.write(
            "roll.csv",
            """
            record_id,forename,surname,dob,gender,postcode,school_urn
            R1,Amelia,Smith,2014-05-02,F,IP1 2BX,124500
            R2,Olivia,Smith,2014-05-02,F,IP1 2BX,124500
            R3,Harry,Khan,2012-11-03,M,IP4 1AA,124500
            """
        )
        let lost = try self.write(
            "lost.csv",
            """
            record_id,forename,surname,dob,gender,postcode,school_urn
            NFK-7,Olivia,Smith,2014-05-02,F,NR1 1AA,926000
            """
        )
        let created = try CMEExecutable.run(
            ["users", "create", "--email", "officer@la.gov.uk", "--role", "cme_officer", "--database", self.database]
        )
        #expect(created.status == 0, "\(created.stderr)")
        // MUT
        let search = try CMEExecutable.run([
            "trace", "lost-pupils", "--lost", lost, "--roll", roll, "--database", self.database,
        ])
        #expect(search.status == 0, "\(search.stderr)")
        let queue = try CMEExecutable.run(["trace", "queue", "--database", self.database])
        let rows = queue.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        // validate: Olivia pairs with Olivia as a match; her twin is never a match
        let olivia = try #require(rows.first { $0.count > 4 && $0[2] == "R2" })
        #expect(olivia[4] == "match")
        #expect(!rows.contains { $0.count > 4 && $0[2] == "R1" && $0[4] == "match" })
        let decided = try CMEExecutable.run([
            "trace", "decide", olivia[0], "confirm", "--as", "officer@la.gov.uk", "--database", self.database,
        ])
        #expect(decided.status == 0, "\(decided.stderr)")
        let twice = try CMEExecutable.run([
            "trace", "decide", olivia[0], "reject", "--as", "officer@la.gov.uk", "--database", self.database,
        ])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("already confirmed"))
        let again = try CMEExecutable.run([
            "trace", "lost-pupils", "--lost", lost, "--roll", roll, "--database", self.database,
        ])
        #expect(again.stdout.contains("0 new pairs queued"))
        #expect(again.stdout.contains("1 already decided"))
    }
}
