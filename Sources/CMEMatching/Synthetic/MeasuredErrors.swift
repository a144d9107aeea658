import CMECore

/// The measured profile's changes (`SyntheticErrors.measured`), applied after the standard ones: names that disagree
/// about as often as a UK birth cohort's did between two collection points (ALSPAC: surnames 18%, forenames 12%;
/// docs/synthetic-population.md), name variants partly from outside the engine's own table, and differences that
/// come together on the untidier records. The rates were fixed before the profile was first measured.
enum MeasuredErrors {
    /// Share of a copy's table variants (a nickname or spelling from `NameVariants`, which the engine also reads)
    /// written instead in a way the table does not hold: romanised another way, or the variant mistyped.
    static let outsideTheTable = 0.4
    /// Share of copies with a surname changed beyond the standard rates (4%-14% of copies already differ): a new
    /// surname, or the surname romanised another way.
    static let surnameChanged = 0.04
    /// Share of copies from an untidy source, with one more difference from the hard profile's list.
    static let untidy = 0.15

    static func apply(to record: inout PupilRecord, child: PupilRecord, _ builder: inout PopulationBuilder) {
        if let original = child.forename, let written = record.forename, written != original,
            NameVariants.relation(Normalise.name(original), Normalise.name(written)) != nil,
            builder.rng.chance(Self.outsideTheTable)
        {
            // Romanised another way, unless no rule fits the name or the result is itself in the table
            // ("Mohammed" to "Mohamed"): then the variant mistyped.
            var other = builder.rng.chance(0.5) ? HardErrors.transliterate(original, &builder.rng) : original
            let key = Normalise.name(other)
            if key == Normalise.name(original) || NameVariants.relation(Normalise.name(original), key) != nil {
                other = Corruptions.typo(written, &builder.rng)
            }
            record.forename = other
        }
        if builder.rng.chance(Self.surnameChanged) {
            if builder.rng.chance(0.5) {
                HardErrors.apply(.newSurname, to: &record, &builder)
            } else if let surname = record.surname {
                record.surname = HardErrors.transliterate(surname, &builder.rng)
            }
        }
        if builder.rng.chance(Self.untidy) {
            let kinds = HardErrors.Difference.allCases
            HardErrors.apply(kinds[Int(builder.rng.next(below: UInt64(kinds.count)))], to: &record, &builder)
        }
    }
}
