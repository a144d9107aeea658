/// A prebuilt index of records for checking one record at a time: the intake duplicate check (Suffolk 9.5), one
/// referral against the whole child index in well under a millisecond.
public struct LinkIndex: Sendable {
    let store: RecordStore
    let blocks: BlockIndex
    let scorer: Scorer
    /// The match threshold the bands of `bestMatch` use.
    public let threshold: Double

    /// Indexes `records`. u is estimated from the records themselves; m comes from `model` (for example the one a
    /// `Linker.run` estimated) or from the defaults. The prior assumes a query is one of the indexed children with
    /// probability `expectedMatchesPerQuery`.
    public init(
        records: [PupilRecord],
        model: MatchModel? = nil,
        expectedMatchesPerQuery: Double = 0.5,
        options: LinkOptions = LinkOptions(blockCap: LinkOptions.singleQueryBlockCap)
    ) {
        let workers = max(1, options.workers)
        let store = RecordStore(records, workers: workers)
        var estimated = model ?? .defaults
        estimated.estimateU(
            store: store,
            roll: 0..<records.count,
            samples: options.randomPairs,
            seed: options.seed,
            workers: workers
        )
        estimated.prior = min(0.5, max(expectedMatchesPerQuery, 1e-6) / Double(max(records.count, 1)))
        self.store = store
        self.blocks = BlockIndex(store: store, range: 0..<records.count, cap: options.blockCap, workers: workers)
        self.scorer = Scorer(model: estimated)
        self.threshold = options.threshold
    }

    /// How many records the index holds.
    public var count: Int { self.store.count }

    /// The model the index scores with.
    public var model: MatchModel { self.scorer.model }

    /// The best-scoring indexed record for `record`, in whatever band; nil when blocking finds no candidate at all.
    public func bestMatch(for record: PupilRecord) -> Match? {
        let (a, aNames, scored) = self.score(record, minimumScore: 0)
        guard let best = scored.first else { return nil }
        return self.match(a, aNames, record.recordID, best.index)
    }

    /// Every candidate scoring at least `minimumScore`, best first.
    public func candidates(for record: PupilRecord, minimumScore: Double = 0.5) -> [Match] {
        let (a, aNames, scored) = self.score(record, minimumScore: minimumScore)
        return scored.map { self.match(a, aNames, record.recordID, $0.index) }
    }

    private func score(
        _ record: PupilRecord,
        minimumScore: Double
    )
        -> (PreparedRecord, RecordNames, [(index: Int32, weight: Double)])
    {
        let (a, aNames) = self.store.prepareQuery(record)
        var found: [(index: Int32, weight: Double)] = []
        for j in self.blocks.candidates(for: a, aNames) {
            let b = self.store.records[Int(j)]
            let c = PairComparison.compare(a, aNames, b, self.store.recordNames(Int(j)))
            let weight = self.scorer.weigh(c, roll: b, store: self.store).total
            if Scorer.probability(weight) >= minimumScore { found.append((j, weight)) }
        }
        found.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.index < $1.index }
        return (a, aNames, found)
    }

    private func match(_ a: PreparedRecord, _ aNames: RecordNames, _ id: String, _ index: Int32) -> Match {
        Linker.match(
            query: a,
            names: aNames,
            id: id,
            roll: Int(index),
            store: self.store,
            scorer: self.scorer,
            threshold: self.threshold
        )
    }
}
