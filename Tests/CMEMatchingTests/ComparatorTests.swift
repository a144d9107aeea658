import CMECore
import Testing

@testable import CMEMatching

@Suite("Comparators")
struct ComparatorTests {
    @Test func forenamesAreGradedFromExactToDifferent() {
        #expect(Comparators.forename("ZOË", "zoe") == .exact)
        #expect(Comparators.forename("Alex", "Alexander") == .variant)
        #expect(Comparators.forename("Mohammed", "Muhammad") == .variant)
        #expect(Comparators.forename("Ali", "Muhammad", middleNames: (nil, "Ali")) == .variant)
        #expect(Comparators.forename("Lilly-Mae", "Lilly") == .variant)
        #expect(Comparators.forename("Catherine", "Kathrin") == .phonetic)
        #expect(Comparators.forename("Oliver", "Olivet") == .jaroWinkler92)
        #expect(Comparators.forename("Harriet", "Harrison") == .jaroWinkler85)
        #expect(Comparators.forename("Olivia", "Amelia") == .different)
        #expect(Comparators.forename(nil, "Amelia") == nil)
        // An initial that fits is no evidence either way ("H Hussein" for Haider, the hard profile's 1%).
        #expect(Comparators.forename("H", "Haider") == nil)
        #expect(Comparators.forename("b.", "Bridget") == nil)
        #expect(Comparators.forename("H", "Bridget") == .different)
    }

    @Test func surnamesTryPreferredFormerAndHyphenatedParts() {
        let smithJones = pupil("a", "Jack", "Smith-Jones", nil)
        #expect(Comparators.surname(smithJones, pupil("b", "Jack", "Jones", nil)) == .alias)
        #expect(
            Comparators.surname(pupil("a", "Lily", "Evans", nil, former: "Baker"), pupil("b", "Lily", "Baker", nil))
                == .alias
        )
        #expect(
            Comparators.surname(pupil("a", "Ann", "Singh", nil, preferred: "Sandhu"), pupil("b", "Ann", "Sandhu", nil))
                == .alias
        )
        #expect(Comparators.surname(pupil("a", "A", "Al-Hashimi", nil), pupil("b", "A", "Al-Sayed", nil)) != .alias)
        #expect(Comparators.surname(pupil("a", "A", "Chaudhry", nil), pupil("b", "A", "Choudhury", nil)) == .variant)
        #expect(Comparators.surname(pupil("a", "A", "Jackson", nil), pupil("b", "A", "Jack", nil)) != .variant)
        #expect(Comparators.surname(pupil("a", "A", "Smith", nil), pupil("b", "A", "Smyth", nil)) == .variant)
        #expect(Comparators.surname(pupil("a", "A", "Kowalski", nil), pupil("b", "A", "Kowalska", nil)) == .phonetic)
        #expect(Comparators.surname(pupil("a", "A", "Edwards", nil), pupil("b", "A", "Edwarsd", nil)) == .jaroWinkler92)
        #expect(Comparators.surname(pupil("a", "A", "Smith", nil), pupil("b", "A", "Okafor", nil)) == .different)
    }

    @Test func transposedNamesAreDetected() {
        #expect(Comparators.namesTransposed(pupil("a", "Hassan", "Ali", nil), pupil("b", "Ali", "Hassan", nil)))
        #expect(!Comparators.namesTransposed(pupil("a", "Ali", "Hassan", nil), pupil("b", "Ali", "Hassan", nil)))
        // Transposed with a slip in one name (the hard profile stacks them).
        #expect(
            Comparators.namesTransposed(
                pupil("a", "Okafur", "Chukwuemeka", nil),
                pupil("b", "Chukwuemeka", "Okafor", nil)
            )
        )
    }

    @Test func datesOfBirthAreGraded() throws {
        func level(_ a: String, _ b: String) throws -> DobLevel {
            Comparators.dateOfBirth(try Day(iso: a), try Day(iso: b))
        }
        #expect(try level("2015-03-07", "2015-03-07") == .exact)
        #expect(try level("2015-03-07", "2015-07-03") == .swapped)
        #expect(try level("2015-03-07", "2015-03-08") == .oneDayOff)
        #expect(try level("2015-02-28", "2015-03-01") == .oneDayOff)
        #expect(try level("2015-03-07", "2015-03-27") == .oneDigitOff)
        #expect(try level("2015-03-07", "2016-03-07") == .oneDigitOff)
        #expect(try level("2015-03-07", "2015-11-20") == .yearOnly)
        #expect(try level("2015-03-07", "2012-11-20") == .different)
    }

    @Test func upnsCountOnlyWhenValidAndTemporaryOnesCountLess() {
        let permanent = validUPN("201200112345")
        let other = validUPN("201200112346")
        let temporary = validUPN("20120011234A")
        #expect(Comparators.upn(permanent, permanent) == .exact)
        #expect(Comparators.upn(permanent.lowercased(), permanent) == .exact)
        #expect(Comparators.upn(temporary, temporary) == .exactTemporary)
        #expect(Comparators.upn(permanent, other) == .different)
        #expect(Comparators.upn(permanent, temporary) == .differentTemporary)
        let wrongCheck = (permanent.first == "A" ? "B" : "A") + permanent.dropFirst()
        #expect(Comparators.upn(wrongCheck, permanent) == nil)
        #expect(Comparators.upn(nil, permanent) == nil)
    }

    /// The byte-level UPN check must agree with CMECore's `UPN` on every kind of input it handles.
    @Test func theFastUPNCheckAgreesWithCMECore() {
        var rng = SeededGenerator(seed: 7)
        let characters = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdz-")
        var checked = 0
        for _ in 0..<20_000 {
            var body = (0..<12).map { _ in Character(String(Int(rng.next(below: 10)))) }
            if rng.chance(0.2) { body[11] = UPN.alphabet[Int(rng.next(below: 23))] }
            var text = Array(String(UPN.checkLetter(for: body)) + String(body))
            if rng.chance(0.5) {
                text[Int(rng.next(below: 13))] = characters[Int(rng.next(below: UInt64(characters.count)))]
            }
            let string = String(text)
            let reference = (try? UPN(string.uppercased())).map(\.isTemporary)
            #expect(Normalise.asciiUPN(Array(string.utf8)) == reference, "\(string)")
            if reference != nil { checked += 1 }
        }
        #expect(checked > 9_000)
    }

    @Test func postcodesAreComparedByLevel() {
        #expect(Comparators.postcode("ip1 2bx", "IP12BX") == .full)
        #expect(Comparators.postcode("IP1 2BX", "IP1 2QT") == .sector)
        #expect(Comparators.postcode("IP1 2BX", "IP1 9QT") == .district)
        #expect(Comparators.postcode("IP1 2BX", "IP11 2BX") == .different)
        #expect(Comparators.postcode("IP1", "IP1 9QT") == .district)
        #expect(Comparators.postcode("", "IP1 9QT") == nil)
    }

    @Test func addressesCompareTheirWordsAndHousesTheirNumbers() throws {
        let same = try #require(
            Comparators.addressSimilarity("12 Station Rd, Ipswich", "12 STATION ROAD IPSWICH IP1 2BX")
        )
        #expect(same == 1)
        let street = try #require(Comparators.addressSimilarity("12 Station Road, Ipswich", "14 Station Road"))
        #expect(abs(street - 2.0 / 3.0) < 1e-9)
        let home = pupil("a", "A", "B", nil, postcode: "IP1 2BX", address: "12 Station Road, Ipswich")
        #expect(Comparators.location(home, pupil("b", "A", "B", nil, address: "12 Station Rd")) == .sameAddress)
        #expect(
            Comparators.location(home, pupil("b", "A", "B", nil, postcode: "IP12BX", address: "14 Station Road"))
                == .postcode
        )
        #expect(
            Comparators.location(home, pupil("b", "A", "B", nil, address: "14 Station Road, Ipswich"))
                == .similarAddress
        )
        #expect(Comparators.location(home, pupil("b", "A", "B", nil, postcode: "IP1 2ZZ")) == .sector)
        #expect(
            Comparators.location(home, pupil("b", "A", "B", nil, postcode: "LE4 1AA", address: "3 Elm Grove"))
                == .different
        )
        #expect(Comparators.location(home, pupil("b", "A", "B", nil)) == nil)
    }

    @Test func genderIsReadFromCodesAndWords() {
        #expect(Comparators.gender("M", "male") == .same)
        #expect(Comparators.gender(" f ", "Girl") == .same)
        #expect(Comparators.gender("M", "F") == .different)
        #expect(Comparators.gender("U", "F") == nil)
    }

    @Test func theFastJaroWinklerMatchesTheStringOneAndItsBoundHolds() {
        var names = [
            "martha", "marhta", "dwayne", "duane", "dixon", "dicksonx", "oliver", "olivia", "khan", "kahn",
            "abdulrahman", "abdirahman", "a", "zz", "oluwadamilareoluwatimilehinanuoluwapo",
        ]
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<300 {
            let length = 1 + Int(rng.next(below: 40))
            names.append(String((0..<length).map { _ in Character(UnicodeScalar(97 + UInt8(rng.next(below: 6)))) }))
        }
        for x in names {
            for y in names.prefix(60) {
                let a = NameInfo(words: [x])
                let b = NameInfo(words: [y])
                let fast = StringDistance.jaroWinkler(a, b)
                if x.count <= 32 && y.count <= 32 { #expect(abs(fast - StringDistance.jaroWinkler(x, y)) < 1e-12) }
                #expect(StringDistance.jaroWinklerBound(a, b) >= fast - 1e-12, "\(x) \(y)")
            }
        }
    }

    @Test func radixSortSortsLikeTheStandardLibrary() {
        var rng = SeededGenerator(seed: 9)
        for count in [0, 5, 3_000, 50_000] {
            // Keys as the block index makes them: a 40-bit hash above a 24-bit record number.
            var values = (0..<count).map { _ in (rng.next() >> 24) << 24 | rng.next(below: 1 << 24) }
            let expected = values.sorted()
            RadixSort.sort(&values)
            #expect(values == expected)
        }
        // As the block index files them: few distinct keys, record numbers rising, sorted on the key bits only.
        for count in [3_000, 50_000] {
            var values = (0..<count).map { index in
                (rng.next(below: 97) << 40 | rng.next(below: 1 << 16)) << 24 | UInt64(index)
            }
            let expected = values.sorted()
            RadixSort.sort(&values, fromBit: 24)
            #expect(values == expected)
        }
    }
}
