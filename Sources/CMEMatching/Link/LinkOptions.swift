/// Settings for linking; the defaults suit rolls from a few hundred to a few million records.
public struct LinkOptions: Sendable, Equatable {
    /// The score at which a pair is banded `match`.
    public var threshold: Double
    /// The score at which a pair is banded `possible` and reported at all.
    public var possibleThreshold: Double
    /// Blocks larger than this use their refined key instead (see `BlockKind`).
    public var blockCap: Int
    /// Random roll pairs sampled to estimate u.
    public var randomPairs: Int
    /// How many lost records' candidate pairs train m (a seeded sample when there are more).
    public var trainingRecords: Int
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
        maxIterations: Int = 30,
        seed: UInt64 = 20_240_901,
        workers: Int = LinkOptions.availableCores
    ) {
        self.threshold = threshold
        self.possibleThreshold = possibleThreshold
        self.blockCap = blockCap
        self.randomPairs = randomPairs
        self.trainingRecords = trainingRecords
        self.maxIterations = maxIterations
        self.seed = seed
        self.workers = workers
    }

    /// The cores this process may use.
    public static var availableCores: Int { Parallel.cores }
}
