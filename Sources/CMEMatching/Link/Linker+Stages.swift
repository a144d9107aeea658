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

    /// Scores record `k` of `store` against its candidates: compared now, or already compared while training m.
    static func score(
        _ k: Int,
        store: RecordStore,
        blocks: BlockIndex,
        scorer: Scorer,
        floor: Double,
        threshold: Double,
        bestOnly: Bool,
        compared: [Compared]? = nil
    ) -> (matches: [Match], compared: Int) {
        let a = store.records[k]
        let aNames = store.recordNames(k)
        var found: [(index: Int32, weight: Double)] = []
        func consider(_ j: Int32, _ c: PairComparison) {
            let weight = scorer.weigh(c, roll: store.records[Int(j)], store: store).total
            if Scorer.probability(weight) < floor { return }
            if bestOnly, let best = found.first {
                if weight > best.weight { found[0] = (j, weight) }
            } else {
                found.append((j, weight))
            }
        }
        var count = 0
        if let compared {
            for pair in compared { consider(pair.roll, pair.comparison) }
            count = compared.count
        } else {
            for j in blocks.candidates(for: a, aNames) {
                consider(j, PairComparison.compare(a, aNames, store.records[Int(j)], store.recordNames(Int(j))))
                count += 1
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
        return (matches, count)
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

    /// One candidate of a lost record, compared.
    struct Compared: Sendable {
        var roll: Int32
        var comparison: PairComparison
    }

    /// The training pairs: the `perRecord` best candidate pairs of each sampled lost record by the starting model,
    /// with their levels and fixed log2 u; and each sampled record's comparisons (all of them), kept so that scoring
    /// does not compare the same pairs again.
    ///
    /// A lost record is one child, so at most one of its candidates is a match. Training on every candidate let the
    /// namesakes that fill the blocks of a national roll (dozens of children of one forename born on each day) pull
    /// the "match" class toward "same forename and birthday": an agreeing surname's weight fell by 3.9 bits from one
    /// million records to nine (ADR 0018). The best few per record keep the near misses EM must tell apart.
    static func trainingPairs(
        _ training: [Int],
        store: RecordStore,
        blocks: BlockIndex,
        scorer: Scorer,
        perRecord: Int,
        workers: Int
    ) -> (pairs: [TrainingPair], compared: [Int: [Compared]]) {
        let chunks = Parallel.chunks(count: training.count, workers: workers)
        let parts = Parallel.map(chunks.count, workers: workers) { chunk in
            var local: [TrainingPair] = []
            var compared: [(Int, [Compared])] = []
            var ranked: [(weight: Double, pair: TrainingPair)] = []
            for k in training[chunks[chunk]] {
                let a = store.records[k]
                let aNames = store.recordNames(k)
                var mine: [Compared] = []
                ranked.removeAll(keepingCapacity: true)
                for j in blocks.candidates(for: a, aNames) {
                    let b = store.records[Int(j)]
                    let c = PairComparison.compare(a, aNames, b, store.recordNames(Int(j)))
                    let logU = scorer.logU(c, roll: b, store: store)
                    let weight = (scorer.logM(c) - logU).sum()
                    ranked.append((weight, TrainingPair(levels: c.levels, logU: logU.sum())))
                    mine.append(Compared(roll: j, comparison: c))
                }
                if ranked.count > perRecord {
                    // Stable on ties (candidates come in roll order), so the same input always trains the same.
                    ranked = ranked.enumerated().sorted {
                        $0.element.weight != $1.element.weight
                            ? $0.element.weight > $1.element.weight : $0.offset < $1.offset
                    }.prefix(perRecord).map(\.element)
                }
                local.append(contentsOf: ranked.map(\.pair))
                compared.append((k, mine))
            }
            return (local, compared)
        }
        var compared: [Int: [Compared]] = [:]
        compared.reserveCapacity(training.count)
        for part in parts { for (k, pairs) in part.1 { compared[k] = pairs } }
        return (parts.flatMap(\.0), compared)
    }
}
