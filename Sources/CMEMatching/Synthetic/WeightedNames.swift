import Foundation

/// Names with frequencies, drawn at random: explicit shares for the first few, a Zipf curve for the rest of the
/// list, and an optional tail of rarer names sharing what is left evenly.
struct WeightedNames: Sendable {
    let names: [String]
    private let cumulative: [Double]

    init(_ text: String, head: [Double] = [], exponent: Double = 1.0, tail: [String] = [], tailShare: Double = 0) {
        let listed = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var weights: [Double] = []
        let headTotal = head.reduce(0, +)
        let zipfNames = listed.count - min(head.count, listed.count)
        let zipf = (0..<zipfNames).map { 1 / Foundation.pow(Double($0 + 1), exponent) }
        let zipfTotal = zipf.reduce(0, +)
        let rest = max(0, 1 - headTotal - tailShare)
        for (index, _) in listed.enumerated() {
            if index < head.count {
                weights.append(head[index])
            } else {
                weights.append(zipfTotal > 0 ? rest * zipf[index - head.count] / zipfTotal : 0)
            }
        }
        for _ in tail { weights.append(tailShare / Double(tail.count)) }
        self.names = listed + tail
        var running = 0.0
        self.cumulative = weights.map { weight in
            running += weight
            return running
        }
    }

    /// One name, drawn by frequency.
    func pick(_ rng: inout SeededGenerator) -> String {
        let target = rng.unit() * (self.cumulative.last ?? 0)
        var lo = 0
        var hi = self.cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if self.cumulative[mid] <= target { lo = mid + 1 } else { hi = mid }
        }
        return self.names[lo]
    }
}
