import ArgumentParser
import CMECore
import CMEStorage
import CMEWeb
import Foundation

/// `cme report termly --census DATE`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Statutory returns and management reports.",
        subcommands: [Termly.self]
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
}
