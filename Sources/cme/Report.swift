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
        subcommands: [Termly.self, Returns.self]
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
}
