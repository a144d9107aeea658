import CMECore

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
    /// A near-birth key: `%`, a surname key, and two of the three parts of the date of birth (`nearBirth`).
    public static let nearPrefix = "%"

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

    /// The near-birth keys of a child known by `surnames` (their surname and other names), born on `born`: each
    /// key of those names with the year and month, the month and day, and the year and day of birth. Intake reads
    /// the children sharing one with a referral (`nearBirthLookups`) for its possible-duplicates check, so that
    /// the read finds the few namesakes born near the day rather than every namesake (at a few hundred children
    /// sharing a surname, filtering them by birthday cost 2 ms a referral: issue 17's create referral figures).
    public static func nearBirth(surnames: [String], born: Day) -> [String] {
        let names = Set(surnames.flatMap(Self.name))
        return names.sorted().flatMap { name in Self.birthParts(born).map { Self.nearPrefix + name + "|" + $0 } }
    }

    /// The near-birth keys a referral about a child called `surnames`, born on `born`, looks up: every child born
    /// near the day (`IntakeDecision.bornNear`: a day apart, day and month swapped, or two of year, month and day
    /// the same) shares one of them with a name, and a few others do (the caller checks the day).
    public static func nearBirthLookups(surnames: [String], born: Day) -> [String] {
        let days = [born, born.adding(days: -1), born.adding(days: 1)] + [born.dayMonthSwapped].compactMap { $0 }
        let parts = Set(days.flatMap(Self.birthParts))
        return Set(surnames.flatMap(Self.name)).sorted().flatMap { name in
            parts.sorted().map { Self.nearPrefix + name + "|" + $0 }
        }
    }

    /// Two of the three parts of a day, three ways.
    static func birthParts(_ day: Day) -> [String] {
        let iso = day.description
        return ["y" + iso.prefix(7), "m" + iso.suffix(5), "d" + iso.prefix(4) + "-" + iso.suffix(2)]
    }

    /// Every key of a child: their names, other names, UPN and postcodes, and the near-birth keys of the surnames
    /// in `nearSurnames` with `born`, without repeats.
    public static func child(
        names: [String],
        upns: [String?] = [],
        postcodes: [String?] = [],
        nearSurnames: [String] = [],
        born: Day? = nil
    ) -> [String] {
        var keys: [String] = []
        var seen: Set<String> = []
        let near = born.map { Self.nearBirth(surnames: nearSurnames, born: $0) } ?? []
        for key in names.flatMap(Self.name) + upns.compactMap(Self.upn) + postcodes.compactMap(Self.postcode) + near
        where seen.insert(key).inserted {
            keys.append(key)
        }
        return keys
    }
}
