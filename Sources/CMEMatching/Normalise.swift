import Foundation

/// Normalisation for matching: case, diacritics, punctuation, titles and spacing.
public enum Normalise {
    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "master", "dr", "mx"]

    /// Letters canonical decomposition does not reduce to ASCII.
    static let fold: [Unicode.Scalar: String] = [
        "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th",
    ]

    /// Lower-case ASCII words: accents removed ("Zoë" -> "zoe", "Łukasz" -> "lukasz"), hyphens, apostrophes and
    /// full stops dropped ("O'Neil" -> "oneil"), hyphenated parts split ("Smith-Jones" -> "smith jones"), titles
    /// removed, single spaces.
    public static func name(_ text: String) -> String {
        self.words(text).joined(separator: " ")
    }

    /// The words of a name after normalisation.
    public static func words(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Self.asciiWords(text) }
        var words: [String] = []
        var word = ""
        func flush() {
            if !word.isEmpty && !Self.titles.contains(word) { words.append(word) }
            word = ""
        }
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if let mapped = Self.fold[scalar] {
                word += mapped
            } else if scalar.isASCII && scalar.properties.isAlphabetic {
                word.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "-" || scalar == "\t" || scalar == "," || scalar == "/" {
                flush()
            }
            // Apostrophes, full stops and combining accents are dropped without splitting the word.
        }
        flush()
        return words
    }

    /// A postcode upper-cased without spaces ("ip1 2bx" -> "IP12BX").
    public static func postcode(_ text: String) -> String {
        String(text.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    /// `words` for plain ASCII text, without Foundation's Unicode decomposition (most names, and far faster).
    static func asciiWords(_ text: String) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        func flush() {
            if !word.isEmpty {
                let text = String(decoding: word, as: UTF8.self)
                if !Self.titles.contains(text) { words.append(text) }
                word.removeAll(keepingCapacity: true)
            }
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: "/"): flush()
            default: break
            }
        }
        flush()
        return words
    }
}
