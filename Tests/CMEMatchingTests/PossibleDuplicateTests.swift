import CMECore
import Testing

@testable import CMEMatching

/// Issue 18: which known children intake puts beside a new record for a person to compare, a pure function.
@Suite("Possible duplicates")
struct PossibleDuplicateTests {
    func child(
        _ forename: String,
        _ surname: String,
        _ dob: String,
        upn: String? = nil,
        postcode: String? = "IP1 2BX"
    ) -> SearchCandidate {
        SearchCandidate(
            id: "\(forename) \(surname)",
            forename: forename,
            surname: surname,
            dateOfBirth: try? Day(iso: dob),
            upns: upn.map { [$0] } ?? [],
            postcodes: postcode.map { [$0] } ?? []
        )
    }

    @Test("A new surname after a family change is put to a person, with what agreed and what differed in words")
    func newSurname() {
        let found = PossibleDuplicate.candidates(
            for: self.child("Amelia", "Whitlock", "2014-03-27"),
            among: [self.child("Amelia", "Price", "2014-03-27")]
        )
        #expect(found.count == 1)
        let duplicate = found.first?.duplicate
        #expect((duplicate?.score ?? 0) >= PossibleDuplicate.threshold)
        #expect(duplicate?.agreeing.contains("forename the same") == true, "\(String(describing: duplicate))")
        #expect(duplicate?.differing.contains("surname differs") == true, "\(String(describing: duplicate))")
    }

    @Test("A shared postcode sector or district is no evidence in the queue or side by side, as at intake (ADR 0017)")
    func aSharedSectorWeighsNothing() {
        let referred = self.child("Amelia", "Whitlock", "2014-03-27", postcode: "IP1 2BX")
        let county = KnownRegister(children: 20_000, nameCounts: ["amelia": 160, "whitlock": 2], pairCounts: [:])
        for register in [nil, county] {
            let street = PossibleDuplicate.compare(
                referred,
                with: self.child("Amelia", "Price", "2014-03-27", postcode: "IP1 2QT"),
                register: register
            )
            let district = PossibleDuplicate.compare(
                referred,
                with: self.child("Amelia", "Price", "2014-03-27", postcode: "IP1 9ZZ"),
                register: register
            )
            let none = PossibleDuplicate.compare(
                referred,
                with: self.child("Amelia", "Price", "2014-03-27", postcode: nil),
                register: register
            )
            #expect(street.weight == none.weight, "a neighbouring street's postcode, register \(register != nil)")
            #expect(district.weight == none.weight, "the same district, register \(register != nil)")
            let home = PossibleDuplicate.compare(
                referred,
                with: self.child("Amelia", "Price", "2014-03-27", postcode: "IP1 2BX"),
                register: register
            )
            #expect(home.weight > none.weight, "the same full postcode still counts")
        }
    }

    @Test("A twin or sibling (same surname and date of birth, another forename) is never proposed")
    func twinsKeptApart() {
        let known = [self.child("Oliver", "Price", "2014-03-27"), self.child("Olivia", "Price", "2014-03-27")]
        #expect(PossibleDuplicate.candidates(for: self.child("Amelia", "Price", "2014-03-27"), among: known).isEmpty)
        // A forename a letter out (a typo, not another name) is put to a person.
        let close = PossibleDuplicate.candidates(for: self.child("Olivai", "Price", "2014-03-27"), among: [known[1]])
        #expect(close.count == 1)
    }

    @Test("Two permanent UPNs that differ are two children; a temporary one does not decide")
    func upns() {
        let known = [self.child("Amelia", "Price", "2014-03-27", upn: "A801200001001")]
        let other = self.child("Amelia", "Whitlock", "2014-03-27", upn: "A801200001999")
        #expect(PossibleDuplicate.candidates(for: other, among: known).isEmpty)
        let temporary = self.child("Amelia", "Whitlock", "2014-03-27", upn: "A80120000100X")
        #expect(PossibleDuplicate.candidates(for: temporary, among: known).count == 1)
    }

    @Test("Children born the same day with nothing else in common are not proposed")
    func strangers() {
        let found = PossibleDuplicate.candidates(
            for: self.child("Jacob", "Okafor", "2014-03-27", postcode: "NR1 1AA"),
            among: [self.child("Amelia", "Price", "2014-03-27")]
        )
        #expect(found.isEmpty, "\(found.map(\.duplicate))")
    }
}
