/// Fellegi-Sunter parameters for pupil records: per field and level, the probability of that outcome for two records
/// of the same child (m) and of two different children (u), and the prior probability that a random pair is a match.
///
/// `Linker` estimates all of these from the data it is given: u from random pairs of roll records, the household u
/// from pairs of roll records in one household (siblings), m and the prior by expectation maximisation over the
/// blocked candidate pairs. The defaults here only seed that, and stand in for populations too small to estimate from.
public struct MatchModel: Sendable, Equatable {
    /// m[field][level].
    var m: [[Double]]
    /// u[field][level] for two children chosen at random.
    var u: [[Double]]
    /// u for the personal fields of two different children in one household (same surname and home), so that
    /// siblings and twins are not mistaken for one child.
    var uHousehold: [[Double]]
    /// For two different children with the same surname and full postcode: how often their location compares at
    /// each level (only `sameAddress` and `postcode` are used).
    var householdLocation: [Double]
    /// The prior probability that one lost record and one roll record are the same child.
    public internal(set) var prior: Double
    /// Expectation-maximisation iterations run (0 when m was not estimated).
    public internal(set) var iterations = 0
    /// How many candidate pairs m was estimated from.
    public internal(set) var trainingPairs = 0

    /// Starting values, used as they are only for populations too small to learn from.
    public static let defaults = MatchModel(
        m: [
            // forename: exact, variant, phonetic, jw 0.92, jw 0.85, different
            [0.84, 0.07, 0.02, 0.03, 0.015, 0.025],
            // surname: exact, alias, variant, phonetic, jw 0.92, jw 0.85, different
            [0.84, 0.05, 0.02, 0.02, 0.03, 0.01, 0.03],
            // dob: exact, swapped, one day off, one digit off, year only, different
            [0.90, 0.025, 0.015, 0.03, 0.01, 0.02],
            // upn: exact, exact temporary, different, different temporary
            [0.86, 0.02, 0.03, 0.09],
            // location: same address, postcode, similar address, sector, district, different
            [0.45, 0.05, 0.03, 0.04, 0.06, 0.37],
            // gender: same, different
            [0.99, 0.01],
            // order: straight, transposed
            [0.99, 0.01],
        ],
        u: [
            [0.006, 0.002, 0.01, 0.006, 0.03, 0.946],
            [0.003, 0.0005, 0.001, 0.006, 0.003, 0.02, 0.9665],
            [0.0002, 0.0002, 0.0004, 0.003, 0.07, 0.9262],
            [0.000_001, 0.000_01, 0.9, 0.099_989],
            [0.000_001, 0.000_02, 0.000_02, 0.0005, 0.004, 0.995_459],
            [0.5, 0.5],
            [1, 1],
        ],
        uHousehold: [
            [0.002, 0.004, 0.012, 0.012, 0.04, 0.93],
            [0.003, 0.0005, 0.001, 0.006, 0.003, 0.02, 0.9665],
            [0.03, 0.001, 0.001, 0.01, 0.2, 0.758],
            [0.000_001, 0.000_01, 0.9, 0.099_989],
            [0.000_001, 0.000_02, 0.000_02, 0.0005, 0.004, 0.995_459],
            [0.5, 0.5],
            [1, 1],
        ],
        householdLocation: [0.85, 0.15, 0, 0, 0, 0],
        prior: 0.0001
    )
}
