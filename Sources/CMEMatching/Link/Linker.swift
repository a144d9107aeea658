/// Links lost records to a roll: blocking, comparison, Fellegi-Sunter scoring with parameters estimated from the two
/// files themselves, and an explanation for every pair (Suffolk 11.7: other LAs' lost pupils against our roll).
public struct Linker: Sendable {
    /// How linking blocks, estimates and reports.
    public var options: LinkOptions

    /// A linker with `options`.
    public init(options: LinkOptions = LinkOptions()) {
        self.options = options
    }

    /// Pairs scoring at least "possible" (0.5, or `threshold` if lower), banded against `threshold`; with `bestOnly`,
    /// at most the best pair per lost record. Ordered by lost record (input order), then score, then roll order.
    public func link(
        roll: [PupilRecord],
        lost: [PupilRecord],
        threshold: Double = 0.9,
        bestOnly: Bool = false
    )
        -> [Match]
    {
        self.run(roll: roll, lost: lost, threshold: threshold, bestOnly: bestOnly).matches
    }

    /// Checks one record against a prebuilt index (the intake duplicate check): its best candidate, whatever band.
    public static func bestMatch(for record: PupilRecord, in index: LinkIndex) -> Match? {
        index.bestMatch(for: record)
    }

    /// `link`, also returning the estimated model and how much work blocking left.
    public func run(
        roll: [PupilRecord],
        lost: [PupilRecord],
        threshold: Double = 0.9,
        bestOnly: Bool = false
    )
        -> LinkRun
    {
        let workers = max(1, self.options.workers)
        return self.run(
            roll: LinkInput(roll, workers: workers),
            lost: LinkInput(lost, workers: workers),
            threshold: threshold,
            bestOnly: bestOnly
        )
    }

    /// `run` on records already prepared (`PupilCSV.readForLinking` reads a file straight into them).
    public func run(
        roll: LinkInput,
        lost: LinkInput,
        threshold: Double = 0.9,
        bestOnly: Bool = false
    )
        -> LinkRun
    {
        let workers = max(1, self.options.workers)
        var timer = StageTimer()
        let store = RecordStore([roll, lost])
        let rollRange = 0..<roll.count
        let lostRange = roll.count..<(roll.count + lost.count)
        timer.lap("prepare")
        let blocks = BlockIndex(store: store, range: rollRange, cap: self.options.blockCap, workers: workers)
        timer.lap("index")

        var model = MatchModel.defaults
        model.prior = min(0.5, 0.8 / Double(max(roll.count, 1)))
        model.estimateU(
            store: store,
            roll: rollRange,
            against: lost.count == 0 ? nil : lostRange,
            samples: self.options.randomPairs,
            seed: self.options.seed,
            workers: workers
        )
        timer.lap("estimate u")
        let training = self.trainingSample(lostRange)
        let (pairs, alreadyCompared) = Self.trainingPairs(
            training,
            store: store,
            blocks: blocks,
            scorer: Scorer(model: model),
            perRecord: self.options.trainingCandidates,
            workers: workers
        )
        model.estimateM(
            pairs: pairs,
            pairSpace: Double(roll.count) * Double(training.count),
            maxIterations: self.options.maxIterations
        )
        timer.lap("estimate m")

        let scorer = Scorer(model: model)
        let floor = min(self.options.possibleThreshold, threshold)
        let chunks = Parallel.chunks(count: lost.count, workers: workers)
        let scored = Parallel.map(chunks.count, workers: workers) { chunk in
            var matches: [Match] = []
            var compared = 0
            for offset in chunks[chunk] {
                let k = lostRange.lowerBound + offset
                let found = Self.score(
                    k,
                    store: store,
                    blocks: blocks,
                    scorer: scorer,
                    floor: floor,
                    threshold: threshold,
                    bestOnly: bestOnly,
                    compared: alreadyCompared[k]
                )
                matches.append(contentsOf: found.matches)
                compared += found.compared
            }
            return (matches, compared)
        }
        let matches = scored.flatMap(\.0)
        timer.lap("score")
        return LinkRun(
            matches: matches,
            model: model,
            candidatePairs: scored.reduce(0) { $0 + $1.1 },
            blockingKeys: blocks.keyCount,
            stages: timer.stages
        )
    }
}
