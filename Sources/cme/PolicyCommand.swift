import ArgumentParser
import CMECore
import CMEPolicyFiles
import Foundation

/// `cme policy list|show|check`.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "List, show and check local policy files.",
        subcommands: [List.self, Show.self, Check.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print each policy id, one per line.")
        @OptionGroup var policyDirectory: PolicyDirectoryOption

        func run() throws {
            do {
                for policy in try PolicyFiles.loadAll(directory: try self.policyDirectory.directory()) {
                    print(policy.id)
                }
            } catch let error as PolicyFileError {
                throw Failure(error.description)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Summarise one policy: codes, clocks, triage, terms.")
        @OptionGroup var policyDirectory: PolicyDirectoryOption
        @Argument(help: "Policy id.") var id: String

        func run() throws {
            print(PolicySummary(try self.policyDirectory.load(self.id)).text)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a policy file (exit 0 when it loads).")
        @Argument(help: "Path to a policy YAML file.") var file: String

        func run() throws {
            do {
                let policy = try PolicyFiles.load(file: URL(fileURLWithPath: self.file))
                let years = policy.calendar.years.map { "\($0.year)\($0.exampleDates ? " (example dates)" : "")" }
                print(
                    "\(self.file): ok: \(policy.id) (\(policy.name)), \(policy.clocks.count) clocks, \(policy.triage.count) triage rules, term dates \(years.joined(separator: ", "))"
                )
            } catch let error as PolicyFileError {
                throw Failure(error.description)
            }
        }
    }
}

/// A plain-text summary of a policy.
struct PolicySummary {
    var text: String

    init(_ policy: Policy) {
        var lines: [String] = []
        lines.append("\(policy.id): \(policy.name) (\(policy.kind.rawValue), procedures of \(policy.localAuthority))")
        lines.append("source: \(policy.source.document), \(policy.source.version)")
        let c = policy.classification
        lines.append("")
        lines.append("classification")
        lines.append("  CME definition: \(c.definitionSection); not CME: \(c.notCMESection)")
        lines.append("  WASP after \(c.waspThreshold.description) without a place (\(c.waspThresholdSection))")
        for e in c.waspExceptions { lines.append("  exception: \(e.condition.rawValue) -> \(e.route) (\(e.section))") }
        lines.append("")
        lines.append("codes")
        for list in CodeList.allCases {
            lines.append("  \(list.rawValue)s: \(policy.codes[list].map(\.code).joined(separator: " "))")
        }
        lines.append("")
        lines.append("clocks")
        for rule in policy.clocks {
            let kind = rule.kind == .earliest ? "not before" : "within"
            lines.append(
                "  \(rule.id): \(kind) \(rule.length.description) of \(rule.startsOn.rawValue), owner \(rule.owner.rawValue) (\(rule.section))"
            )
        }
        lines.append("")
        lines.append("triage")
        for rule in policy.triage {
            let facts = (rule.whenAny.map(\.rawValue) + rule.whenAll.map { "+\($0.rawValue)" }).joined(separator: ", ")
            lines.append(
                "  \(rule.id): \(rule.urgency.rawValue) -> \(rule.target.rawValue) when \(facts) (\(rule.section))"
            )
        }
        lines.append("")
        lines.append(
            "restricted addresses visible to: \(policy.restrictedAddressViewers.sorted().map(\.rawValue).joined(separator: ", "))"
        )
        lines.append("")
        lines.append("term dates")
        for year in policy.calendar.years {
            lines.append("  \(year.year)\(year.exampleDates ? " (example dates: replace with the LA's own)" : "")")
            for term in year.terms {
                let half = term.halfTerm.map { ", half term \($0.first) to \($0.last)" } ?? ""
                lines.append("    \(term.name): \(term.start) to \(term.end)\(half)")
            }
            if !year.insetDays.isEmpty {
                lines.append("    INSET: \(year.insetDays.map(\.description).joined(separator: ", "))")
            }
        }
        self.text = lines.joined(separator: "\n")
    }
}
