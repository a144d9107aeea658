/// The keys a child is found by (issue 18: search that finds a child by any name). Every word of every name the
/// child is known by is a key, with its sound (Double Metaphone) so that a misspelling finds it; every UPN a
/// referral gave, and every postcode of the child's addresses. Storage keeps them in one indexed table; a search
/// looks each thing typed up there, then ranks what it found with the tracing engine (`ChildSearchRanking`).
public enum SearchKeys {
    /// A word's sound key: `#` and its Double Metaphone code (`#` sorts before every letter, so a prefix range
    /// over words never reaches a sound).
    public static let sound = "#"
    /// A UPN key: `=U` and the UPN in capitals.
    public static let upnPrefix = "=U"
    /// A postcode key: `=P` and the postcode without spaces, in capitals.
    public static let postcodePrefix = "=P"

    /// The keys of one name: each normalised word, and each word's sounds.
    public static func name(_ text: String) -> [String] {
        var keys: [String] = []
        for word in Normalise.words(text) {
            keys.append(word)
            for sound in Self.sounds(word) where !keys.contains(sound) { keys.append(sound) }
        }
        return keys
    }

    /// The sound keys of a word of three letters or more (shorter ones sound like too many names to narrow).
    static func sounds(_ word: String) -> [String] {
        guard word.count >= 3 else { return [] }
        let code = DoubleMetaphone.encode(word)
        var keys: [String] = []
        for part in [code.primary, code.alternate] where !part.isEmpty && !keys.contains(Self.sound + part) {
            keys.append(Self.sound + part)
        }
        return keys
    }

    /// A UPN's key, or nil when there is none.
    public static func upn(_ text: String?) -> String? {
        guard let text else { return nil }
        let value = String(text.uppercased().filter { $0.isLetter || $0.isNumber })
        return value.isEmpty ? nil : Self.upnPrefix + value
    }

    /// A postcode's key, or nil when there is none. Part of a postcode ("IP1") gives part of a key, for a prefix
    /// search.
    public static func postcode(_ text: String?) -> String? {
        guard let text else { return nil }
        let value = Normalise.postcode(text)
        return value.isEmpty ? nil : Self.postcodePrefix + value
    }

    /// Every key of a child: their names, other names, UPN and postcodes, without repeats.
    public static func child(
        names: [String],
        upns: [String?] = [],
        postcodes: [String?] = []
    ) -> [String] {
        var keys: [String] = []
        var seen: Set<String> = []
        for key in names.flatMap(Self.name) + upns.compactMap(Self.upn) + postcodes.compactMap(Self.postcode)
        where seen.insert(key).inserted {
            keys.append(key)
        }
        return keys
    }
}
