import CMEMatching
import Foundation
import Testing

@Suite("Intake duplicate check")
struct LinkIndexTests {
    @Test func oneRecordIsCheckedAgainstAHundredThousandInWellUnderTenMilliseconds() throws {
        // setup
        let population = SyntheticPopulation.generate(rollSize: 100_000, lostSize: 300, seed: 5)
        let index = LinkIndex(records: population.roll)
        let queries = Array(population.lost.prefix(200))
        _ = index.bestMatch(for: queries[0])

        // MUT
        let clock = ContinuousClock()
        var found: [Match?] = []
        let elapsed = clock.measure {
            for query in queries { found.append(index.bestMatch(for: query)) }
        }

        // validate: even in a debug build the mean is about a millisecond.
        #expect(index.count == 100_000)
        #expect(elapsed / queries.count < .milliseconds(10))
        var right = 0
        var known = 0
        for (query, best) in zip(queries, found) {
            guard let truth = population.truth[query.recordID] else {
                #expect(best?.band != .match || best?.rollID == nil, "\(query.recordID) is on no roll")
                continue
            }
            known += 1
            if best?.rollID == truth && best?.band == .match { right += 1 }
        }
        #expect(Double(right) / Double(known) > 0.9)
    }

    @Test func aReferralForAKnownChildFindsThemAndATwinDoesNot() throws {
        let roll = LinkerTests.background + LinkerTests.clarkes
        let index = LinkIndex(records: roll)

        let amelia = try #require(
            index.bestMatch(
                for: pupil("Q1", "Amelia", "CLARKE", "07/03/2015".isoFromUK, gender: "F", postcode: "IP12BX")
            )
        )
        let triplet = index.candidates(
            for: pupil(
                "Q2",
                "Sophie",
                "Clarke",
                "2015-03-07",
                gender: "F",
                postcode: "IP1 2BX",
                address: "12 Station Road, Ipswich"
            ),
            minimumScore: 0
        )

        #expect(amelia.rollID == "R1" && amelia.band == .match)
        #expect(amelia.lostID == "Q1")
        #expect(!triplet.isEmpty)
        #expect(triplet.allSatisfy { $0.band != .match })
        #expect(index.bestMatch(for: pupil("Q3", "Nobody", "Atall", "1999-01-01")) == nil)
    }
}

extension String {
    /// "07/03/2015" as "2015-03-07".
    fileprivate var isoFromUK: String {
        let parts = self.split(separator: "/")
        return "\(parts[2])-\(parts[1])-\(parts[0])"
    }
}
