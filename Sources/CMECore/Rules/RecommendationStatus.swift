/// Where a recommended escalation stands (issue 17): outstanding until an escalation to its target is recorded (done)
/// or the officer declines it with a reason (declined), naming that event. Derived from the case's events each time
/// it is read, never stored.
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
    /// escalation to its target makes it done, a decline naming its target declined (the later of the two counts).
    /// Once the child is located or their destination confirmed, a recommendation nobody acted on is no longer made
    /// (the child is found); those settled stay, as they were settled.
    public static func settle(
        _ recommendations: [Recommendation],
        events: [CaseEvent]
    ) -> [SettledRecommendation] {
        let found = events.contains { $0.kind == .childLocated || $0.kind == .destinationConfirmed }
        return recommendations.compactMap { recommendation in
            let settling = events.last {
                [.escalated, .recommendationDeclined].contains($0.kind) && $0.target == recommendation.target.rawValue
            }
            if let settling {
                return SettledRecommendation(
                    recommendation: recommendation,
                    status: settling.kind == .escalated ? .done : .declined,
                    settledBy: settling
                )
            }
            return found ? nil : SettledRecommendation(recommendation: recommendation, status: .outstanding)
        }
    }
}
