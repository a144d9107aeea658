import ArgumentParser
import CMECore
import CMEInterop
import CMEMatching
import CMEStorage
import CMEWeb
import Foundation

/// `cme report termly --census DATE`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Statutory returns and management reports.",
        subcommands: [Termly.self, Monthly.self, Quarterly.self, Annual.self, OpenCases.self, Returns.self]
    )

    struct Termly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The DfE termly children-missing-education return for a census date (CSV, with the cases behind each figure)."
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        @ArgumentParser.Option(help: "The census date (YYYY-MM-DD).")
        var census: String

        func run() async throws {
            let census = try parseDay(self.census, option: "--census")
            let text = try await withApplication(self.options) { app in
                TermlyReturn.compute(
                    try await TermlyReturn.rows(on: app.db, time: app.cme.service.time),
                    census: census
                ).csv
            }
            print(text, terminator: "")
        }
    }

    /// `cme report returns [--on DATE]`: the chase list of schools owing leaver and joiner returns.
    struct Returns: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schools whose CML/CMJ returns are overdue: 5 school days after a pupil left or joined (CSV).",
            discussion: """
                One row per pupil owed a return, schools with the oldest overdue return first: school_urn, school, \
                return (CML or CMJ), upn, name, dob, the day the pupil left or joined, and the day the return was due. \
                Derbyshire 5.3 (CML before removal), 5.4 (CMJ within 5 days), Suffolk 9.6 (within 5 days).
                """
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        @ArgumentParser.Option(help: "The day to chase on (YYYY-MM-DD; default today in England).")
        var on: String?

        func run() async throws {
            let day = try self.on.map { try parseDay($0, option: "--on") } ?? todayInEngland()
            let chase = try await withApplication(self.options) { app in
                try await app.cme.service.returnsChaseList(on: app.db, today: day)
            }
            var lines = ["school_urn,school,return,upn,name,dob,left_or_joined,due"]
            for school in chase {
                for missing in school.missing {
                    lines.append(
                        CSVWriter.row([
                            school.schoolURN, school.schoolName ?? "", missing.kind.rawValue, missing.upn ?? "",
                            missing.name, missing.dob, missing.day.description, missing.due.description,
                        ])
                    )
                }
            }
            print(lines.joined(separator: "\n"))
            FileHandle.standardError.write(
                Data(
                    "\(chase.count) school\(chase.count == 1 ? "" : "s") owing \(chase.map(\.missing.count).reduce(0, +)) return(s) on \(day)\n"
                        .utf8
                )
            )
        }
    }

    struct Monthly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The monthly snapshot (Leicestershire 8.3), kept in the database as the month's record."
        )
        @ArgumentParser.OptionGroup var report: ManagementReportOptions
        func run() async throws { try await self.report.run(.monthly) }
    }

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The quarterly management report (Leicestershire 9.0)."
        )
        @ArgumentParser.OptionGroup var report: ManagementReportOptions
        func run() async throws { try await self.report.run(.quarterly) }
    }

    struct Annual: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The annual report for an academic year (Suffolk 4.2)."
        )
        @ArgumentParser.OptionGroup var report: ManagementReportOptions
        func run() async throws { try await self.report.run(.annual) }
    }

    struct OpenCases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open-cases",
            abstract: "Every case open at the end of an academic year (Suffolk 10.11)."
        )
        @ArgumentParser.OptionGroup var report: ManagementReportOptions
        func run() async throws { try await self.report.run(.openCases) }
    }
}

/// What the management reports take: the period, the format, where to write.
struct ManagementReportOptions: ParsableArguments {
    @ArgumentParser.OptionGroup var options: ServerOptions

    @ArgumentParser.Option(
        help:
            "The period: YYYY-MM (monthly), YYYY-Qn (quarterly), YYYY for the academic year starting that September (annual, open-cases). Default: the last one ended."
    )
    var period: String?

    @ArgumentParser.Option(help: "csv or html.")
    var format: String = "csv"

    @ArgumentParser.Option(help: "Write the report here instead of standard output.")
    var out: String?

    @ArgumentParser.Flag(
        help: "Monthly: keep today's figures as a corrected record beside the month's kept one, when they differ."
    )
    var keepCorrection = false

    func validate() throws {
        guard ["csv", "html"].contains(self.format) else {
            throw ValidationError("--format: '\(self.format)' is not csv or html")
        }
    }

    func run(_ kind: ManagementReport.Kind) async throws {
        let today = todayInEngland()
        guard let period = ManagementReport.Period.named(kind, self.period, today: today) else {
            throw Failure("--period: '\(self.period ?? "")' is not \(Self.expected(kind))")
        }
        let text = try await withApplication(self.options) { app in
            let service = app.cme.service
            let (rows, clocks) = try await ManagementReport.gather(on: app.db, time: service.time)
            var report = ManagementReport.compute(rows, clocks: clocks, period: period)
            // A finished month: its kept record (Leicestershire 8.3), kept now if nobody has yet; today's figures
            // become a corrected record beside it only when asked (issue 17).
            if kind == .monthly, period.last < today {
                let live = report
                var record = try await live.kept(on: app.db)
                if record == nil { record = try await live.keep(on: app.db, at: Date()) }
                if let kept = record, kept.csv != live.csv {
                    if self.keepCorrection {
                        record = try await live.keep(on: app.db, at: Date())
                    } else {
                        FileHandle.standardError.write(
                            Data(
                                "cme: the figures have changed since the record was kept (revision \(kept.revision)); --keep-correction keeps today's beside it\n"
                                    .utf8
                            )
                        )
                    }
                }
                if let record { report = record.report }
            }
            return self.format == "html"
                ? ReportDocuments.html(report, authority: service.policy.localAuthority) : report.csv
        }
        try write(text, to: self.out)
    }

    static func expected(_ kind: ManagementReport.Kind) -> String {
        switch kind {
        case .monthly: "a month, YYYY-MM"
        case .quarterly: "a quarter, YYYY-Qn"
        case .annual, .openCases: "an academic year by its first year, YYYY"
        }
    }
}
