import ArgumentParser

/// `cme rules ...`: answers to rule questions, from the core and a policy file.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Answer rule questions: school age, UPNs, school days, clocks, triage.",
        subcommands: [
            SchoolAgeCommand.self, UPNCommand.self, SchoolDaysCommand.self, RuleClocksCommand.self, TriageCommand.self,
        ]
    )
}
