import Foundation

/// Turns a field-by-field comparison into Fellegi-Sunter weights: log2(m/u) per field, with u adjusted for how
/// common the agreeing value is (a shared "Khan" is weaker evidence than a shared "Oyelaran") and for households
/// (siblings share a surname and a home, so within one the other fields are judged against a sibling).
struct Scorer: Sendable {
    let model: MatchModel
    private let logM: [Double]
    private let logU: [Double]
    private let logUHousehold: [Double]
    private let logHouseholdLocation: [Double]
    private let u: [Double]
    private let uHousehold: [Double]
    let logPriorOdds: Double
    /// Whether u is adjusted by how common the agreeing value is in the store. A search scores a handful of
    /// candidates that all share what was typed, so their own frequencies would say nothing: it uses the model's u.
    let frequencies: Bool

    init(model: MatchModel, frequencies: Bool = true) {
        self.model = model
        self.frequencies = frequencies
        func flat(_ table: [[Double]]) -> [Double] {
            var values = [Double](repeating: 0, count: 64)
            for (f, levels) in table.enumerated() {
                for (l, p) in levels.enumerated() { values[f * 8 + l] = Self.log2(p) }
            }
            return values
        }
        self.logM = flat(model.m)
        self.logU = flat(model.u)
        self.logUHousehold = flat(model.uHousehold)
        self.logHouseholdLocation = model.householdLocation.map(Self.log2)
        self.u = model.u.flatMap { $0 + [Double](repeating: 0, count: 8 - $0.count) }
        self.uHousehold = model.uHousehold.flatMap { $0 + [Double](repeating: 0, count: 8 - $0.count) }
        self.logPriorOdds = Self.log2(model.prior) - Self.log2(1 - model.prior)
    }

    static func log2(_ p: Double) -> Double {
        Foundation.log2(max(p, 1e-300))
    }

    /// log2 m per field (0 where the field is missing).
    func logM(_ c: PairComparison) -> SIMD8<Double> {
        var result = SIMD8<Double>(repeating: 0)
        for f in 0..<7 where c.levels[f] != Field.missing { result[f] = self.logM[f * 8 + Int(c.levels[f])] }
        return result
    }

    /// log2 u per field (0 where missing), with frequencies taken from `b`, the roll or index side in `store`.
    func logU(_ c: PairComparison, roll b: PreparedRecord, store: RecordStore) -> SIMD8<Double> {
        var result = SIMD8<Double>(repeating: 0)
        for f in 0..<7 where c.levels[f] != Field.missing {
            let field = Field(rawValue: f)!
            let level = Int(c.levels[f])
            if c.household && field.isPersonal {
                // Within one household the other children are the ones to tell apart.
                result[f] = self.logUHousehold[f * 8 + level]
                continue
            }
            var u = self.randomLogU(field, level, c, b, store)
            if self.frequencies && c.sameSurname && field.isPersonal && field != .order {
                // Same surname, different homes: brothers and sisters who moved, or namesakes, in the proportion
                // the roll shows for this surname.
                let share = store.siblingShare(b.surname)
                if share > 0 {
                    u = Self.log2(share * self.uHousehold[f * 8 + level] + (1 - share) * Foundation.exp2(u))
                }
            }
            result[f] = u
        }
        return result
    }

    /// log2 u for two unrelated children: the random-pair estimate, or the frequency of the agreeing value.
    private func randomLogU(
        _ field: Field,
        _ level: Int,
        _ c: PairComparison,
        _ b: PreparedRecord,
        _ store: RecordStore
    )
        -> Double
    {
        guard self.frequencies else { return self.logU[field.rawValue * 8 + level] }
        let transposed = c.levels[Field.order.rawValue] == NameOrderLevel.transposed.rawValue
        switch field {
        case .forename:
            // A transposed forename agreed with the other record's surname: how common is it as a surname?
            if level == Int(NameLevel.exact.rawValue) {
                return Self.log2(transposed ? store.surnameFrequency(b.surname) : store.forenameFrequency(b.forename))
            }
            if level == Int(NameLevel.variant.rawValue) && c.forename.group >= 0 {
                let group = c.forename.group
                return Self.log2(
                    transposed ? store.surnameGroupFrequency(group) : store.forenameGroupFrequency(group)
                )
            }
        case .surname:
            if c.householdExact { return Self.log2(store.householdFrequency(b)) }
            if level == Int(SurnameLevel.exact.rawValue) {
                return Self.log2(transposed ? store.forenameFrequency(b.forename) : store.surnameFrequency(b.surname))
            }
            if level == Int(SurnameLevel.variant.rawValue) && c.surname.group >= 0 {
                let group = c.surname.group
                return Self.log2(
                    transposed ? store.forenameGroupFrequency(group) : store.surnameGroupFrequency(group)
                )
            }
        case .location where c.householdExact:
            return self.logHouseholdLocation[level]
        case .upn where level == Int(UPNLevel.exact.rawValue) || level == Int(UPNLevel.exactTemporary.rawValue):
            // Each UPN belongs to one child: two different children share one by mistake alone.
            return min(self.logU[field.rawValue * 8 + level], Self.log2(1 / Double(max(store.count, 1))))
        default:
            break
        }
        return self.logU[field.rawValue * 8 + level]
    }

    /// The total weight (prior included) and the per-field weights.
    func weigh(
        _ c: PairComparison,
        roll b: PreparedRecord,
        store: RecordStore
    ) -> (total: Double, fields: SIMD8<Double>) {
        let fields = self.logM(c) - self.logU(c, roll: b, store: store)
        return (self.logPriorOdds + fields.sum(), fields)
    }

    /// The probability for a total weight.
    static func probability(_ weight: Double) -> Double {
        1 / (1 + Foundation.exp2(-weight))
    }
}
