import CMEMatching
import Testing

/// Small populations whose right answers are known. Each roll has a few dozen families around the children under
/// test, so that frequencies mean something; the lost records are the cases.
@Suite("Linking hand-made populations")
struct LinkerTests {
    /// Children in other families: namesakes, neighbours and common names, so that no field is unique by accident.
    static let background: [PupilRecord] = {
        let forenames = [
            "Oliver", "George", "Amelia", "Isla", "Noah", "Ava", "Leo", "Mia", "Harry", "Lily", "Jack",
            "Grace", "Muhammad", "Maryam", "Jacob", "Sophia", "Oscar", "Freya", "Charlie", "Evie",
        ]
        let surnames = ["Smith", "Jones", "Taylor", "Brown", "Khan", "Williams", "Davies", "Evans", "Patel", "Wilson"]
        var records: [PupilRecord] = []
        for i in 0..<120 {
            let month = 1 + i % 12
            let day = 1 + (i * 7) % 28
            records.append(
                pupil(
                    "B\(i)",
                    forenames[i % forenames.count],
                    surnames[(i / 3) % surnames.count],
                    "201\(i % 10)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)",
                    gender: i % 2 == 0 ? "M" : "F",
                    upn: validUPN("20120\(String(1_000_000 + i).suffix(6))1"),
                    postcode: "LE\(1 + i % 9) \(i % 10)AB",
                    address: "\(1 + i) Park Road, Leicester"
                )
            )
        }
        return records
    }()

    static let clarkes = [
        pupil(
            "R1",
            "Amelia",
            "Clarke",
            "2015-03-07",
            gender: "F",
            upn: validUPN("201200112345"),
            postcode: "IP1 2BX",
            address: "12 Station Road, Ipswich"
        ),
        pupil(
            "R2",
            "Olivia",
            "Clarke",
            "2015-03-07",
            gender: "F",
            upn: validUPN("201200112346"),
            postcode: "IP1 2BX",
            address: "12 Station Road, Ipswich"
        ),
        pupil(
            "R3",
            "Harry",
            "Clarke",
            "2012-11-20",
            gender: "M",
            upn: validUPN("201200112347"),
            postcode: "IP1 2BX",
            address: "12 Station Road, Ipswich"
        ),
    ]

    @Test func twinsAndSiblingsInOneHouseholdAreNotMerged() {
        // setup: R1 and R2 are twins, R3 their brother. L1 is Amelia without her UPN; L2 a third twin and L3 a
        // younger brother, neither on the roll; L4 is Olivia, moved away.
        let roll = Self.background + Self.clarkes
        let lost = [
            pupil("L1", "Amelia", "Clarke", "2015-03-07", gender: "F", postcode: "IP1 2BX", address: "12 Station Road"),
            pupil("L2", "Sophie", "Clarke", "2015-03-07", gender: "F", postcode: "IP1 2BX", address: "12 Station Road"),
            pupil(
                "L3",
                "George",
                "Clarke",
                "2018-05-02",
                gender: "M",
                postcode: "IP1 2BX",
                address: "12 Station Road, Ipswich"
            ),
            pupil("L4", "Olivia", "Clarke", "2015-03-07", gender: "F", postcode: "NR2 4PP", address: "3 Elm Grove"),
        ]

        // MUT
        let matches = Linker().link(roll: roll, lost: lost, threshold: 0.9)

        // validate
        #expect(matches.best(for: "L1")?.rollID == "R1")
        #expect(matches.best(for: "L1")?.band == .match)
        #expect(!matches.rows(for: "L1").contains { $0.rollID == "R2" && $0.band == .match })
        #expect(matches.rows(for: "L2").allSatisfy { $0.band != .match }, "a third twin is nobody on the roll")
        #expect(matches.rows(for: "L3").allSatisfy { $0.band != .match }, "a brother is not Harry")
        #expect(matches.best(for: "L4")?.rollID == "R2")
        #expect(!matches.rows(for: "L4").contains { $0.rollID == "R1" && $0.band == .match })
    }

    @Test func aDayMonthSwapANicknameATranspositionAndAHyphenatedSurnameAllMatch() throws {
        // setup: every lost child has moved and lost their UPN; each also differs in one more way.
        let roll =
            Self.background + [
                pupil(
                    "R1",
                    "Jessica",
                    "Oyelaran",
                    "2014-02-11",
                    gender: "F",
                    postcode: "SE15 4RT",
                    address: "19 Park Avenue"
                ),
                pupil(
                    "R2",
                    "Alexander",
                    "Wright",
                    "2013-06-17",
                    gender: "M",
                    postcode: "NR2 4PP",
                    address: "88 Kings Road"
                ),
                pupil(
                    "R3",
                    "Chukwuemeka",
                    "Okafor",
                    "2011-02-03",
                    gender: "M",
                    postcode: "SE5 8AA",
                    address: "2 Hill Rise"
                ),
                pupil(
                    "R4",
                    "Jack",
                    "Smith-Jones",
                    "2014-10-02",
                    gender: "M",
                    postcode: "NR3 1AA",
                    address: "5 Mill Lane"
                ),
                pupil(
                    "R5",
                    "Ali",
                    "Hassan",
                    "2013-04-25",
                    gender: "M",
                    middle: nil,
                    postcode: "LU1 1AA",
                    address: "21 Victoria Road"
                ),
                pupil(
                    "R6",
                    "Muhammad",
                    "Rahman",
                    "2012-09-30",
                    gender: "M",
                    middle: "Yusuf",
                    postcode: "E1 6AN",
                    address: "40 Brick Lane"
                ),
            ]
        let lost = [
            pupil("L1", "Jessica", "Oyelaran", "2014-11-02", gender: "F", postcode: "M14 5TQ", address: "7 Oak Close"),
            pupil("L2", "Alex", "Wright", "2013-06-17", gender: "M", postcode: "BS3 4HJ", address: "1 Ash Way"),
            pupil("L3", "Okafor", "Chukwuemeka", "2011-02-03", gender: "M", postcode: "B12 9LP", address: "6 Elm Road"),
            pupil("L4", "Jack", "Jones", "2014-10-02", gender: "M", postcode: "PE1 3AB", address: "9 New Street"),
            pupil("L5", "Yusuf", "Rahman", "2012-09-30", gender: "M", postcode: "OL8 1QQ", address: "3 Ash Grove"),
        ]

        // MUT
        let matches = Linker().link(roll: roll, lost: lost, threshold: 0.9, bestOnly: true)

        // validate
        let expected = [
            ("L1", "R1", "dob=day/month swap"), ("L2", "R2", "forename=nickname"),
            ("L3", "R3", "names=transposed"), ("L4", "R4", "surname=hyphen part"), ("L5", "R6", "forename=middle name"),
        ]
        for (lostID, rollID, evidence) in expected {
            let best = try #require(matches.best(for: lostID), "\(lostID) found nothing")
            #expect(best.rollID == rollID)
            #expect(best.band == .match, "\(lostID): \(best.score) \(best.summary)")
            #expect(best.summary.contains(evidence), "\(lostID): \(best.summary)")
        }
        #expect(matches.count == expected.count, "best only: one row per lost record")
    }

    @Test func aCommonNameIsWeakerEvidenceThanARareOneWithTheSameAgreement() throws {
        // setup: thirty Smiths on the roll and one Oyelaran; each lost child agrees with its roll record on
        // forename, surname and date of birth only.
        var roll = Self.background
        for i in 0..<30 {
            roll.append(
                pupil(
                    "S\(i)",
                    ["Amy", "Ben", "Cara", "Dan", "Ella"][i % 5],
                    "Smith",
                    "201\(i % 8)-0\(1 + i % 9)-1\(i % 9)"
                )
            )
        }
        roll.append(
            pupil("R1", "Jessica", "Smith", "2014-02-11", gender: "F", postcode: "LS6 1AA", address: "3 Church Street")
        )
        roll.append(
            pupil(
                "R2",
                "Jessica",
                "Oyelaran",
                "2014-02-12",
                gender: "F",
                postcode: "SE15 4RT",
                address: "19 Park Avenue"
            )
        )
        let lost = [
            pupil("L1", "Jessica", "Smith", "2014-02-11", gender: "F", postcode: "B12 9LP", address: "6 Elm Road"),
            pupil("L2", "Jessica", "Oyelaran", "2014-02-12", gender: "F", postcode: "M14 5TQ", address: "7 Oak Close"),
        ]

        // MUT
        let matches = Linker().link(roll: roll, lost: lost, threshold: 0.9, bestOnly: true)

        // validate
        let common = try #require(matches.best(for: "L1"))
        let rare = try #require(matches.best(for: "L2"))
        #expect(common.rollID == "R1" && rare.rollID == "R2")
        #expect(rare.matchWeight > common.matchWeight + 2)
        let surnameWeight = { (match: Match) in match.evidence.first { $0.field == "surname" }?.weight ?? 0 }
        #expect(surnameWeight(rare) > surnameWeight(common) + 2)
    }

    @Test func evidenceNamesEveryComparedFieldWithItsWeight() throws {
        let roll = Self.background + Self.clarkes
        let lost = [
            pupil(
                "L1",
                "Amelia",
                "Clark",
                "2015-03-07",
                gender: "F",
                upn: validUPN("201200112345"),
                postcode: "IP1 2BX"
            )
        ]

        let best = try #require(Linker().link(roll: roll, lost: lost, bestOnly: true).first)

        #expect(best.rollID == "R1")
        #expect(best.evidence.map(\.field) == ["forename", "surname", "dob", "upn", "postcode", "gender"])
        #expect(best.evidence.allSatisfy { $0.weight > 0 })
        #expect(best.summary.hasPrefix("forename=exact (+"))
        #expect(best.summary.contains("surname=jw 0.96") || best.summary.contains("surname=spelling variant"))
        #expect(best.summary.contains("upn=exact"))
        #expect(best.score > 0.99)
    }

    @Test func outputIsTheSameWhateverTheNumberOfWorkers() {
        let population = SyntheticPopulation.generate(rollSize: 1_500, lostSize: 200, seed: 11)
        var one = LinkOptions()
        one.workers = 1
        var four = LinkOptions()
        four.workers = 4

        let serial = Linker(options: one).link(roll: population.roll, lost: population.lost)
        let parallel = Linker(options: four).link(roll: population.roll, lost: population.lost)

        #expect(serial == parallel)
        #expect(serial.map(\.lostID) == serial.map(\.lostID).sorted(), "rows follow the lost file's order")
    }

    @Test func nothingToLinkGivesNoRows() {
        #expect(Linker().link(roll: [], lost: Self.clarkes).isEmpty)
        #expect(Linker().link(roll: Self.clarkes, lost: []).isEmpty)
    }
}
