import CMECore

/// The identifying details intake compares.
public struct PersonKey: Sendable, Equatable {
    public var forename: String
    public var surname: String
    public var aliases: [String]
    public var dateOfBirth: Day
    public var middleNames: String?

    public init(
        forename: String,
        surname: String,
        aliases: [String] = [],
        dateOfBirth: Day,
        middleNames: String? = nil
    ) {
        self.forename = forename
        self.surname = surname
        self.aliases = aliases
        self.dateOfBirth = dateOfBirth
        self.middleNames = middleNames
    }
}

/// Decides whether a new referral is about a child already known (Suffolk 9.5: no duplicate case), allowing the
/// usual typos: a transposed or missed letter, a day/month swap, a double-barrelled surname given in part, a short
/// form or another spelling of a name (the tracing engine's `NameVariants`), a surname that sounds the same.
public enum IntakeMatch {
    /// Whether `a` and `b` are likely the same child, with the evidence.
    public static func compare(_ a: PersonKey, _ b: PersonKey) -> (same: Bool, evidence: String) {
        let dob: String
        if a.dateOfBirth == b.dateOfBirth {
            dob = "dob=exact"
        } else if a.dateOfBirth.year == b.dateOfBirth.year, a.dateOfBirth.month == b.dateOfBirth.day,
            a.dateOfBirth.day == b.dateOfBirth.month
        {
            dob = "dob=day/month swap"
        } else {
            return (false, "dob differs")
        }
        let surnamesA = [a.surname] + a.aliases
        let surnamesB = [b.surname] + b.aliases
        var surname: String?
        outer: for x in surnamesA {
            for y in surnamesB {
                if let how = Self.similarSurname(x, y) {
                    surname = how
                    break outer
                }
            }
        }
        guard let surname else {
            // Forename and surname given the other way round (issue 18: a second referral opened a second case).
            if let crossed = Self.similarSurname(a.forename, b.surname),
                Self.similarForename(a.surname, b.forename) != nil
            {
                return (true, "\(dob); names transposed (\(crossed))")
            }
            return (false, "\(dob); surname differs")
        }
        if let forename = Self.similarForename(a.forename, b.forename) {
            return (true, "\(dob); \(surname); \(forename)")
        }
        // Known by a middle name: one child's forename is among the other's middle names.
        if Self.middleNameAgrees(a, b) || Self.middleNameAgrees(b, a) {
            return (true, "\(dob); \(surname); forename=middle name")
        }
        return (false, "\(dob); \(surname); forename differs")
    }

    /// Whether `a`'s forename is exactly one of `b`'s middle names.
    static func middleNameAgrees(_ a: PersonKey, _ b: PersonKey) -> Bool {
        guard let first = Normalise.words(a.forename).first, let middle = b.middleNames else { return false }
        return Normalise.words(middle).contains(first)
    }

    static func similarSurname(_ x: String, _ y: String) -> String? {
        let a = Normalise.words(x)
        let b = Normalise.words(y)
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let joinedA = a.joined()
        let joinedB = b.joined()
        if joinedA == joinedB { return "surname=exact" }
        // A double-barrelled surname given in part: "Smith-Jones" and "Jones".
        if Set(a).intersection(b).count > 0 && (a.count > 1 || b.count > 1) { return "surname=part" }
        let distance = StringDistance.damerauLevenshtein(joinedA, joinedB)
        if distance <= (min(joinedA.count, joinedB.count) >= 6 ? 2 : 1) { return "surname=edit \(distance)" }
        let jw = StringDistance.jaroWinkler(joinedA, joinedB)
        if jw >= 0.92 { return "surname=jw \(Int((jw * 100).rounded()))" }
        // The tracing engine's spellings and sounds (issue 18: "Noah Vail" opened a second case beside "Noah Vale").
        if NameVariants.relation(joinedA, joinedB) == .spelling { return "surname=spelling variant" }
        if min(joinedA.count, joinedB.count) >= 4, Self.soundAlike(joinedA, joinedB) { return "surname=sounds alike" }
        return nil
    }

    static func similarForename(_ x: String, _ y: String) -> String? {
        let a = Normalise.words(x).first ?? ""
        let b = Normalise.words(y).first ?? ""
        guard !a.isEmpty, !b.isEmpty else { return nil }
        if a == b { return "forename=exact" }
        // The tracing engine's variant groups, hundreds of them (issue 18: intake's own 26 missed Alfie and Alfred).
        if let kind = NameVariants.relation(a, b) {
            return kind == .spelling ? "forename=spelling variant" : "forename=nickname"
        }
        let distance = StringDistance.damerauLevenshtein(a, b)
        // Twins often share all but a letter or two of a name: only a single edit in a short name counts.
        if distance == 1 && min(a.count, b.count) >= 4 { return "forename=edit 1" }
        if distance == 2 && min(a.count, b.count) >= 7 { return "forename=edit 2" }
        return nil
    }

    /// Whether two surnames share a Double Metaphone code.
    static func soundAlike(_ a: String, _ b: String) -> Bool {
        let x = DoubleMetaphone.encode(a)
        let y = DoubleMetaphone.encode(b)
        return [x.primary, x.alternate].contains { !$0.isEmpty && ($0 == y.primary || $0 == y.alternate) }
    }
}
