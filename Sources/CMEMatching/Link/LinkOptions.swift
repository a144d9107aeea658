/// Settings for linking; the defaults suit rolls from a few hundred to a few million records.
public struct LinkOptions: Sendable, Equatable {
    /// The score at which a pair is banded `match`.
    public var threshold: Double
    /// The score at which a pair is banded `possible` and reported at all.
    public var possibleThreshold: Double
    /// Blocks larger than this use their refined key instead (see `BlockKind`). 200 for whole files: at a million
    /// roll records it halves the pairs compared against 400, for a tenth of a point of F1 (BENCHMARKS.md).
    public var blockCap: Int
    /// The block cap when one record is checked at a time (`LinkIndex`, the intake duplicate check): a single
    /// query can afford the larger blocks, so no candidate is given up for speed.
    public static let singleQueryBlockCap = 400
    /// Random roll pairs sampled to estimate u.
    public var randomPairs: Int
    /// How many lost records' candidate pairs train m (a seeded sample when there are more).
    public var trainingRecords: Int
    /// How many of each training record's candidates (the best by the starting model) train m.
    public var trainingCandidates: Int
    /// The most expectation-maximisation iterations.
    public var maxIterations: Int
    /// Seeds every random choice, so the same input always gives the same output.
    public var seed: UInt64
    /// Concurrent tasks; defaults to the cores available.
    public var workers: Int

    /// Options with the defaults; set any of them.
    public init(
        threshold: Double = 0.9,
        possibleThreshold: Double = 0.5,
        blockCap: Int = 200,
        randomPairs: Int = 300_000,
        trainingRecords: Int = 5_000,
        trainingCandidates: Int = 10,
        maxIterations: Int = 30,
        seed: UInt64 = 20_240_901,
        workers: Int = LinkOptions.availableCores
    ) {
        self.threshold = threshold
        self.possibleThreshold = possibleThreshold
        self.blockCap = blockCap
        self.randomPairs = randomPairs
        self.trainingRecords = trainingRecords
        self.trainingCandidates = trainingCandidates
        self.maxIterations = maxIterations
        self.seed = seed
        self.workers = workers
    }

    /// The cores this process may use.
    public static var availableCores: Int { Parallel.cores }
}
