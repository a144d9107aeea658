import ArgumentParser
import CMEStorage
import CMEWeb
import Foundation

/// `cme sar --child ID --out DIR`: a subject access export (UK GDPR Art. 15) as a readable HTML file and a JSON file.
struct SubjectAccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sar",
        abstract: "Write everything held about a child, and who has seen and changed it, as HTML and JSON files."
    )

    @OptionGroup var options: ServerOptions

    @Option(help: "The child's record id (as the audit trail and the case page show it).")
    var child: String

    @Option(help: "The folder to write subject-access-ID.html and subject-access-ID.json into (created if missing).")
    var out: String

    func run() async throws {
        guard let id = UUID(uuidString: self.child) else { throw Failure("--child: '\(self.child)' is not a child id") }
        let folder = URL(fileURLWithPath: self.out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure("--out: cannot create \(self.out): \(describe(error))")
        }
        try await withApplication(self.options) { app in
            let service = app.cme.service
            let record: SubjectAccessRecord
            do {
                record = try await service.subjectAccess(childID: id, for: .system, on: app.db, at: Date())
            } catch ServiceError.notFound {
                throw Failure("--child: no child with id \(self.child)")
            }
            let name = "subject-access-\(id.uuidString.lowercased())"
            let html = folder.appendingPathComponent("\(name).html")
            let json = folder.appendingPathComponent("\(name).json")
            do {
                try Data(SubjectAccessView.html(record, time: service.time).utf8).write(to: html)
                try record.json.write(to: json)
            } catch {
                throw Failure("--out: cannot write into \(self.out): \(describe(error))")
            }
            print(html.path)
            print(json.path)
        }
    }
}

/// `cme retention run [--dry-run]`: dispose of what the policy's retention rules say is due (UK GDPR Art. 5(1)(e)).
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Dispose of records past the policy's retention rules.",
        subcommands: [Run.self]
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete each child record and feed row that is due, each in a transaction with its audit row."
        )

        @OptionGroup var options: ServerOptions

        @Flag(help: "Say what is due without changing anything.")
        var dryRun = false

        func run() async throws {
            try await withApplication(self.options) { app in
                let service = app.cme.service
                let report = try await service.runRetention(by: .system, dryRun: self.dryRun, on: app.db, at: Date())
                let verb = self.dryRun ? "due" : "disposed of"
                print("children \(verb): \(report.children.count) (\(service.policy.retention.childRule))")
                for child in report.children { print("  child \(child.id.uuidString.lowercased()) due \(child.due)") }
                for (table, count) in report.feedRows.sorted(by: { $0.key < $1.key }) {
                    print("\(table) rows \(verb): \(count) (\(service.policy.retention.feedRule))")
                }
            }
        }
    }
}
