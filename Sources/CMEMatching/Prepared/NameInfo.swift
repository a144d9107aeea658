/// A normalised name with everything the comparators need, held inline (no heap storage) so that comparing two
/// names copies nothing reference-counted: the hot loop of linking a million records does this tens of millions of
/// times.
struct NameInfo: Sendable {
    /// The letters without spaces, at most 32 ("abdulrahman").
    var letters: SIMD32<UInt8> = .zero
    var length: UInt8 = 0
    /// A hash of all the letters; 0 when there is no name.
    var hash: UInt64 = 0
    /// Hashes of the first four words ("smith jones" has two), 0 past the last.
    var words: SIMD4<UInt32> = .zero
    /// Which letters a-z occur, one bit each (for a quick bound on Jaro-Winkler).
    var letterMask: UInt32 = 0
    var wordCount: UInt8 = 0
    /// Double Metaphone primary and alternate codes, packed; 0 when none.
    var metaphone: SIMD2<UInt32> = .zero
    /// Variant groups of the whole name and of its first word, -1 past the last.
    var groups: SIMD4<Int32> = SIMD4(repeating: -1)
    /// The spelling-variant groups among them: surnames have spellings but no nicknames.
    var spellingGroups: SIMD4<Int32> = SIMD4(repeating: -1)

    static let none = NameInfo()

    var isPresent: Bool { self.hash != 0 }
    var initial: UInt8 { self.letters[0] }

    init() {}

    /// Builds the name from words already normalised by `Normalise.words`.
    init(words: [String]) {
        guard !words.isEmpty else { return }
        let joined = words.joined()
        var count = 0
        for byte in joined.utf8 where count < 32 {
            self.letters[count] = byte
            count += 1
        }
        self.length = UInt8(count)
        // Only the letters compared: a bound on Jaro-Winkler over them must not count letters past the 32nd.
        for byte in joined.utf8.prefix(32) where byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
            self.letterMask |= 1 << UInt32(byte - UInt8(ascii: "a"))
        }
        self.wordCount = UInt8(min(words.count, 4))
        self.hash = Normalise.hash64(joined)
        for (index, word) in words.prefix(4).enumerated() { self.words[index] = Normalise.hash32(word) }
        let codes = DoubleMetaphone.encode(words.joined(separator: " "))
        self.metaphone = SIMD2(Self.pack(code: codes.primary), Self.pack(code: codes.alternate))
        var groups = NameVariants.groupIDs(normalised: joined)
        if words.count > 1 {
            for g in NameVariants.groupIDs(normalised: words[0]) where !groups.contains(g) { groups.append(g) }
        }
        for (index, g) in groups.prefix(4).enumerated() { self.groups[index] = g }
        let spellings = groups.filter { NameVariants.group($0).kind == .spelling }
        for (index, g) in spellings.prefix(4).enumerated() { self.spellingGroups[index] = g }
    }

    /// A metaphone code (A-Z and 0) as 5 bits a letter; "" is 0.
    static func pack(code: String) -> UInt32 {
        var value: UInt32 = 0
        for byte in code.utf8.prefix(6) {
            value = value << 5 | (byte == UInt8(ascii: "0") ? 27 : UInt32(byte - UInt8(ascii: "A") + 1))
        }
        return value
    }

    /// Whether the two names share a phonetic code.
    func soundsLike(_ other: NameInfo) -> Bool {
        for i in 0..<2 where self.metaphone[i] != 0 {
            if self.metaphone[i] == other.metaphone[0] || self.metaphone[i] == other.metaphone[1] { return true }
        }
        return false
    }

    /// A variant group both names belong to, or nil; only spelling groups when `spellingOnly`.
    func sharedGroup(_ other: NameInfo, spellingOnly: Bool = false) -> Int32? {
        let mine = spellingOnly ? self.spellingGroups : self.groups
        let theirs = spellingOnly ? other.spellingGroups : other.groups
        for i in 0..<4 where mine[i] >= 0 {
            for j in 0..<4 where theirs[j] == mine[i] { return mine[i] }
        }
        return nil
    }

    /// Whether the name has a word whose hash is `word`.
    func hasWord(_ word: UInt32) -> Bool {
        word != 0 && (0..<4).contains { self.words[$0] == word }
    }
}
