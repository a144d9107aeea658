extension Linker {
    /// The lost records whose candidate pairs train m: all of them, or a seeded sample.
    func trainingSample(_ lost: Range<Int>) -> [Int] {
        var indices = Array(lost)
        guard indices.count > self.options.trainingRecords else { return indices }
        var rng = SeededGenerator(seed: self.options.seed ^ 0x5EED)
        for i in 0..<self.options.trainingRecords {
            let j = i + Int(rng.next(below: UInt64(indices.count - i)))
            indices.swapAt(i, j)
        }
        return Array(indices[..<self.options.trainingRecords]).sorted()
    }

    /// Scores record `k` of `store` against its candidates.
    static func score(
        _ k: Int,
        store: RecordStore,
        blocks: BlockIndex,
        scorer: Scorer,
        floor: Double,
        threshold: Double,
        bestOnly: Bool
    ) -> (matches: [Match], compared: Int) {
        let a = store.records[k]
        let aNames = store.recordNames(k)
        let candidates = blocks.candidates(for: a, aNames)
        var found: [(index: Int32, weight: Double)] = []
        for j in candidates {
            let b = store.records[Int(j)]
            let c = PairComparison.compare(a, aNames, b, store.recordNames(Int(j)))
            let weight = scorer.weigh(c, roll: b, store: store).total
            if Scorer.probability(weight) < floor { continue }
            if bestOnly, let best = found.first {
                if weight > best.weight { found[0] = (j, weight) }
            } else {
                found.append((j, weight))
            }
        }
        // Highest score first; equal scores in roll order.
        found.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.index < $1.index }
        let matches = found.map { index, _ in
            Self.match(
                query: a,
                names: aNames,
                id: store.ids[k],
                roll: Int(index),
                store: store,
                scorer: scorer,
                threshold: threshold
            )
        }
        return (matches, candidates.count)
    }

    /// The full `Match` for one pair, evidence included.
    static func match(
        query a: PreparedRecord,
        names aNames: RecordNames,
        id: String,
        roll j: Int,
        store: RecordStore,
        scorer: Scorer,
        threshold: Double
    ) -> Match {
        let b = store.records[j]
        let c = PairComparison.compare(a, aNames, b, store.recordNames(j))
        let (total, fields) = scorer.weigh(c, roll: b, store: store)
        let score = Scorer.probability(total)
        return Match(
            lostID: id,
            rollID: store.ids[j],
            score: score,
            band: .of(score: score, threshold: threshold),
            evidence: Evidence.make(c, weights: fields),
            matchWeight: total
        )
    }

    /// The training pairs: every candidate pair of the sampled lost records, with its levels and fixed log2 u.
    static func trainingPairs(
        _ training: [Int],
        store: RecordStore,
        blocks: BlockIndex,
        scorer: Scorer,
        workers: Int
    ) -> [TrainingPair] {
        let chunks = Parallel.chunks(count: training.count, workers: workers)
        return Parallel.map(chunks.count, workers: workers) { chunk in
            var local: [TrainingPair] = []
            for k in training[chunks[chunk]] {
                let a = store.records[k]
                let aNames = store.recordNames(k)
                for j in blocks.candidates(for: a, aNames) {
                    let b = store.records[Int(j)]
                    let c = PairComparison.compare(a, aNames, b, store.recordNames(Int(j)))
                    local.append(TrainingPair(levels: c.levels, logU: scorer.logU(c, roll: b, store: store).sum()))
                }
            }
            return local
        }.flatMap { $0 }
    }
}
