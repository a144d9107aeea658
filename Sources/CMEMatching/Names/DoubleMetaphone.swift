/// Double Metaphone (Lawrence Philips, "The Double Metaphone Search Algorithm", C/C++ Users Journal, June 2000):
/// a primary and an alternate phonetic code for a name, so that "Smith" (SM0, XMT) and "Schmidt" (XMT, SMT) meet on
/// XMT. Implemented from the published rules; `0` stands for the "th" sound and `X` for "sh"/"ch".
public enum DoubleMetaphone {
    /// The primary and alternate codes of `name`, each at most `maxLength` characters (4 in the original). The
    /// alternate equals the primary when the name has only one reading; both are empty for a name with no letters.
    public static func encode(_ name: String, maxLength: Int = 4) -> (primary: String, alternate: String) {
        let words = Normalise.words(name)
        guard !words.isEmpty else { return ("", "") }
        var encoder = DoubleMetaphoneEncoder(
            Array(words.joined(separator: " ").uppercased().utf8),
            maxLength: maxLength
        )
        encoder.run()
        return (
            String(decoding: encoder.primary.prefix(maxLength), as: UTF8.self),
            String(decoding: encoder.secondary.prefix(maxLength), as: UTF8.self)
        )
    }
}

/// The encoder's state: the upper-case word padded with spaces (the original indexes past the end), the position,
/// and the two codes being built.
struct DoubleMetaphoneEncoder {
    let word: [UInt8]
    let length: Int
    let last: Int
    let maxLength: Int
    let slavoGermanic: Bool
    var primary: [UInt8] = []
    var secondary: [UInt8] = []
    var current = 0

    init(_ letters: [UInt8], maxLength: Int) {
        self.length = letters.count
        self.last = letters.count - 1
        self.word = letters + Array(repeating: UInt8(ascii: " "), count: 5)
        self.maxLength = maxLength
        let text = String(decoding: letters, as: UTF8.self)
        self.slavoGermanic = text.contains("W") || text.contains("K") || text.contains("CZ") || text.contains("WITZ")
    }

    mutating func run() {
        guard self.length > 0 else { return }
        // Silent first letters: GN, KN, PN, WR, PS.
        if self.at(0, "GN", "KN", "PN", "WR", "PS") { self.current += 1 }
        // An initial X sounds as Z ("Xavier"), and Z codes as S.
        if self.char(0) == UInt8(ascii: "X") {
            self.add("S")
            self.current += 1
        }
        while self.primary.count < self.maxLength || self.secondary.count < self.maxLength {
            guard self.current < self.length else { break }
            switch self.char(self.current) {
            case UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "O"), UInt8(ascii: "U"),
                UInt8(ascii: "Y"):
                // Only an initial vowel is coded, always as A.
                if self.current == 0 { self.add("A") }
                self.current += 1
            case UInt8(ascii: "B"):
                self.add("P")
                self.current += self.char(self.current + 1) == UInt8(ascii: "B") ? 2 : 1
            case UInt8(ascii: "C"): self.letterC()
            case UInt8(ascii: "D"): self.letterD()
            case UInt8(ascii: "F"):
                self.current += self.char(self.current + 1) == UInt8(ascii: "F") ? 2 : 1
                self.add("F")
            case UInt8(ascii: "G"): self.letterG()
            case UInt8(ascii: "H"): self.letterH()
            case UInt8(ascii: "J"): self.letterJ()
            case UInt8(ascii: "K"):
                self.current += self.char(self.current + 1) == UInt8(ascii: "K") ? 2 : 1
                self.add("K")
            case UInt8(ascii: "L"): self.letterL()
            case UInt8(ascii: "M"): self.letterM()
            case UInt8(ascii: "N"):
                self.current += self.char(self.current + 1) == UInt8(ascii: "N") ? 2 : 1
                self.add("N")
            case UInt8(ascii: "P"): self.letterP()
            case UInt8(ascii: "Q"):
                self.current += self.char(self.current + 1) == UInt8(ascii: "Q") ? 2 : 1
                self.add("K")
            case UInt8(ascii: "R"): self.letterR()
            case UInt8(ascii: "S"): self.letterS()
            case UInt8(ascii: "T"): self.letterT()
            case UInt8(ascii: "V"):
                self.current += self.char(self.current + 1) == UInt8(ascii: "V") ? 2 : 1
                self.add("F")
            case UInt8(ascii: "W"): self.letterW()
            case UInt8(ascii: "X"): self.letterX()
            case UInt8(ascii: "Z"): self.letterZ()
            default:
                self.current += 1
            }
        }
    }

    // MARK: helpers

    /// The letter at `index`, a space in the padding, 0 outside the word.
    func char(_ index: Int) -> UInt8 {
        index >= 0 && index < self.word.count ? self.word[index] : 0
    }

    func isVowel(_ index: Int) -> Bool {
        guard index >= 0 && index < self.length else { return false }
        switch self.word[index] {
        case UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "O"), UInt8(ascii: "U"),
            UInt8(ascii: "Y"):
            return true
        default:
            return false
        }
    }

    /// Whether the text at `start` is one of `options` (all of one length in practice). False before the word.
    func at(_ start: Int, _ options: String...) -> Bool {
        guard start >= 0 else { return false }
        outer: for option in options {
            let bytes = option.utf8
            guard start + bytes.count <= self.word.count else { continue }
            var index = start
            for byte in bytes {
                if self.word[index] != byte { continue outer }
                index += 1
            }
            return true
        }
        return false
    }

    /// Adds `main` to both codes.
    mutating func add(_ main: String) {
        self.primary.append(contentsOf: main.utf8)
        self.secondary.append(contentsOf: main.utf8)
    }

    /// Adds `main` to the primary code and `alternate` to the alternate code; a single space adds nothing there.
    mutating func add(_ main: String, _ alternate: String) {
        self.primary.append(contentsOf: main.utf8)
        if alternate != " " { self.secondary.append(contentsOf: alternate.utf8) }
    }
}
