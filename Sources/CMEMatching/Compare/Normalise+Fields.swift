import CMECore
import Foundation

/// A postcode cut at its levels, each packed into an integer (0 when unknown): "IP1 2BX" is full `IP12BX`,
/// sector `IP12`, district `IP1`.
struct PostcodeParts: Hashable, Sendable {
    var full: UInt64 = 0
    var sector: UInt64 = 0
    var district: UInt64 = 0
}

/// An address as compared: the house and flat numbers, and up to eight distinct word tokens as sorted hashes.
struct AddressTokens: Hashable, Sendable {
    var numbers: UInt32 = 0
    var words: SIMD8<UInt32> = .zero
    var count: UInt8 = 0
}

extension Normalise {
    /// The levels of a UK postcode. A bare outward code ("IP1") gives only the district; anything else unreadable
    /// gives nothing. Works on bytes: this runs for every record of a million-row roll.
    static func postcodeParts(_ text: String) -> PostcodeParts {
        var text = text
        return text.withUTF8(Self.postcodeParts(bytes:))
    }

    /// `postcodeParts` of a field's bytes: letters and digits gathered on the stack, no arrays per record.
    static func postcodeParts(bytes: UnsafeBufferPointer<UInt8>) -> PostcodeParts {
        // Only codes of at most seven characters are read, so sixteen is room enough; `n` counts them all.
        var code = SIMD16<UInt8>.zero
        var n = 0
        for byte in bytes where Self.isLetter(byte) || Self.isDigit(byte) {
            if n < 16 { code[n] = byte }
            n += 1
        }
        guard n > 0, Self.isLetter(code[0]) else { return PostcodeParts() }
        if n >= 5 && n <= 7 && Self.isDigit(code[n - 3]) && Self.isLetter(code[n - 2]) && Self.isLetter(code[n - 1]) {
            return PostcodeParts(
                full: Self.pack(code, count: n),
                sector: Self.pack(code, count: n - 2),
                district: Self.pack(code, count: n - 3)
            )
        }
        if n >= 2 && n <= 4 && (1..<n).contains(where: { Self.isDigit(code[$0]) }) {
            return PostcodeParts(district: Self.pack(code, count: n))
        }
        return PostcodeParts()
    }

    /// Words spelled out the same way whatever the source abbreviated.
    static let addressWords: [String: String] = [
        "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "ln": "lane", "cl": "close",
        "dr": "drive", "ct": "court", "crt": "court", "cres": "crescent", "cresc": "crescent", "gdns": "gardens",
        "gro": "grove", "gr": "grove", "pl": "place", "sq": "square", "ter": "terrace", "terr": "terrace",
        "tce": "terrace", "pk": "park", "hse": "house", "wy": "way", "mt": "mount", "apt": "flat",
        "apartment": "flat", "hts": "heights", "cott": "cottage", "cotts": "cottages", "est": "estate",
    ]

    /// The same table by hash, so tokens never need to become strings.
    static let addressWordHashes = WordHashTable(Self.addressWords.map { (Self.hash32($0.key), Self.hash32($0.value)) })

    /// Address tokens: lower case, abbreviations spelled out, numbers kept apart, the inward half of any postcode
    /// and outward codes left out (the postcode is compared on its own).
    static func addressTokens(_ text: String) -> AddressTokens {
        var text = text
        // Read in place: copying every address's bytes into an array showed up at a million records.
        if let tokens = text.withUTF8({ bytes in bytes.allSatisfy({ $0 < 0x80 }) ? Self.addressTokens(bytes) : nil }) {
            return tokens
        }
        let folded = text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars.filter(\.isASCII)
        var ascii = String(String.UnicodeScalarView(folded))
        return ascii.withUTF8 { Self.addressTokens($0) }
    }

    /// `addressTokens` of plain ASCII bytes (others go through the text form, which folds accents first).
    static func addressTokens(_ bytes: UnsafeBufferPointer<UInt8>) -> AddressTokens {
        var result = AddressTokens()
        var numbers: UInt32 = 2_166_136_261
        var hasNumbers = false
        var words = SIMD8<UInt32>.zero
        var wordCount = 0
        var start = -1
        func flush(_ end: Int) {
            defer { start = -1 }
            guard start >= 0 else { return }
            let token = bytes[start..<end]
            let hasDigit = token.contains(where: Self.isDigit)
            if hasDigit && Self.isDigit(token.first!) {
                // "2BX" is an inward postcode; "12A" is a house.
                if token.count == 3 && Self.isLetter(token[start + 1]) && Self.isLetter(token[start + 2]) { return }
                for byte in token { numbers = (numbers ^ UInt32(byte | 0x20)) &* 16_777_619 }
                numbers = (numbers ^ 0x2F) &* 16_777_619
                hasNumbers = true
            } else if !hasDigit, wordCount < 8 {
                var hash: UInt32 = 2_166_136_261
                for byte in token { hash = (hash ^ UInt32(byte | 0x20)) &* 16_777_619 }
                if hash == 0 { hash = 1 }
                let word = Self.addressWordHashes.value(for: hash) ?? hash
                if !(0..<wordCount).contains(where: { words[$0] == word }) {
                    words[wordCount] = word
                    wordCount += 1
                }
            }
        }
        for (index, byte) in bytes.enumerated() {
            if Self.isLetter(byte) || Self.isDigit(byte) {
                if start < 0 { start = index }
            } else if byte != UInt8(ascii: "'") && byte != UInt8(ascii: ".") {
                flush(index)
            }
        }
        flush(bytes.count)
        if hasNumbers { result.numbers = numbers == 0 ? 1 : numbers }
        // Sorted, as the comparison expects: at most eight, so insertion sort in place.
        for i in 1..<max(1, wordCount) {
            var j = i
            while j > 0 && words[j - 1] > words[j] {
                (words[j - 1], words[j]) = (words[j], words[j - 1])
                j -= 1
            }
        }
        result.words = words
        result.count = UInt8(wordCount)
        return result
    }

    /// 1 for male, 2 for female, 0 when unknown (DfE codes M and F, and the words).
    static func gender(_ text: String?) -> UInt8 {
        guard var text else { return 0 }
        return text.withUTF8(Self.gender(bytes:))
    }

    static func gender(bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        // The letters, lower case, packed eight bits each: no arrays for a field read on every record.
        var packed: UInt64 = 0
        var count = 0
        for byte in bytes where Self.isLetter(byte) {
            count += 1
            if count > 6 { return 0 }
            packed = packed << 8 | UInt64(byte | 0x20)
        }
        switch packed {
        case Self.packed("m"), Self.packed("male"), Self.packed("boy"), Self.packed("b"): return 1
        case Self.packed("f"), Self.packed("female"), Self.packed("girl"), Self.packed("g"): return 2
        default: return 0
        }
    }

    private static func packed(_ word: StaticString) -> UInt64 {
        var value: UInt64 = 0
        word.withUTF8Buffer { for byte in $0 { value = value << 8 | UInt64(byte) } }
        return value
    }

    /// A valid UPN as a hash and whether it is temporary; nil when missing or invalid. Validity is CMECore's `UPN`:
    /// a plain 13-character ASCII value goes through `UPN.check(ascii:)`, its byte-level form (a test holds the two
    /// together), because `UPN.init` works on `Character`s and costs more than the rest of preparing a record.
    static func upn(_ text: String?) -> (hash: UInt64, temporary: Bool)? {
        guard var text else { return nil }
        if text.utf8.count == 13 { return text.withUTF8(Self.upn(thirteen:)) }
        guard let upn = try? UPN(text.uppercased()) else { return nil }
        return (Self.hash64(upn.value), upn.isTemporary)
    }

    /// `upn` of a field of exactly 13 bytes, upper-cased into a buffer on the stack, checked and hashed there: no
    /// arrays or strings per record.
    static func upn(thirteen raw: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, temporary: Bool)? {
        precondition(raw.count == 13)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 13) { upper -> (UInt64, Bool)? in
            for index in 0..<13 {
                let byte = raw[index]
                upper[index] = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
            }
            guard let temporary = UPN.check(ascii: UnsafeBufferPointer(upper)) else { return nil }
            // A valid UPN is ASCII, so these are the bytes of `text.uppercased()`.
            return (Self.hash64(bytes: upper), temporary)
        }
    }

    /// CMECore's `UPN` rules for 13 bytes, lower-case letters accepted (`upn(_:)` upper-cases before asking `UPN`):
    /// whether the UPN is temporary, or nil if it is invalid.
    static func asciiUPN(_ raw: [UInt8]) -> Bool? {
        UPN.check(ascii: raw.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 })
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Up to 12 letters and digits packed base 37; distinct strings give distinct numbers, none gives 0.
    static func pack(_ bytes: SIMD16<UInt8>, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<min(count, 12) {
            let byte = bytes[index]
            let code: UInt64 = Self.isDigit(byte) ? UInt64(byte - UInt8(ascii: "0")) + 1 : UInt64(byte & 0x1F) + 10
            value = value &* 37 &+ code
        }
        return value
    }

    /// FNV-1a, 32 bits, never 0 (0 means "none").
    static func hash32(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash == 0 ? 1 : hash
    }

    /// FNV-1a, 64 bits, never 0.
    static func hash64(_ text: String) -> UInt64 {
        self.hash64(bytes: text.utf8)
    }

    static func hash64(bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return hash == 0 ? 1 : hash
    }
}

/// A small fixed map of word hashes to word hashes (never 0), looked up for every word of every address: an
/// open-addressing table with four times as many slots as entries, and no hashing of its own (the keys are hashes).
struct WordHashTable: Sendable {
    private let keys: [UInt32]
    private let values: [UInt32]
    private let shift: UInt32

    init(_ pairs: [(UInt32, UInt32)]) {
        var bits: UInt32 = 4
        while 1 << bits < pairs.count * 4 { bits += 1 }
        var keys = [UInt32](repeating: 0, count: 1 << bits)
        var values = keys
        self.shift = 32 - bits
        for (key, value) in pairs {
            precondition(key != 0, "0 marks an empty slot")
            var slot = Int((key &* 0x9E37_79B1) >> self.shift)
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
    }

    func value(for key: UInt32) -> UInt32? {
        var slot = Int((key &* 0x9E37_79B1) >> self.shift)
        while true {
            let found = self.keys[slot]
            if found == key { return self.values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & (self.keys.count - 1)
        }
    }
}
