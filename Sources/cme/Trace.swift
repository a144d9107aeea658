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
        subcommands: [LostPupils.self, Queue.self, Decide.self, Wasp.self, FailureToTransfer.self]
    )

    /// Suffolk 11.7: other LAs' lost pupils against the roll and open cases, into the review queue.
    struct LostPupils: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lost-pupils",
            abstract: "Search other LAs' lost pupils against the roll and open cases; new pairs join the review queue."
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        @ArgumentParser.Option(help: "Other LAs' lost pupils (CSV with the columns of cme match).")
        var lost: String

        @ArgumentParser.Option(
            help: "The LA's pupil roll (CSV); repeat for every school (default: the rolls imported)."
        )
        var roll: [String] = []

        func run() async throws {
            let lost = try MatchCommand.read(self.lost, option: "--lost").records
            let roll = try self.roll.flatMap { try MatchCommand.read($0, option: "--roll").records }
            let result = try await withApplication(self.options) { app in
                let roll =
                    roll.isEmpty ? try await app.cme.service.storedRoll(on: app.db, onRollOn: todayInEngland()) : roll
                return try await app.cme.service.lostPupilSearch(
                    lost: lost,
                    roll: roll,
                    by: .system,
                    on: app.db,
                    at: Date()
                )
            }
            print(
                "searched \(result.lost) lost pupils against \(result.searched) of ours: \(result.queued) new pairs queued, "
                    + "\(result.alreadyQueued) already waiting, \(result.alreadyDecided) already decided"
            )
        }
    }

    /// The pairs waiting for a decision.
    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the pairs waiting for a decision: id, lost record, our record or case, score, evidence."
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        func run() async throws {
            try await withApplication(self.options) { app in
                for candidate in try await app.cme.service.pendingCandidates(on: app.db) {
                    let ours =
                        candidate.$case.id.map { "case \($0.uuidString.lowercased())" }
                        ?? (candidate.roll["record_id"] ?? "")
                    print(
                        [
                            candidate.id?.uuidString.lowercased() ?? "", candidate.lost["record_id"] ?? "", ours,
                            String(format: "%.3f", candidate.score), candidate.band, candidate.evidence,
                        ].joined(separator: "\t")
                    )
                }
            }
        }
    }

    /// Confirms or rejects one pair, as a named officer.
    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm or reject a queued pair.")

        @ArgumentParser.OptionGroup var options: ServerOptions

        @ArgumentParser.Argument(help: "The pair's id (from cme trace queue).")
        var id: String

        @ArgumentParser.Argument(help: "confirm or reject.")
        var decision: String

        @ArgumentParser.Option(name: .customLong("as"), help: "The email of the CME officer or team manager deciding.")
        var email: String

        func validate() throws {
            guard ["confirm", "reject"].contains(self.decision) else {
                throw ValidationError("the decision is confirm or reject, not '\(self.decision)'")
            }
            guard UUID(uuidString: self.id) != nil else { throw ValidationError("'\(self.id)' is not a pair id") }
        }

        func run() async throws {
            try await withApplication(self.options) { app in
                guard
                    let user = try await UserModel.query(on: app.db).filter(\.$email == self.email.lowercased())
                        .first(),
                    let role = user.roleValue
                else { throw Failure("--as: no user with email \(self.email.lowercased())") }
                let actor = Actor(
                    userID: user.id,
                    role: role,
                    organisationID: user.$organisation.id,
                    team: user.team,
                    clientAddress: "cli"
                )
                do {
                    try await app.cme.service.decide(
                        candidateID: UUID(uuidString: self.id)!,
                        confirm: self.decision == "confirm",
                        by: actor,
                        on: app.db,
                        at: Date()
                    )
                } catch let error as ServiceError {
                    throw Failure(error.description)
                }
                print("\(self.decision == "confirm" ? "confirmed" : "rejected") \(self.id)")
            }
        }
    }

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

        @ArgumentParser.Option(help: "A school roll (CSV); repeat for every school (default: the rolls imported).")
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
                if known.isEmpty { known = try await app.cme.service.storedRoll(on: app.db, onRollOn: day) }
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

        @ArgumentParser.Option(
            help: "Last year's cohort lists (CSV); repeat for every school (default: the transfer lists imported)."
        )
        var cohort: [String] = []

        @ArgumentParser.Option(
            help: "This September's rolls (CSV); repeat for every school (default: the rolls imported)."
        )
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

        func run() async throws {
            let lastYear = try parseDay(self.lastYear, option: "--last-year")
            var cohort = try self.cohort.flatMap { try MatchCommand.read($0, option: "--cohort").records }
            var rolls = try self.roll.flatMap { try MatchCommand.read($0, option: "--roll").records }
            if cohort.isEmpty || rolls.isEmpty {
                try await withApplication(self.options) { app in
                    let service = app.cme.service
                    if cohort.isEmpty {
                        let year = AcademicYear(containing: lastYear).startYear
                        cohort = try await service.storedTransferCohort(academicYear: year, on: app.db)
                        guard !cohort.isEmpty else {
                            throw Failure(
                                "no --cohort file, and no transfer list imported for \(AcademicYear(startYear: year))"
                            )
                        }
                    }
                    if rolls.isEmpty {
                        rolls = try await service.storedRoll(on: app.db, onRollOn: todayInEngland())
                        guard !rolls.isEmpty else { throw Failure("no --roll file, and no roll imported") }
                    }
                }
            }
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
                let result = try await withApplication(self.options) { app in
                    do {
                        return try await app.cme.service.referFailedToTransfer(
                            untraced,
                            lastYear: lastYear,
                            by: .system,
                            on: app.db,
                            at: Date()
                        )
                    } catch let error as ServiceError {
                        throw Failure("--create-referrals: \(error.description)")
                    }
                }
                for id in result.skipped {
                    FileHandle.standardError.write(Data("\(id): no name or date of birth; not referred\n".utf8))
                }
                summary += "; \(result.opened) referrals opened cases, \(result.attached) attached to known children"
                for line in result.failed {
                    FileHandle.standardError.write(Data("\(line); not referred\n".utf8))
                }
                if !result.failed.isEmpty {
                    FileHandle.standardError.write(Data("\(summary)\n".utf8))
                    throw Failure("--create-referrals: \(result.failed.count) referrals refused (listed above)")
                }
            }
            FileHandle.standardError.write(Data("\(summary)\n".utf8))
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
