import CMECore

/// The graded comparators, on plain values: the levels the linker scores. Names are normalised first (case,
/// accents, punctuation, titles), so "ZOË O'NEIL" and "Zoe Oneil" compare as exact.
public enum Comparators {
    /// Forenames: exact, variant (nickname, spelling, first name of a double forename, or a middle name), phonetic,
    /// Jaro-Winkler at least 0.92, at least 0.85, different; nil when either is missing.
    public static func forename(
        _ a: String?,
        _ b: String?,
        middleNames: (String?, String?) = (nil, nil)
    ) -> NameLevel? {
        let result = NameComparator.forename(
            Self.name(a),
            Self.name(middleNames.0),
            Self.name(b),
            Self.name(middleNames.1)
        )
        return NameLevel(rawValue: result.level)
    }

    /// Surnames, trying each record's surname, preferred and former surnames and the parts of hyphenated ones.
    public static func surname(_ a: PupilRecord, _ b: PupilRecord) -> SurnameLevel? {
        SurnameLevel(rawValue: NameComparator.surname(Self.names(a), Self.names(b)).level)
    }

    /// Whether the forename of each record is the other's surname.
    public static func namesTransposed(_ a: PupilRecord, _ b: PupilRecord) -> Bool {
        let c = PairComparison.compare(
            PreparedRecord(fields: a),
            Self.names(a),
            PreparedRecord(fields: b),
            Self.names(b)
        )
        return c[.order] == NameOrderLevel.transposed.rawValue
    }

    /// Dates of birth: exact, day and month swapped, one day off, one digit off, year only, different.
    public static func dateOfBirth(_ a: Day, _ b: Day) -> DobLevel {
        let x = PreparedRecord(fields: PupilRecord(recordID: "", dateOfBirth: a))
        let y = PreparedRecord(fields: PupilRecord(recordID: "", dateOfBirth: b))
        return DobLevel(rawValue: FieldComparator.dob(x, y))!
    }

    /// UPNs, when both are valid (by CMECore's `UPN`): exact, exact but temporary, different, different with one
    /// temporary; nil when either is missing or invalid.
    public static func upn(_ a: String?, _ b: String?) -> UPNLevel? {
        let x = PreparedRecord(fields: PupilRecord(recordID: "", upn: a))
        let y = PreparedRecord(fields: PupilRecord(recordID: "", upn: b))
        return UPNLevel(rawValue: FieldComparator.upn(x, y))
    }

    /// Postcodes: full, sector, district, different; nil when either has no readable district.
    public static func postcode(_ a: String, _ b: String) -> PostcodeLevel? {
        FieldComparator.postcode(Normalise.postcodeParts(a), Normalise.postcodeParts(b))
    }

    /// Jaccard similarity of the address words (abbreviations spelled out, numbers left out); nil when either has
    /// no words.
    public static func addressSimilarity(_ a: String, _ b: String) -> Double? {
        FieldComparator.jaccard(Normalise.addressTokens(a), Normalise.addressTokens(b))
    }

    /// Home location from postcode and address together; nil when either record has neither.
    public static func location(_ a: PupilRecord, _ b: PupilRecord) -> LocationLevel? {
        LocationLevel(rawValue: FieldComparator.location(PreparedRecord(fields: a), PreparedRecord(fields: b)).level)
    }

    /// Recorded gender (M/F, male/female, boy/girl); nil when either is unknown.
    public static func gender(_ a: String?, _ b: String?) -> GenderLevel? {
        let x = Normalise.gender(a)
        let y = Normalise.gender(b)
        guard x != 0 && y != 0 else { return nil }
        return x == y ? .same : .different
    }

    static func name(_ text: String?) -> NameInfo {
        guard let text else { return .none }
        return NameInfo(words: Normalise.words(text))
    }

    static func names(_ record: PupilRecord) -> RecordNames {
        var preferred = Self.name(record.preferredSurname)
        var former = Self.name(record.formerSurname)
        let surname = Self.name(record.surname)
        if preferred.hash == surname.hash { preferred = .none }
        if former.hash == surname.hash { former = .none }
        return RecordNames(
            forename: Self.name(record.forename),
            middle: Self.name(record.middleNames),
            surname: surname,
            preferredSurname: preferred,
            formerSurname: former
        )
    }
}
