/// How two forenames compare, best first.
public enum NameLevel: UInt8, Sendable, CaseIterable {
    case exact
    /// A nickname, a spelling variant, the same first word, or one child's middle name as the other's forename.
    case variant
    /// A shared Double Metaphone code.
    case phonetic
    /// Jaro-Winkler similarity at least 0.92.
    case jaroWinkler92
    /// Jaro-Winkler similarity at least 0.85.
    case jaroWinkler85
    case different
}

/// How two surnames compare, best first. Preferred and former surnames and the parts of a double-barrelled name are
/// tried as well as the surname itself.
public enum SurnameLevel: UInt8, Sendable, CaseIterable {
    case exact
    /// A preferred or former surname, or a part of a hyphenated one, agrees exactly.
    case alias
    case variant
    case phonetic
    case jaroWinkler92
    case jaroWinkler85
    case different
}

/// How two dates of birth compare, best first.
public enum DobLevel: UInt8, Sendable, CaseIterable {
    case exact
    /// Day and month swapped (American order, or a keying slip).
    case swapped
    case oneDayOff
    /// One digit of YYYYMMDD differs.
    case oneDigitOff
    /// Only the year agrees.
    case yearOnly
    case different
}

/// How two valid UPNs compare.
public enum UPNLevel: UInt8, Sendable, CaseIterable {
    case exact
    /// The same temporary UPN: weaker, as temporary numbers are local and reused.
    case exactTemporary
    case different
    /// Different, but one is temporary: expected when a school has not yet had the real UPN.
    case differentTemporary
}

/// How two postcodes compare.
public enum PostcodeLevel: UInt8, Sendable, CaseIterable {
    case full
    /// Same sector ("IP1 2").
    case sector
    /// Same district ("IP1").
    case district
    case different
}

/// How two home locations compare, from postcode and address together (they are one piece of evidence: scoring them
/// separately would count the same house twice).
public enum LocationLevel: UInt8, Sendable, CaseIterable {
    /// Same house number and street (address tokens Jaccard at least 0.5) with no conflicting postcode district.
    case sameAddress
    /// The full postcode agrees (a neighbour's house, or an address written differently).
    case postcode
    /// The same street, or the same address with a mistyped postcode.
    case similarAddress
    case sector
    case district
    case different
}

/// Recorded gender.
public enum GenderLevel: UInt8, Sendable, CaseIterable {
    case same
    case different
}

/// Whether forename and surname are the right way round.
public enum NameOrderLevel: UInt8, Sendable, CaseIterable {
    case straight
    /// Forename and surname swapped ("Hassan Ali" and "Ali Hassan").
    case transposed
}

/// The compared fields, in the order the evidence lists them.
enum Field: Int, CaseIterable, Sendable {
    case forename
    case surname
    case dob
    case upn
    case location
    case gender
    case order

    var levelCount: Int {
        switch self {
        case .forename: NameLevel.allCases.count
        case .surname: SurnameLevel.allCases.count
        case .dob: DobLevel.allCases.count
        case .upn: UPNLevel.allCases.count
        case .location: LocationLevel.allCases.count
        case .gender: GenderLevel.allCases.count
        case .order: NameOrderLevel.allCases.count
        }
    }

    /// Fields of the child rather than the home: within one household they are compared against siblings.
    var isPersonal: Bool {
        switch self {
        case .forename, .dob, .upn, .gender, .order: true
        case .surname, .location: false
        }
    }

    /// A level that is absent: one side has no value.
    static let missing: UInt8 = 255
}
