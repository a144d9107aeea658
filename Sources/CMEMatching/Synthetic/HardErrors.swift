import CMECore
import Foundation

/// How hard a synthetic population's lost copies are to link.
public enum SyntheticErrors: String, Sendable, CaseIterable {
    /// Each difference at its own rate, independently (`docs/synthetic-population.md`, first table).
    case standard
    /// The standard differences, and then differences deliberately stacked on one record, a year wrong by more than
    /// its last digit, a whole name transliterated another way, and several fields missing together. Its rates were
    /// fixed before it was first measured and the engine has not been tuned to it (second table of the same page).
    case hard
    /// The standard differences, and then names changed about as often as a UK birth cohort's records measured,
    /// with name variants partly from outside the engine's own table and one more difference on the untidier
    /// records (`MeasuredErrors`; third table of the same page). Its rates were fixed before it was first measured.
    case measured
}

/// The hard profile's extra differences (`SyntheticErrors.hard`), applied after the standard ones.
enum HardErrors {
    /// Share of copies given two more differences, and share given three more.
    static let stackedTwo = 0.25
    static let stackedThree = 0.10
    /// Share of copies whose year of birth is wrong beyond its last digit (a year out, or the tens digit).
    static let yearOut = 0.03
    /// Share of copies whose whole name is written in another transliteration.
    static let transliterated = 0.05
    /// Share of copies with date of birth, UPN and postcode all missing.
    static let missingTogether = 0.02
    /// Share of copies with only the forename's initial.
    static let initialOnly = 0.01

    /// One difference that can be stacked on a copy.
    enum Difference: CaseIterable {
        case forenameTypo, forenameVariant, surnameTypo, newSurname, yearOut, daySwap, dayOut, dobMissing,
            upnMissing, postcodeMissing, transliterated, namesExchanged, moved
    }

    static func apply(to record: inout PupilRecord, _ builder: inout PopulationBuilder) {
        let draw = builder.rng.unit()
        let extra = draw < Self.stackedThree ? 3 : draw < Self.stackedThree + Self.stackedTwo ? 2 : 0
        var kinds = Difference.allCases
        for _ in 0..<extra {
            let kind = kinds.remove(at: Int(builder.rng.next(below: UInt64(kinds.count))))
            Self.apply(kind, to: &record, &builder)
        }
        if builder.rng.chance(Self.yearOut) { Self.apply(.yearOut, to: &record, &builder) }
        if builder.rng.chance(Self.transliterated) {
            Self.apply(.transliterated, to: &record, &builder)
        }
        if builder.rng.chance(Self.missingTogether) {
            record.dateOfBirth = nil
            record.upn = nil
            record.postcode = nil
        }
        if builder.rng.chance(Self.initialOnly), let forename = record.forename, let first = forename.first {
            record.forename = String(first)
        }
    }

    static func apply(_ kind: Difference, to record: inout PupilRecord, _ builder: inout PopulationBuilder) {
        switch kind {
        case .forenameTypo:
            if let forename = record.forename { record.forename = Corruptions.typo(forename, &builder.rng) }
        case .forenameVariant:
            if let forename = record.forename, let other = Corruptions.variant(forename, &builder.rng) {
                record.forename = other
            }
        case .surnameTypo:
            if let surname = record.surname { record.surname = Corruptions.typo(surname, &builder.rng) }
        case .newSurname:
            let community = Community.all[0]
            record.formerSurname = builder.rng.chance(0.5) ? record.surname : nil
            record.surname = community.surnames.pick(&builder.rng)
        case .yearOut:
            if let dob = record.dateOfBirth { record.dateOfBirth = Self.yearOut(dob, &builder.rng) }
        case .daySwap:
            if let swapped = record.dateOfBirth?.dayMonthSwapped { record.dateOfBirth = swapped }
        case .dayOut:
            if let dob = record.dateOfBirth { record.dateOfBirth = dob.adding(days: builder.rng.chance(0.5) ? 1 : -1) }
        case .dobMissing:
            record.dateOfBirth = nil
        case .upnMissing:
            record.upn = nil
        case .postcodeMissing:
            record.postcode = nil
        case .transliterated:
            if let forename = record.forename {
                record.forename = Self.transliterate(forename, &builder.rng)
            }
            if let surname = record.surname { record.surname = Self.transliterate(surname, &builder.rng) }
        case .namesExchanged:
            (record.forename, record.surname) = (record.surname, record.forename)
        case .moved:
            let home = builder.makeHome(community: Community.all[0])
            record.postcode = home.postcode
            record.address = home.address
            record.schoolURN = home.school
        }
    }

    /// A year of birth wrong beyond its last digit: a year either side, or the tens digit changed (2014 for 2004).
    static func yearOut(_ day: Day, _ rng: inout SeededGenerator) -> Day {
        let year: Int
        switch rng.next(below: 3) {
        case 0: year = day.year + 1
        case 1: year = day.year - 1
        default:
            let tens = (day.year / 10) % 10
            year = day.year + ((tens == 0 || rng.chance(0.5)) && tens < 9 ? 10 : -10)
        }
        return Day(year: year, month: day.month, day: min(day.day, 28)) ?? day
    }

    /// The systematic differences between romanisations of one name (Arabic, Urdu, Slavic, Greek, Somali names
    /// written by different clerks): the first are tried both ways, the doubled letters only one way (a clerk
    /// drops a double letter; nobody doubles every single one).
    static let romanisations: [(String, String)] = [
        ("kh", "h"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("y", "i"), ("j", "y"), ("ph", "f"), ("sch", "sh"),
        ("w", "v"), ("ck", "k"), ("ks", "x"), ("q", "k"), ("dh", "d"), ("th", "t"), ("ai", "ay"), ("ei", "ey"),
        ("ie", "ye"), ("c", "k"), ("z", "s"),
    ]
    static let undoubled: [(String, String)] = [("aa", "a"), ("mm", "m"), ("ll", "l"), ("nn", "n"), ("ss", "s")]

    /// `name` with one or two of the romanisation differences applied at every place they fit.
    static func transliterate(_ name: String, _ rng: inout SeededGenerator) -> String {
        var text = name.lowercased()
        var options: [(String, String)] = []
        for (a, b) in Self.romanisations {
            if text.contains(a) { options.append((a, b)) }
            if text.contains(b) { options.append((b, a)) }
        }
        for (a, b) in Self.undoubled where text.contains(a) { options.append((a, b)) }
        guard !options.isEmpty else { return name }
        let rules = rng.chance(0.5) && options.count > 1 ? 2 : 1
        for _ in 0..<rules where !options.isEmpty {
            let (from, to) = options.remove(at: Int(rng.next(below: UInt64(options.count))))
            text = text.replacingOccurrences(of: from, with: to)
        }
        let capitalised = text.split(separator: "-", omittingEmptySubsequences: false).map {
            Corruptions.capitalised(String($0))
        }
        return capitalised.joined(separator: "-")
    }
}
