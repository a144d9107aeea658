/// A blocked candidate pair kept for training: its levels and its fixed part, the sum of log2 u (u does not change
/// during training, only m and the prior do).
struct TrainingPair: Sendable {
    var levels: SIMD8<UInt8>
    var logU: Double
}

extension MatchModel {
    /// Estimates m and the prior by expectation maximisation over blocked candidate pairs, as Splink does: in
    /// sessions, each over the pairs that agree exactly on some fields, estimating m only for the other fields. A
    /// single session over all candidates runs away, because blocking on names fills the candidates with namesakes
    /// and the "match" class drifts to mean "same name". Here one session takes the pairs with the same date of
    /// birth (for the names), one those with the same forename and surname (for the date of birth), and both
    /// estimate the rest. The prior then follows with m fixed and u at its random-pair estimate, over all pairs.
    /// `pairSpace` is the number of possible pairs the candidates were drawn from.
    mutating func estimateM(pairs: [TrainingPair], pairSpace: Double, maxIterations: Int) {
        guard !pairs.isEmpty, pairSpace > 0 else { return }
        self.trainingPairs = pairs.count
        let byDob = self.session(
            pairs.lazy.filter { $0.levels[Field.dob.rawValue] == DobLevel.exact.rawValue }.map(\.levels),
            estimating: [.forename, .surname, .upn, .location, .gender, .order],
            maxIterations: maxIterations
        )
        let byNames = self.session(
            pairs.lazy.filter {
                $0.levels[Field.forename.rawValue] == NameLevel.exact.rawValue
                    && $0.levels[Field.surname.rawValue] == SurnameLevel.exact.rawValue
            }.map(\.levels),
            estimating: [.dob, .upn, .location, .gender],
            maxIterations: maxIterations
        )
        var m = self.m
        for field in Field.allCases {
            switch field {
            case .forename, .surname, .order: m[field.rawValue] = byDob.m[field.rawValue]
            case .dob: m[field.rawValue] = byNames.m[field.rawValue]
            case .upn, .location, .gender:
                let total = byDob.matches + byNames.matches
                guard total > 0 else { continue }
                m[field.rawValue] = zip(byDob.m[field.rawValue], byNames.m[field.rawValue]).map {
                    ($0 * byDob.matches + $1 * byNames.matches) / total
                }
            }
        }
        self.m = m
        self.iterations = max(byDob.iterations, byNames.iterations)
        self.estimatePrior(pairs: pairs, pairSpace: pairSpace, maxIterations: maxIterations)
    }

    /// One session: a two-class latent model (match, non-match) fitted to the pairs' comparison patterns. Returns m
    /// for the `estimating` fields (the current m elsewhere) and the expected number of matches.
    private func session(
        _ levels: some Sequence<SIMD8<UInt8>>,
        estimating fields: [Field],
        maxIterations: Int
    ) -> (m: [[Double]], matches: Double, iterations: Int) {
        var patterns: [SIMD8<UInt8>: Double] = [:]
        for pattern in levels {
            var kept = SIMD8<UInt8>(repeating: Field.missing)
            for field in fields { kept[field.rawValue] = pattern[field.rawValue] }
            patterns[kept, default: 0] += 1
        }
        // A fixed order (dictionary order changes from run to run) keeps the sums, and so the output, reproducible.
        let list = patterns.sorted {
            $0.value != $1.value ? $0.value > $1.value : Self.order($0.key) < Self.order($1.key)
        }
        var m = self.m
        var u = self.u
        u[Field.order.rawValue] = [0.999, 0.001]
        var share = 0.5
        var matches = 0.0
        var iterations = 0
        for iteration in 1...max(1, maxIterations) {
            var mCounts = LevelCounts()
            var uCounts = LevelCounts()
            matches = 0
            var total = 0.0
            for (pattern, count) in list {
                var logMatch = Scorer.log2(share)
                var logOther = Scorer.log2(1 - share)
                for field in fields where pattern[field.rawValue] != Field.missing {
                    let level = Int(pattern[field.rawValue])
                    logMatch += Scorer.log2(m[field.rawValue][level])
                    logOther += Scorer.log2(u[field.rawValue][level])
                }
                let p = Scorer.probability(logMatch - logOther)
                mCounts.add(pattern, weight: count * p, fields: fields)
                uCounts.add(pattern, weight: count * (1 - p), fields: fields)
                matches += count * p
                total += count
            }
            let newM = mCounts.probabilities(prior: Self.defaults.m, strength: 10, floor: 1e-6)
            let newU = uCounts.probabilities(prior: self.u, strength: 10, floor: 1e-9)
            var change = abs(share - matches / max(total, 1))
            for field in fields {
                for l in 0..<field.levelCount {
                    change = max(change, abs(newM[field.rawValue][l] - m[field.rawValue][l]))
                    m[field.rawValue][l] = newM[field.rawValue][l]
                    u[field.rawValue][l] = newU[field.rawValue][l]
                }
            }
            share = min(max(matches / max(total, 1), 1e-6), 1 - 1e-6)
            iterations = iteration
            if change < 1e-6 { break }
        }
        return (m, matches, iterations)
    }

    /// The prior with m fixed: the expected number of matches among the candidate pairs over the pairs possible.
    private mutating func estimatePrior(pairs: [TrainingPair], pairSpace: Double, maxIterations: Int) {
        let logM = Self.flatLog(self.m)
        let weights = pairs.map { pair in
            var weight = -pair.logU
            for f in 0..<7 where pair.levels[f] != Field.missing { weight += logM[f * 8 + Int(pair.levels[f])] }
            return weight
        }
        for _ in 0..<max(1, maxIterations) {
            let logPriorOdds = Scorer.log2(self.prior) - Scorer.log2(1 - self.prior)
            let expected = weights.reduce(0) { $0 + Scorer.probability(logPriorOdds + $1) }
            let prior = min(max(expected / pairSpace, 1e-12), 0.5)
            let change = abs(prior - self.prior) / self.prior
            self.prior = prior
            if change < 1e-6 { break }
        }
    }

    private static func order(_ pattern: SIMD8<UInt8>) -> UInt64 {
        (0..<8).reduce(0) { $0 << 8 | UInt64(pattern[$1]) }
    }

    static func flatLog(_ table: [[Double]]) -> [Double] {
        var values = [Double](repeating: 0, count: 64)
        for (f, levels) in table.enumerated() {
            for (l, p) in levels.enumerated() { values[f * 8 + l] = Scorer.log2(p) }
        }
        return values
    }
}
