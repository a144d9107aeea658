import ArgumentParser
import CMECore
import CMEMatching
import CMEStorage
import CMEWeb
import Fluent
import Foundation
import Vapor

/// `cme trace wasp|ftt`: the searches for children nobody has (issue 5, uses 3 and 4).
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Search for children without a school place, and for children who failed to transfer.",
        subcommands: [Wasp.self, FailureToTransfer.self]
    )

    /// Leicestershire 8.1 ii: a population list against every roll and open case.
    struct Wasp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wasp",
            abstract: "Children on a population list (health, housing) found on no school roll and in no open case.",
            discussion: """
                Prints, or writes with --out, one CSV row per child of compulsory school age on --on who matches \
                nothing: record_id, forename, surname, dob, nc_year, postcode, school_urn, and the nearest record \
                that scored "possible" (nearest_id, nearest_score, nearest_evidence) for a person to check.
                """
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        @ArgumentParser.Option(help: "The population list (CSV with the columns of cme match).")
        var population: String

        @ArgumentParser.Option(help: "A school roll (CSV); repeat for every school.")
        var roll: [String] = []

        @ArgumentParser.Option(help: "The report date (YYYY-MM-DD; default today in England).")
        var on: String?

        @ArgumentParser.Option(help: "Probability at or above which a child counts as found (0-1).")
        var threshold: Double = 0.9

        @ArgumentParser.Option(help: "Write the report here instead of standard output.")
        var out: String?

        func run() async throws {
            let day = try self.on.map { try parseDay($0, option: "--on") } ?? todayInEngland()
            let people = try MatchCommand.read(self.population, option: "--population").records
            var known = try self.roll.flatMap { try MatchCommand.read($0, option: "--roll").records }
            try await withApplication(self.options) { app in
                known += try await app.cme.service.openCaseRecords(on: app.db).map(\.record)
            }
            let untraced = TracingReports.untraced(
                people,
                against: known,
                threshold: self.threshold,
                compulsorySchoolAgeOn: day
            )
            try write(TracingReports.csv(untraced), to: self.out)
            FileHandle.standardError.write(
                Data(
                    "\(people.count) people against \(known.count) roll records and open cases: \(untraced.count) of compulsory school age found nowhere\n"
                        .utf8
                )
            )
        }
    }

    /// Suffolk 8.1: last year's Nursery, Year 4, 6 and 8 cohorts against this September's rolls.
    struct FailureToTransfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ftt",
            abstract: "Last year's Nursery, Year 4, 6 and 8 children on none of this September's rolls.",
            discussion: """
                Reports the untraced children as CSV (as cme trace wasp does). With --create-referrals each becomes a \
                CME referral with reason FTT; a child already known attaches to their open case instead.
                """
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        @ArgumentParser.Option(help: "Last year's cohort lists (CSV); repeat for every school.")
        var cohort: [String] = []

        @ArgumentParser.Option(help: "This September's rolls (CSV); repeat for every school.")
        var roll: [String] = []

        @ArgumentParser.Option(
            help: "A day of last school year on which the cohorts' year groups are taken (YYYY-MM-DD)."
        )
        var lastYear: String

        @ArgumentParser.Option(help: "Probability at or above which a child counts as found (0-1).")
        var threshold: Double = 0.9

        @ArgumentParser.Flag(help: "Make a CME referral (reason FTT) for each untraced child.")
        var createReferrals = false

        @ArgumentParser.Option(help: "Write the report here instead of standard output.")
        var out: String?

        func validate() throws {
            guard !self.cohort.isEmpty else { throw ValidationError("give at least one --cohort file") }
            guard !self.roll.isEmpty else { throw ValidationError("give at least one --roll file") }
        }

        func run() async throws {
            let lastYear = try parseDay(self.lastYear, option: "--last-year")
            let cohort = try self.cohort.flatMap { try MatchCommand.read($0, option: "--cohort").records }
            let rolls = try self.roll.flatMap { try MatchCommand.read($0, option: "--roll").records }
            let untraced = TracingReports.failedToTransfer(
                cohort: cohort,
                rolls: rolls,
                lastYear: lastYear,
                threshold: self.threshold
            )
            try write(TracingReports.csv(untraced), to: self.out)
            var summary =
                "\(cohort.count) cohort records against \(rolls.count) roll records: \(untraced.count) failed to transfer"
            if self.createReferrals {
                let (created, attached) = try await withApplication(self.options) { app in
                    try await Self.refer(untraced, lastYear: lastYear, app: app)
                }
                summary += "; \(created) referrals opened cases, \(attached) attached to known children"
            }
            FileHandle.standardError.write(Data("\(summary)\n".utf8))
        }

        static func refer(
            _ untraced: [TracingReports.Untraced],
            lastYear: Day,
            app: Application
        ) async throws -> (Int, Int) {
            let service = app.cme.service
            guard service.policy.codes.reasons.contains(where: { $0.code == "FTT" }) else {
                throw Failure("--create-referrals: policy \(service.policy.id) has no reason code FTT")
            }
            var created = 0
            var attached = 0
            for row in untraced {
                let r = row.record
                guard let forename = r.forename, let surname = r.surname, let dob = r.dateOfBirth else {
                    FileHandle.standardError.write(Data("\(r.recordID): no name or date of birth; not referred\n".utf8))
                    continue
                }
                var child = Child(forename: forename, surname: surname, dateOfBirth: dob)
                child.upn = r.upn.flatMap { try? UPN($0) }
                child.gender = r.gender.flatMap { Gender(rawValue: String($0.prefix(1)).uppercased()) } ?? .notKnown
                if r.address != nil || r.postcode != nil {
                    child.addresses = [
                        AddressRecord(
                            address: Address(lines: r.address.map { [$0] } ?? [], postcode: r.postcode),
                            kind: .lastKnown
                        )
                    ]
                }
                if let urn = r.schoolURN { child.schools = [SchoolEnrolment(urn: urn, name: "School \(urn)")] }
                let year = row.ncYear.flatMap(SchoolAge.ncYearLabel) ?? "a transfer year"
                let referral = Referral(
                    child: child,
                    reason: "FTT",
                    additionalInformation:
                        "Failure to transfer (Suffolk 8.1): in \(year) at URN \(r.schoolURN ?? "not given") on \(lastYear), on none of this September's rolls. Cohort record \(r.recordID)."
                )
                let result = try await service.intake(referral, by: .system, on: app.db, at: Date())
                if result.attached { attached += 1 } else { created += 1 }
            }
            return (created, attached)
        }
    }
}

/// Writes `text` to `path`, or to standard output.
func write(_ text: String, to path: String?) throws {
    guard let path else {
        print(text, terminator: "")
        return
    }
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw Failure("--out: cannot write \(path)")
    }
}
