import CMEMatching
import Testing

@Suite("Synthetic population")
struct SyntheticPopulationTests {
    static let population = SyntheticPopulation.generate(rollSize: 4_000, lostSize: 600, seed: 42)

    @Test func theSameSeedGivesTheSamePopulation() {
        let again = SyntheticPopulation.generate(rollSize: 4_000, lostSize: 600, seed: 42)
        let other = SyntheticPopulation.generate(rollSize: 4_000, lostSize: 600, seed: 43)
        #expect(again.roll == Self.population.roll)
        #expect(again.lost == Self.population.lost)
        #expect(again.truth == Self.population.truth)
        #expect(other.roll != Self.population.roll)
    }

    @Test func sizesAndTruthAreAsAsked() {
        let p = Self.population
        #expect(p.roll.count == 4_000)
        #expect(p.lost.count == 600)
        #expect(p.truth.count == 510)
        let rollIDs = Set(p.roll.map(\.recordID))
        let lostIDs = Set(p.lost.map(\.recordID))
        #expect(rollIDs.count == 4_000 && lostIDs.count == 600)
        #expect(p.truth.allSatisfy { lostIDs.contains($0.key) && rollIDs.contains($0.value) })
        #expect(Set(p.truth.values).count == p.truth.count, "each roll child is lost at most once")
    }

    @Test func thePopulationLooksLikeAnEnglishSchoolRoll() {
        let roll = Self.population.roll
        func share(_ test: (PupilRecord) -> Bool) -> Double { Double(roll.filter(test).count) / Double(roll.count) }
        // Common names are common, across communities.
        #expect(share { ["Smith", "Jones", "Khan"].contains($0.surname ?? "") } > 0.01)
        #expect(share { ($0.forename ?? "").hasPrefix("Mu") || ($0.forename ?? "").hasPrefix("Mo") } > 0.005)
        #expect(share { $0.ethnicity == "WBRI" } > 0.5)
        #expect(Set(roll.compactMap(\.ethnicity)).count >= 10)
        // Siblings share surname and address; some are twins.
        var households: [String: [PupilRecord]] = [:]
        for child in roll { households["\(child.surname ?? "")|\(child.address ?? "")", default: []].append(child) }
        #expect(households.values.filter { $0.count > 1 }.count > 300)
        #expect(households.values.contains { family in Set(family.compactMap(\.dateOfBirth)).count < family.count })
        // Most UPNs are valid and permanent; some are temporary or missing.
        #expect(share { Comparators.upn($0.upn, $0.upn) == .exact } > 0.9)
        #expect(share { Comparators.upn($0.upn, $0.upn) == .exactTemporary } > 0.01)
        #expect(share { $0.upn == nil } > 0.01)
    }

    @Test func lostCopiesCarryTheUsualDifferences() {
        let p = Self.population
        let roll = Dictionary(uniqueKeysWithValues: p.roll.map { ($0.recordID, $0) })
        var moved = 0
        var swapped = 0
        var renamed = 0
        for lost in p.lost {
            guard let id = p.truth[lost.recordID], let child = roll[id] else { continue }
            if lost.postcode != nil && lost.postcode != child.postcode { moved += 1 }
            if let a = lost.dateOfBirth, let b = child.dateOfBirth, Comparators.dateOfBirth(a, b) == .swapped {
                swapped += 1
            }
            if Comparators.forename(lost.forename, child.forename) == .variant { renamed += 1 }
        }
        #expect(moved > 150)
        #expect(swapped > 3)
        #expect(renamed > 20)
    }

    @Test func bestMatchF1IsAboveNinetyPercent() {
        let p = Self.population

        let matches = Linker().link(roll: p.roll, lost: p.lost, threshold: 0.9)
        let quality = LinkageQuality.bestMatch(matches, truth: p.truth, threshold: 0.9)

        #expect(quality.f1 > 0.9, "\(quality)")
        #expect(quality.precision > 0.95, "\(quality)")
        #expect(LinkageQuality.bestThreshold(matches, truth: p.truth).f1 >= quality.f1)
    }

    @Test func qualityIsCountedPerLostRecord() {
        let truth = ["L1": "R1", "L2": "R2", "L3": "R3"]
        func match(_ lost: String, _ roll: String, _ score: Double) -> Match {
            Match(lostID: lost, rollID: roll, score: score, band: .match, evidence: [], matchWeight: 0)
        }
        let matches = [
            match("L1", "R1", 0.99), match("L1", "R9", 0.95), match("L2", "R7", 0.97), match("L4", "R4", 0.99),
            match("L3", "R3", 0.6),
        ]

        let quality = LinkageQuality.bestMatch(matches, truth: truth, threshold: 0.9)

        #expect(quality.truePositives == 1)
        #expect(quality.falsePositives == 2)
        #expect(quality.falseNegatives == 2)
        #expect(abs(quality.f1 - 1.0 / 3.0) < 1e-9)
    }
}
