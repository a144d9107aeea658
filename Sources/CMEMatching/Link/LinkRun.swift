/// What one linking run produced.
public struct LinkRun: Sendable {
    /// The reported pairs, as `Linker.link` returns them.
    public var matches: [Match]
    /// The parameters estimated from the two files.
    public var model: MatchModel
    /// Pairs compared after blocking.
    public var candidatePairs: Int
    /// Keys in the roll's block index.
    public var blockingKeys: Int
    /// Wall time of each stage, in order: prepare, index, estimate u, estimate m, score.
    public var stages: [LinkStage]
}

/// One stage of a linking run and how long it took.
public struct LinkStage: Sendable, Equatable {
    /// `prepare`, `index`, `estimate u`, `estimate m` or `score`.
    public var name: String
    /// Wall-clock seconds.
    public var seconds: Double
}

/// Times consecutive stages.
struct StageTimer {
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant
    private(set) var stages: [LinkStage] = []

    init() {
        self.last = self.clock.now
    }

    mutating func lap(_ name: String) {
        let now = self.clock.now
        let elapsed = now - self.last
        self.stages.append(
            LinkStage(
                name: name,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            )
        )
        self.last = now
    }
}
