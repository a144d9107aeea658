/// Where a recommended escalation stands (issue 17): outstanding until an escalation to its target is recorded,
/// then done, naming that event. Derived from the case's events each time it is read, never stored.
public enum RecommendationStatus: String, Sendable, Codable, CaseIterable {
    case outstanding
    case done
    case declined

    public var label: String {
        switch self {
        case .outstanding: "Outstanding"
        case .done: "Done"
        case .declined: "Declined"
        }
    }
}

/// A recommendation with its status and the event that settled it.
public struct SettledRecommendation: Hashable, Sendable {
    public var recommendation: Recommendation
    public var status: RecommendationStatus
    public var settledBy: CaseEvent?

    /// The recommendations for `facts` under `rules`, each settled by the events of the case's current episode: an
    /// escalation to its target makes it done. Once the child is located or their destination confirmed, a
    /// recommendation nobody acted on is no longer made (the child is found); those acted on stay, as done.
    public static func settle(
        _ recommendations: [Recommendation],
        events: [CaseEvent]
    ) -> [SettledRecommendation] {
        let found = events.contains { $0.kind == .childLocated || $0.kind == .destinationConfirmed }
        return recommendations.compactMap { recommendation in
            let escalation = events.last { $0.kind == .escalated && $0.target == recommendation.target.rawValue }
            if let escalation {
                return SettledRecommendation(recommendation: recommendation, status: .done, settledBy: escalation)
            }
            return found ? nil : SettledRecommendation(recommendation: recommendation, status: .outstanding)
        }
    }
}
