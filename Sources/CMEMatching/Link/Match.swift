/// How sure a scored pair is.
public enum MatchBand: String, Sendable, Hashable, CaseIterable {
    /// At or above the match threshold (0.9 unless set): the same child.
    case match
    /// At or above 0.5: worth a person's look.
    case possible
    /// Below 0.5.
    case nonMatch = "non-match"

    /// The band of `score` for a match `threshold`; "possible" starts at 0.5 or at the threshold if that is lower.
    public static func of(score: Double, threshold: Double) -> MatchBand {
        if score >= threshold { return .match }
        if score >= min(0.5, threshold) { return .possible }
        return .nonMatch
    }
}

/// One compared field of a scored pair: how it compared and the weight (log2 Bayes factor) that added.
public struct FieldEvidence: Sendable, Hashable, CustomStringConvertible {
    /// `forename`, `surname`, `dob`, `upn`, `address`, `postcode`, `gender` or `names`.
    public var field: String
    /// How the field compared: `exact`, `nickname`, `day/month swap`, `jw 0.96`, `district`, ...
    public var outcome: String
    /// Log2 of how much likelier this outcome is for the same child than for two different children.
    public var weight: Double

    /// Evidence for one field.
    public init(field: String, outcome: String, weight: Double) {
        self.field = field
        self.outcome = outcome
        self.weight = weight
    }

    /// `dob=day/month swap (+7.9)`.
    public var description: String {
        let rounded = (self.weight * 10).rounded() / 10
        let sign = rounded >= 0 ? "+" : "-"
        return "\(self.field)=\(self.outcome) (\(sign)\(abs(rounded)))"
    }
}

/// A lost record paired with a roll record: the match probability, its band and why.
public struct Match: Sendable, Hashable {
    /// The `record_id` of the lost (or query) record.
    public var lostID: String
    /// The `record_id` of the roll (or index) record.
    public var rollID: String
    /// The probability, 0 to 1, that both records are the same child.
    public var score: Double
    /// The band of `score` against the threshold used.
    public var band: MatchBand
    /// Every compared field, in a fixed order; fields missing on either side are left out.
    public var evidence: [FieldEvidence]
    /// The total weight including the prior: `score` is `1 / (1 + 2^-matchWeight)`.
    public var matchWeight: Double

    /// A scored pair.
    public init(
        lostID: String,
        rollID: String,
        score: Double,
        band: MatchBand,
        evidence: [FieldEvidence],
        matchWeight: Double
    ) {
        self.lostID = lostID
        self.rollID = rollID
        self.score = score
        self.band = band
        self.evidence = evidence
        self.matchWeight = matchWeight
    }

    /// The evidence as one readable line: `forename=nickname (+5.1); surname=exact (+9.3); dob=day/month swap (+7.9)`.
    public var summary: String {
        self.evidence.map(\.description).joined(separator: "; ")
    }
}
