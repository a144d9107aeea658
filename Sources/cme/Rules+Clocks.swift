import ArgumentParser
import CMECore

/// `cme rules clocks --policy ID [--event KIND@WHEN ...] [--at WHEN]`.
struct RuleClocksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clocks",
        abstract: "List a policy's clocks, or compute them for a run of events.",
        discussion: """
            Without --event, lists every clock: id, length, owner, section and title. With events \
            (KIND@YYYY-MM-DDTHH:MM, e.g. referral_received@2025-11-14T15:00), prints each started clock's due \
            date and state at --at (default: now in England).
            """
    )

    @OptionGroup var policyDirectory: PolicyDirectoryOption

    @Option(help: "Policy id (see `cme policy list`).")
    var policy: String

    @Option(name: .customLong("event"), help: "An event as KIND@YYYY-MM-DDTHH:MM (repeatable).")
    var events: [String] = []

    @Option(name: .customLong("fact"), help: "A fact about the child, e.g. child_protection_plan (repeatable).")
    var facts: [String] = []

    @Option(help: "Organisation-wide clocks instead of case clocks.")
    var scope: String = "case"

    @Option(help: "Instant to judge at, YYYY-MM-DDTHH:MM (default: now in England).")
    var at: String?

    func run() throws {
        let policy = try self.policyDirectory.load(self.policy)
        guard let scope = ClockScope(rawValue: self.scope) else {
            throw Failure("--scope: unknown value '\(self.scope)'; allowed: case, organisation")
        }
        if self.events.isEmpty {
            for rule in policy.clocks {
                let length = rule.length.description
                print(
                    [rule.id, rule.kind.rawValue, length, rule.owner.rawValue, rule.section, rule.title].joined(
                        separator: "\t"
                    )
                )
            }
            return
        }
        let events = try self.events.map(Self.parseEvent)
        let facts = try parseFacts(self.facts)
        let now = try self.at.map { try parseInstant($0, option: "--at") } ?? localNowInEngland()
        do {
            for status in try policy.clockEngine.evaluate(events: events, facts: Set(facts), scope: scope, at: now) {
                print(
                    [
                        status.rule.id, "due \(status.due)", status.state.rawValue, status.rule.owner.rawValue,
                        status.rule.section,
                    ].joined(separator: "\t")
                )
            }
        } catch {
            throw error.failure
        }
    }

    static func parseEvent(_ text: String) throws -> CaseEvent {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw Failure("--event: '\(text)' is not KIND@YYYY-MM-DDTHH:MM") }
        guard let kind = CaseEventKind(rawValue: parts[0]) else {
            throw Failure(
                "--event: unknown event '\(parts[0])'; allowed: \(CaseEventKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return CaseEvent(kind, at: try parseInstant(parts[1], option: "--event"))
    }
}

/// `cme rules triage --policy ID --fact F ...`: the escalations the policy recommends.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Recommended escalations for a set of facts under a policy (the officer decides)."
    )

    @OptionGroup var policyDirectory: PolicyDirectoryOption

    @Option(help: "Policy id (see `cme policy list`).")
    var policy: String

    @Option(name: .customLong("fact"), help: "A fact, e.g. child_protection_plan (repeatable).")
    var facts: [String] = []

    func run() throws {
        let policy = try self.policyDirectory.load(self.policy)
        let facts = try parseFacts(self.facts)
        let recommendations = policy.recommend(Set(facts))
        if recommendations.isEmpty { print("no escalation recommended") }
        for r in recommendations {
            print([r.urgency.rawValue, r.target.rawValue, r.section, r.action].joined(separator: "\t"))
        }
    }
}

/// `--fact` values as triage facts; an unknown one fails naming the allowed facts.
func parseFacts(_ names: [String]) throws -> [TriageFact] {
    try names.map { name in
        guard let fact = TriageFact(rawValue: name) else {
            let allowed = TriageFact.allCases.map(\.rawValue).joined(separator: ", ")
            throw Failure("--fact: unknown fact '\(name)'; allowed: \(allowed)")
        }
        return fact
    }
}
