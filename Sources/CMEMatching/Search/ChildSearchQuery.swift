import CMECore

/// What a person typed to find a child (issue 18): any names in any order, part of a name, a name misspelt, a date
/// of birth (perhaps with day and month swapped), a UPN (perhaps a former or temporary one), a postcode or part of
/// one. A word of one letter is an initial: it narrows, but finds nothing by itself.
public struct ChildSearchQuery: Sendable, Equatable {
    /// The name's words, normalised, in the order typed; initials included.
    public var words: [String]
    public var dateOfBirth: Day?
    public var upn: String?
    public var postcode: String?

    public init(name: String?, dateOfBirth: Day? = nil, upn: String? = nil, postcode: String? = nil) {
        self.words = name.map(Normalise.words) ?? []
        self.dateOfBirth = dateOfBirth
        self.upn = upn.flatMap { SearchKeys.upn($0) == nil ? nil : $0 }
        self.postcode = postcode.flatMap { SearchKeys.postcode($0) == nil ? nil : $0 }
    }

    /// Whether nothing was given to search by.
    public var isEmpty: Bool {
        self.names.isEmpty && self.dateOfBirth == nil && self.upn == nil && self.postcode == nil
    }

    /// The words of two letters or more: the ones that find children.
    public var names: [String] { self.words.filter { $0.count >= 2 } }

    /// The initials typed ("R" of "R Quenby").
    public var initials: [String] { self.words.filter { $0.count == 1 } }

    /// One thing typed, looked up among the children's keys: keys starting with `prefix`, or equal to one of
    /// `exact`.
    public struct Lookup: Sendable, Equatable {
        public var prefix: String?
        public var exact: [String]
    }

    /// A lookup per name word (the word as a prefix, its sounds, its other forms: "Alfie" finds "Alfred"), and for
    /// the UPN and the postcode.
    public var lookups: [Lookup] {
        var result = self.names.map { word in
            var exact = SearchKeys.sounds(word)
            for variant in NameVariants.variants(of: word) where !exact.contains(variant) { exact.append(variant) }
            return Lookup(prefix: word, exact: exact)
        }
        if let key = SearchKeys.upn(self.upn) { result.append(Lookup(prefix: nil, exact: [key])) }
        if let key = SearchKeys.postcode(self.postcode) { result.append(Lookup(prefix: key, exact: [])) }
        return result
    }

    /// The days of birth to look up: the one typed, and the same with day and month swapped when that is a date.
    public var birthDays: [Day] {
        guard let day = self.dateOfBirth else { return [] }
        guard let swapped = day.dayMonthSwapped else { return [day] }
        return [day, swapped]
    }
}
