import CMECore
import CMEMatching
import Testing

/// Issue 18: "Quenby", "Smith", "R Quenby" and "Quenby Rosalind" all returned nothing; a search finds a child by any
/// name, in any order, by part of a name, misspelt, by a date of birth with day and month swapped, a former UPN or a
/// postcode, ranked by the tracing engine with the reason in words.
@Suite("Child search ranking")
struct ChildSearchRankingTests {
    /// A second UPN the child was referred with (valid: its check letter computed).
    static let formerUPN = String(UPN.checkLetter(for: Array("801200005002"))) + "801200005002"

    static let children = [
        SearchCandidate(
            id: "rosalind",
            forename: "Rosalind",
            surname: "Quenby",
            dateOfBirth: Day(year: 2014, month: 3, day: 7),
            upns: ["A123456789012", Self.formerUPN],
            postcodes: ["IP1 2BX"]
        ),
        SearchCandidate(
            id: "thomas",
            forename: "Thomas",
            surname: "Quenby",
            dateOfBirth: Day(year: 2012, month: 1, day: 9)
        ),
        SearchCandidate(
            id: "alfred",
            forename: "Alfred",
            surname: "Smith",
            dateOfBirth: Day(year: 2013, month: 5, day: 2)
        ),
        SearchCandidate(
            id: "grace",
            forename: "Grace",
            surname: "Smithson",
            otherNames: ["Grace Hollis"],
            dateOfBirth: Day(year: 2015, month: 11, day: 20),
            postcodes: ["NR3 1AB"]
        ),
        SearchCandidate(id: "noah", forename: "Noah", surname: "Vale", dateOfBirth: Day(year: 2011, month: 6, day: 14)),
    ]

    func ids(_ name: String?, dob: Day? = nil, upn: String? = nil, postcode: String? = nil) -> [String] {
        ChildSearchRanking.rank(
            ChildSearchQuery(name: name, dateOfBirth: dob, upn: upn, postcode: postcode),
            among: Self.children
        ).map(\.id)
    }

    func reasons(_ name: String?, dob: Day? = nil) -> [String] {
        ChildSearchRanking.rank(ChildSearchQuery(name: name, dateOfBirth: dob), among: Self.children).first?.reasons
            ?? []
    }

    @Test func aSurnameAloneFindsEveryChildWithIt() {
        #expect(Set(self.ids("Quenby")) == ["rosalind", "thomas"])
        #expect(self.reasons("Quenby").contains("surname the same"))
    }

    @Test func namesInEitherOrderFindTheChild() {
        #expect(self.ids("Quenby Rosalind").first == "rosalind")
        #expect(self.ids("Rosalind Quenby").first == "rosalind")
        #expect(self.reasons("Quenby Rosalind").contains("names given surname first"))
    }

    @Test func anInitialNarrowsToTheChildWhoseForenameItBegins() {
        #expect(self.ids("R Quenby") == ["rosalind"])
        #expect(self.reasons("R Quenby").contains("initial R"))
    }

    @Test func partOfANameFindsTheChild() {
        #expect(self.ids("Quen").first.map { ["rosalind", "thomas"].contains($0) } == true)
        #expect(self.reasons("Quen").contains("\u{201C}Quen\u{201D} is the start of Quenby"))
        #expect(self.ids("Ros Quen") == ["rosalind"] || self.ids("Ros Quen").first == "rosalind")
    }

    @Test func aMisspeltNameStillFindsTheChild() {
        #expect(self.ids("Rosalnd Qenby").first == "rosalind")
        #expect(self.ids("Noah Vail").first == "noah")
    }

    @Test func aShortFormFindsTheFullName() {
        #expect(self.ids("Alfie Smith").first == "alfred")
        #expect(self.reasons("Alfie Smith").contains("forename a short form of the name"))
    }

    @Test func anExactSurnameRanksAboveALongerOne() {
        #expect(self.ids("Smith") == ["alfred", "grace"] || self.ids("Smith").first == "alfred")
    }

    @Test func anotherNameFindsTheChild() {
        #expect(self.ids("Grace Hollis").first == "grace")
    }

    @Test func aDateOfBirthWithDayAndMonthSwappedFindsTheChild() {
        #expect(self.ids(nil, dob: Day(year: 2014, month: 7, day: 3)) == ["rosalind"])
        #expect(
            self.reasons(nil, dob: Day(year: 2014, month: 7, day: 3)).contains(
                "date of birth with day and month swapped"
            )
        )
        #expect(ChildSearchQuery(name: nil, dateOfBirth: Day(year: 2014, month: 7, day: 3)).birthDays.count == 2)
    }

    @Test func aFormerUPNOrAPostcodeFindsTheChild() {
        #expect(self.ids(nil, upn: Self.formerUPN) == ["rosalind"])
        #expect(self.ids(nil, postcode: "ip12bx") == ["rosalind"])
    }

    @Test func aChildWhoAgreesWithNothingTypedIsLeftOut() {
        #expect(!self.ids("Quenby").contains("noah"))
        #expect(self.ids("Zebedee").isEmpty)
    }

    @Test func keysHoldEveryNameItsSoundAndTheUPNAndPostcode() {
        let keys = SearchKeys.child(names: ["Rosalind", "Quenby"], upns: ["a123"], postcodes: ["ip1 2bx"])
        #expect(keys.contains("quenby"))
        #expect(keys.contains { $0.hasPrefix("#") })
        #expect(keys.contains("=UA123"))
        #expect(keys.contains("=PIP12BX"))
        let lookups = ChildSearchQuery(name: "Qenby").lookups
        #expect(lookups.count == 1)
        #expect(Set(lookups[0].exact).intersection(keys).isEmpty == false, "a misspelling shares a sound key")
    }
}
