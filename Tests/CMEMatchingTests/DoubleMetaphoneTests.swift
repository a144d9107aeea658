import CMEMatching
import Testing

@Suite("Double Metaphone")
struct DoubleMetaphoneTests {
    @Test func smithAndSchmidtShareACode() {
        let smith = DoubleMetaphone.encode("Smith")
        let schmidt = DoubleMetaphone.encode("Schmidt")
        #expect(smith == ("SM0", "XMT"))
        #expect(schmidt == ("XMT", "SMT"))
        #expect(smith.alternate == schmidt.primary)
    }

    @Test(arguments: [
        // The published rules keep the P of "Thompson" (Philips' C++ and Apache Commons Codec agree): TMPS, and
        // TMPSN without the four-letter limit. "Thomas" shows the TH-before-OM rule.
        ("Thompson", "TMPS", "TMPS"), ("Thomas", "TMS", "TMS"), ("Knight", "NT", "NT"), ("Xavier", "SF", "SFR"),
        ("Catherine", "K0RN", "KTRN"), ("Kathryn", "K0RN", "KTRN"), ("Jose", "HS", "HS"), ("Caesar", "SSR", "SSR"),
        ("Arnow", "ARN", "ARNF"), ("Filipowicz", "FLPT", "FLPF"), ("Gallegos", "KLKS", "KKS"), ("Dumb", "TM", "TM"),
        ("Hugh", "H", "H"), ("Cabrillo", "KPRL", "KPR"), ("Richard", "RXRT", "RKRT"), ("Mohammed", "MHMT", "MHMT"),
        ("Muhammad", "MHMT", "MHMT"), ("Zofia", "SF", "SF"), ("Sofia", "SF", "SF"), ("", "", ""),
    ])
    func textbookCodes(name: String, primary: String, alternate: String) {
        #expect(DoubleMetaphone.encode(name) == (primary, alternate))
    }

    @Test func theLengthLimitCanBeRaised() {
        #expect(DoubleMetaphone.encode("Thompson", maxLength: 10).primary == "TMPSN")
        #expect(DoubleMetaphone.encode("Chukwuemeka", maxLength: 10).primary == "XKMK")
    }

    @Test func accentsAndCaseDoNotChangeTheCode() {
        #expect(DoubleMetaphone.encode("ŁUKASZ") == DoubleMetaphone.encode("lukasz"))
        #expect(DoubleMetaphone.encode("Zoë") == DoubleMetaphone.encode("Zoe"))
    }
}
