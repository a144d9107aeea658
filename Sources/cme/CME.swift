import ArgumentParser
import Foundation

/// The `cme` command line: the server, database and user administration, clocks, audit, rules and policies.
@main
struct CME: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cme",
        abstract: "CME Tracker: find, track and bring back into education the children who are missing it.",
        subcommands: [
            Serve.self, Demo.self, Migrate.self, MatchCommand.self, SynthCommand.self, SynthFeedsCommand.self,
            UsersCommand.self,
            ClocksCommand.self, AuditCommand.self, Rules.self, TraceCommand.self, ImportCommand.self,
            ExportCommand.self, ReportCommand.self, SubjectAccessCommand.self, RetentionCommand.self,
            PolicyCommand.self, ChildrenCommand.self, IntakeQualityCommand.self,
        ]
    )

    /// Parse errors exit 2 with argument-parser's message; a bad value inside a command exits 1 with one line.
    static func main() async {
        do {
            var command = try Self.parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let failure as Failure {
            FileHandle.standardError.write(Data("cme: \(failure.reason)\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = Self.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data("\(Self.fullMessage(for: error))\n".utf8))
                Foundation.exit(2)
            }
            Self.exit(withError: error)
        }
    }
}

/// A reason a command could not do what was asked, printed as one line; exit status 1.
struct Failure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
