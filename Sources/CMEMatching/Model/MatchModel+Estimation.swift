extension MatchModel {
    /// Level counts per field, with the number of pairs where the field was present.
    struct LevelCounts: Sendable {
        var counts = [[Double]](repeating: [Double](repeating: 0, count: 8), count: Field.allCases.count)
        var present = [Double](repeating: 0, count: Field.allCases.count)

        mutating func add(_ levels: SIMD8<UInt8>, weight: Double = 1, fields: [Field] = Field.allCases) {
            for field in fields where levels[field.rawValue] != Field.missing {
                self.counts[field.rawValue][Int(levels[field.rawValue])] += weight
                self.present[field.rawValue] += weight
            }
        }

        mutating func merge(_ other: LevelCounts) {
            for f in self.counts.indices {
                for l in self.counts[f].indices { self.counts[f][l] += other.counts[f][l] }
                self.present[f] += other.present[f]
            }
        }

        /// Counts smoothed toward `prior` as if it were `strength` extra pairs, each value at least `floor`.
        func probabilities(prior: [[Double]], strength: Double, floor: Double) -> [[Double]] {
            prior.enumerated().map { f, levels in
                levels.enumerated().map { l, p in
                    max((self.counts[f][l] + strength * p) / (self.present[f] + strength), floor)
                }
            }
        }
    }

    /// Estimates u from `samples` random pairs, of a record of `queries` and a roll record when linking two files
    /// (Splink's way: a match among millions of random pairs is too rare to matter, and the lost file's own habits,
    /// such as temporary UPNs, count), or of two distinct roll records for an index (a roll holds each child once).
    /// The household u comes from pairs of roll records sharing a surname and full postcode. m and the prior keep
    /// their values.
    mutating func estimateU(
        store: RecordStore,
        roll: Range<Int>,
        against queries: Range<Int>? = nil,
        samples: Int,
        seed: UInt64,
        workers: Int
    ) {
        let n = roll.count
        let left = queries ?? roll
        guard n >= 2, !left.isEmpty else { return }
        // Agreeing on a home is never rarer than having one housemate in the roll; other levels only need keeping
        // off zero (the prior of 1,000 pseudo-pairs does the rest).
        let floor = 1e-7
        let homeFloor = 0.5 / Double(n)
        let pairs = min(samples, queries == nil ? n * (n - 1) / 2 : n * left.count)
        // A fixed number of random streams, whatever the number of workers, so that results never depend on it.
        let tasks = 4
        let compared = Field.allCases.filter { $0 != .order }
        let parts = Parallel.map(tasks, workers: workers) { task in
            var rng = SeededGenerator(seed: seed &+ UInt64(task) &* 0x9E37_79B9)
            var counts = LevelCounts()
            let share = pairs * (task + 1) / tasks - pairs * task / tasks
            for _ in 0..<share {
                let i = left.lowerBound + Int(rng.next(below: UInt64(left.count)))
                var j = roll.lowerBound + Int(rng.next(below: UInt64(queries == nil ? n - 1 : n)))
                if queries == nil && j >= i { j += 1 }
                let c = PairComparison.compare(
                    store.records[i],
                    store.recordNames(i),
                    store.records[j],
                    store.recordNames(j)
                )
                counts.add(c.levels, fields: compared)
            }
            return counts
        }
        var random = LevelCounts()
        for part in parts { random.merge(part) }
        var u = random.probabilities(prior: Self.defaults.u, strength: 1_000, floor: floor)
        u[Field.order.rawValue] = Self.defaults.u[Field.order.rawValue]
        for level in [LocationLevel.sameAddress, .postcode] {
            u[Field.location.rawValue][Int(level.rawValue)] = max(
                u[Field.location.rawValue][Int(level.rawValue)],
                homeFloor
            )
        }
        self.u = u
        self.estimateHouseholdU(store: store, roll: roll, floor: floor)
    }

    /// The household u: siblings (and twins) compared with each other.
    private mutating func estimateHouseholdU(store: RecordStore, roll: Range<Int>, floor: Double) {
        var keyed: [(key: UInt64, index: Int)] = []
        for index in roll {
            let key = store.records[index].householdKey
            if key != 0 && store.records[index].householdCount > 1 { keyed.append((key, index)) }
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        var counts = LevelCounts()
        var location = [Double](repeating: 0, count: LocationLevel.allCases.count)
        var start = 0
        var pairs = 0
        let personal: [Field] = [.forename, .dob, .upn, .gender]
        while start < keyed.count && pairs < 200_000 {
            var end = start + 1
            while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
            // A block of flats can hold dozens of households with one common surname: those are not siblings.
            if end - start <= 8 {
                for x in start..<end {
                    for y in (x + 1)..<end {
                        let i = keyed[x].index
                        let j = keyed[y].index
                        let c = PairComparison.compare(
                            store.records[i],
                            store.recordNames(i),
                            store.records[j],
                            store.recordNames(j)
                        )
                        counts.add(c.levels, fields: personal)
                        if c[.location] != Field.missing { location[Int(c[.location])] += 1 }
                        pairs += 1
                    }
                }
            }
            start = end
        }
        var household = counts.probabilities(prior: Self.defaults.uHousehold, strength: 200, floor: floor)
        for field in Field.allCases where !field.isPersonal || field == .order {
            household[field.rawValue] = self.u[field.rawValue]
        }
        self.uHousehold = household
        let atHome = location[0] + location[1]
        let prior = Self.defaults.householdLocation
        self.householdLocation = [
            (location[0] + 50 * prior[0]) / (atHome + 50), (location[1] + 50 * prior[1]) / (atHome + 50), 0, 0, 0, 0,
        ]
    }
}
