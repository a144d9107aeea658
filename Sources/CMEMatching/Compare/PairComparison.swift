/// Two records compared field by field: a level per field (`Field.missing` when either side lacks it) and the
/// details the evidence and the frequency adjustments need.
struct PairComparison: Sendable {
    var levels = SIMD8<UInt8>(repeating: Field.missing)
    var forename = NameComparison()
    var surname = NameComparison()
    var jaccard: Float = -1
    /// Surname and home agree: the other fields are then compared as if against a sibling.
    var household = false
    /// Surname exact and full postcode equal: scored by the household's own frequency.
    var householdExact = false
    /// Surname exact and names the right way round, whatever the home: perhaps siblings who moved together.
    var sameSurname = false

    subscript(field: Field) -> UInt8 {
        get { self.levels[field.rawValue] }
        set { self.levels[field.rawValue] = newValue }
    }

    /// Compares `a` with `b`; `b` is the side whose frequencies are used (the roll or the index).
    static func compare(
        _ a: PreparedRecord,
        _ aNames: RecordNames,
        _ b: PreparedRecord,
        _ bNames: RecordNames
    )
        -> PairComparison
    {
        var result = PairComparison()
        var forename = NameComparator.forename(aNames.forename, aNames.middle, bNames.forename, bNames.middle)
        var surname = NameComparator.surname(aNames, bNames)
        var order = NameOrderLevel.straight
        if forename.level >= NameLevel.jaroWinkler85.rawValue && forename.level != Field.missing
            && surname.level >= SurnameLevel.jaroWinkler85.rawValue && surname.level != Field.missing
        {
            let crossedForename = NameComparator.simple(aNames.forename, bNames.surname)
            let crossedSurname = NameComparator.simple(aNames.surname, bNames.forename)
            // A slip or another spelling may sit on a transposed name ("Okafur Chukwuemeka" for Chukwuemeka Okafor).
            if crossedForename.level <= NameLevel.jaroWinkler92.rawValue
                && crossedSurname.level <= NameLevel.jaroWinkler92.rawValue
            {
                forename = crossedForename
                surname = crossedSurname
                // exact, variant, phonetic and jw 0.92 sit at 0, 2, 3 and 4 in SurnameLevel.
                if surname.level > 0 { surname.level += 1 }
                order = .transposed
            }
        }
        result.forename = forename
        result.surname = surname
        result[.forename] = forename.level
        result[.surname] = surname.level
        if forename.level != Field.missing && surname.level != Field.missing { result[.order] = order.rawValue }
        result[.dob] = FieldComparator.dob(a, b)
        result[.upn] = FieldComparator.upn(a, b)
        result[.gender] = FieldComparator.gender(a, b)
        let location = FieldComparator.location(a, b)
        result[.location] = location.level
        result.jaccard = Float(location.jaccard ?? -1)
        result.sameSurname = surname.level == SurnameLevel.exact.rawValue && order == .straight
        let home =
            location.level == LocationLevel.sameAddress.rawValue || location.level == LocationLevel.postcode.rawValue
        result.household = home && order == .straight && surname.level <= SurnameLevel.jaroWinkler92.rawValue
        // Scored by the household's frequency when the roll side has a full postcode to count it by, whether the
        // other side agrees on the postcode or, lacking one, on the house.
        result.householdExact =
            result.household && surname.level == SurnameLevel.exact.rawValue && b.postcode.full != 0
            && (a.postcode.full == b.postcode.full || location.level == LocationLevel.sameAddress.rawValue)
        return result
    }
}
