import CMEMatching
import Testing

@Suite("Name comparators")
struct StringDistanceTests {
    @Test func normalisationFoldsAccentsPunctuationAndTitles() {
        #expect(Normalise.name("  Zoë  O'Neil-Smith ") == "zoe oneil smith")
        #expect(Normalise.name("Łukasz Wójcik") == "lukasz wojcik")
        #expect(Normalise.name("Mr. John SMITH") == "john smith")
        #expect(Normalise.postcode(" ip1 2bx") == "IP12BX")
    }

    @Test func damerauLevenshteinCountsATranspositionAsOneEdit() {
        #expect(StringDistance.damerauLevenshtein("kaleigh", "kaliegh") == 1)
        #expect(StringDistance.damerauLevenshtein("mohammed", "muhammad") == 2)
        #expect(StringDistance.damerauLevenshtein("", "abc") == 3)
        #expect(StringDistance.damerauLevenshtein("smith", "smith") == 0)
    }

    @Test func jaroWinklerMatchesTheTextbookValues() {
        #expect(abs(StringDistance.jaroWinkler("martha", "marhta") - 0.961) < 0.001)
        #expect(abs(StringDistance.jaroWinkler("dwayne", "duane") - 0.84) < 0.001)
        #expect(abs(StringDistance.jaroWinkler("dixon", "dicksonx") - 0.813) < 0.001)
        #expect(StringDistance.jaroWinkler("abc", "xyz") == 0)
    }
}
