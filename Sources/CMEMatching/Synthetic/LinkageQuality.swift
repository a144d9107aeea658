/// Precision, recall and F1 of best-match linkage against ground truth: each lost record links to its best-scoring
/// roll record if that scores at least the threshold; a link is right if the truth pairs the two.
public struct LinkageQuality: Sendable, Equatable, CustomStringConvertible {
    /// Lost records linked to their true roll record.
    public var truePositives: Int
    /// Lost records linked to a roll record that is not theirs.
    public var falsePositives: Int
    /// Lost records with a true roll record that were not linked to it.
    public var falseNegatives: Int
    /// The score a best match needed to count as a link.
    public var threshold: Double

    /// The share of links that are right (1 when there are none).
    public var precision: Double {
        self.truePositives + self.falsePositives == 0
            ? 1 : Double(self.truePositives) / Double(self.truePositives + self.falsePositives)
    }

    /// The share of lost records with a true roll record that were linked to it.
    public var recall: Double {
        self.truePositives + self.falseNegatives == 0
            ? 1 : Double(self.truePositives) / Double(self.truePositives + self.falseNegatives)
    }

    /// The harmonic mean of precision and recall.
    public var f1: Double {
        self.precision + self.recall == 0 ? 0 : 2 * self.precision * self.recall / (self.precision + self.recall)
    }

    public var description: String {
        "precision \(Evidence.decimals(self.precision * 100) )% recall \(Evidence.decimals(self.recall * 100))% "
            + "F1 \(Evidence.decimals(self.f1 * 100))% at threshold \(self.threshold)"
    }

    /// Quality of the best match per lost record at `threshold`. `matches` may hold several rows per lost record.
    public static func bestMatch(_ matches: [Match], truth: [String: String], threshold: Double) -> LinkageQuality {
        let best = Self.best(matches)
        var tp = 0
        var fp = 0
        for match in best.values where match.score >= threshold {
            if truth[match.lostID] == match.rollID { tp += 1 } else { fp += 1 }
        }
        return LinkageQuality(
            truePositives: tp,
            falsePositives: fp,
            falseNegatives: truth.count - tp,
            threshold: threshold
        )
    }

    /// The threshold (among the scores seen) with the highest best-match F1, and that quality.
    public static func bestThreshold(_ matches: [Match], truth: [String: String]) -> LinkageQuality {
        let best = Self.best(matches).values.sorted { $0.score > $1.score }
        var quality = LinkageQuality(truePositives: 0, falsePositives: 0, falseNegatives: truth.count, threshold: 1)
        var top = quality
        var index = 0
        while index < best.count {
            let score = best[index].score
            while index < best.count && best[index].score == score {
                if truth[best[index].lostID] == best[index].rollID {
                    quality.truePositives += 1
                    quality.falseNegatives -= 1
                } else {
                    quality.falsePositives += 1
                }
                index += 1
            }
            quality.threshold = score
            if quality.f1 > top.f1 { top = quality }
        }
        return top
    }

    private static func best(_ matches: [Match]) -> [String: Match] {
        var best: [String: Match] = [:]
        for match in matches where match.score > (best[match.lostID]?.score ?? -1) { best[match.lostID] = match }
        return best
    }
}
