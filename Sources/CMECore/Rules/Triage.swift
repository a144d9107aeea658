/// Who an escalation goes to.
public enum EscalationTarget: String, Sendable, Codable, CaseIterable {
    case police
    case childrensSocialCare = "childrens_social_care"
    case cmeTeam = "cme_team"
    case multiAgencyPanel = "multi_agency_panel"
    case complexCasePanel = "complex_case_panel"
    case ewo
    case electiveHomeEducationTeam = "elective_home_education_team"

    public var label: String {
        switch self {
        case .police: "Police"
        case .childrensSocialCare: "Children's social care"
        case .cmeTeam: "CME team"
        case .multiAgencyPanel: "Multi-agency panel"
        case .complexCasePanel: "Complex case panel"
        case .ewo: "Education welfare officer"
        case .electiveHomeEducationTeam: "Elective home education team"
        }
    }
}

/// How soon.
public enum Urgency: String, Sendable, Codable, CaseIterable, Comparable {
    case immediate
    case sameDay = "same_day"
    case routine

    private var rank: Int {
        switch self {
        case .immediate: 0
        case .sameDay: 1
        case .routine: 2
        }
    }

    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rank < rhs.rank }
}

/// A triage rule from the local policy: when any of `whenAny` holds (and all of `whenAll`), recommend contacting
/// `target` with `urgency`.
public struct TriageRule: Hashable, Sendable {
    public var id: String
    public var whenAny: [TriageFact]
    public var whenAll: [TriageFact]
    public var target: EscalationTarget
    public var urgency: Urgency
    public var action: String
    /// The policy section this rule comes from, quoted as "Leicestershire 5.0".
    public var section: String

    public init(
        id: String,
        whenAny: [TriageFact],
        whenAll: [TriageFact] = [],
        target: EscalationTarget,
        urgency: Urgency,
        action: String,
        section: String
    ) {
        self.id = id
        self.whenAny = whenAny
        self.whenAll = whenAll
        self.target = target
        self.urgency = urgency
        self.action = action
        self.section = section
    }

    /// The facts that make this rule fire, or `nil` when it does not.
    public func matches(_ facts: Set<TriageFact>) -> [TriageFact]? {
        guard self.whenAll.allSatisfy(facts.contains) else { return nil }
        if self.whenAny.isEmpty { return self.whenAll }
        let hits = self.whenAny.filter(facts.contains)
        return hits.isEmpty ? nil : hits + self.whenAll
    }
}

/// A recommended escalation. The system recommends; the officer decides and records what was done.
public struct Recommendation: Hashable, Sendable {
    public var ruleID: String
    public var target: EscalationTarget
    public var urgency: Urgency
    public var action: String
    public var section: String
    /// The facts that triggered it.
    public var because: [TriageFact]
}

public enum Triage {
    /// Every recommendation the rules make for `facts`, most urgent first, in policy order within an urgency.
    public static func recommend(_ facts: Set<TriageFact>, rules: [TriageRule]) -> [Recommendation] {
        let hits = rules.enumerated().compactMap { index, rule -> (Int, Recommendation)? in
            guard let because = rule.matches(facts) else { return nil }
            return (
                index,
                Recommendation(
                    ruleID: rule.id,
                    target: rule.target,
                    urgency: rule.urgency,
                    action: rule.action,
                    section: rule.section,
                    because: because
                )
            )
        }
        return hits.sorted { ($0.1.urgency, $0.0) < ($1.1.urgency, $1.0) }.map(\.1)
    }
}
