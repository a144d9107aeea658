import CMECore
import CMEMatching
import Testing

/// The hard profile (issue 18, "a harder, more honest test set"): differences stacked on one record, a year wrong
/// beyond its last digit, whole names transliterated, fields missing together. docs/synthetic-population.md.
@Suite("Synthetic population: the hard profile")
struct HardSyntheticTests {
    static let standard = SyntheticPopulation.generate(rollSize: 6_000, lostSize: 1_500, seed: 7)
    static let hard = SyntheticPopulation.generate(rollSize: 6_000, lostSize: 1_500, seed: 7, errors: .hard)

    /// For each lost copy of a roll child, how many of its identifying fields differ from the child's.
    static func differences(_ p: SyntheticPopulation) -> [(lost: PupilRecord, child: PupilRecord, count: Int)] {
        let roll = Dictionary(uniqueKeysWithValues: p.roll.map { ($0.recordID, $0) })
        return p.lost.compactMap { lost in
            guard let id = p.truth[lost.recordID], let child = roll[id] else { return nil }
            let fields: [Bool] = [
                Normalise.name(lost.forename ?? "") != Normalise.name(child.forename ?? ""),
                Normalise.name(lost.surname ?? "") != Normalise.name(child.surname ?? ""),
                lost.dateOfBirth != child.dateOfBirth,
                lost.upn != child.upn,
                lost.postcode != child.postcode,
            ]
            return (lost, child, fields.filter { $0 }.count)
        }
    }

    @Test func errorsStackOnOneRecordFarMoreOftenThanByChance() {
        func share(_ p: SyntheticPopulation, atLeast n: Int) -> Double {
            let copies = Self.differences(p)
            return Double(copies.filter { $0.count >= n }.count) / Double(copies.count)
        }
        // Four of the five identifying fields different: rare when each difference has its own small rate.
        #expect(share(Self.hard, atLeast: 4) > 2 * share(Self.standard, atLeast: 4))
        #expect(share(Self.hard, atLeast: 3) > 0.2, "a quarter of copies carry two more differences")
    }

    @Test func aYearWrongBeyondItsLastDigitAndFieldsMissingTogether() {
        let copies = Self.differences(Self.hard)
        let yearOut = copies.filter { copy in
            guard let a = copy.lost.dateOfBirth, let b = copy.child.dateOfBirth else { return false }
            return a.month == b.month && a.year != b.year && (a.year / 10 != b.year / 10 || abs(a.year - b.year) == 1)
        }
        #expect(yearOut.count >= 15, "about 3% plus stacked year errors of ~1,275 copies")
        let allMissing = copies.filter { $0.lost.dateOfBirth == nil && $0.lost.upn == nil && $0.lost.postcode == nil }
        #expect(allMissing.count >= 10)
        let standardMissing = Self.differences(Self.standard).filter {
            $0.lost.dateOfBirth == nil && $0.lost.upn == nil && $0.lost.postcode == nil
        }
        #expect(allMissing.count > 3 * max(1, standardMissing.count))
    }

    @Test func wholeNamesAreTransliteratedAnotherWay() {
        // Both names changed, each still alike: rare when each name has its own small rate of change.
        func bothNamesAlike(_ p: SyntheticPopulation) -> Int {
            Self.differences(p).filter { copy in
                guard let lf = copy.lost.forename, let cf = copy.child.forename, let ls = copy.lost.surname,
                    let cs = copy.child.surname, lf.count > 1
                else { return false }
                return Normalise.name(lf) != Normalise.name(cf) && Normalise.name(ls) != Normalise.name(cs)
                    && StringDistance.jaroWinkler(Normalise.name(lf), Normalise.name(cf)) > 0.7
                    && StringDistance.jaroWinkler(Normalise.name(ls), Normalise.name(cs)) > 0.7
            }.count
        }
        let hard = bothNamesAlike(Self.hard)
        #expect(hard >= 30)
        #expect(hard > 3 * bothNamesAlike(Self.standard))
    }

    @Test func theHardProfileIsHarderForTheEngineAndTheSameSeedGivesTheSameSet() {
        let again = SyntheticPopulation.generate(rollSize: 6_000, lostSize: 1_500, seed: 7, errors: .hard)
        #expect(again.lost == Self.hard.lost)
        #expect(again.roll == Self.standard.roll, "the profile changes the copies, not the roll")

        func f1(_ p: SyntheticPopulation) -> Double {
            LinkageQuality.bestMatch(
                Linker().link(roll: p.roll, lost: p.lost, threshold: 0.9),
                truth: p.truth,
                threshold: 0.9
            ).f1
        }
        let standard = f1(Self.standard)
        let hard = f1(Self.hard)
        #expect(hard < standard - 0.01, "standard \(standard), hard \(hard)")
        #expect(hard > 0.8, "still mostly linkable: \(hard)")
    }
}
