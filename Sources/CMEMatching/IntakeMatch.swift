import CMECore

/// The identifying details intake compares.
public struct PersonKey: Sendable, Equatable {
    public var forename: String
    public var surname: String
    public var aliases: [String]
    public var dateOfBirth: Day

    public init(forename: String, surname: String, aliases: [String] = [], dateOfBirth: Day) {
        self.forename = forename
        self.surname = surname
        self.aliases = aliases
        self.dateOfBirth = dateOfBirth
    }
}

/// Decides whether a new referral is about a child already known (Suffolk 9.5: no duplicate case), allowing the
/// usual typos: a transposed or missed letter, a day/month swap, a double-barrelled surname given in part.
public enum IntakeMatch {
    /// Common short forms, both ways.
    static let nicknames: [String: Set<String>] = {
        let groups: [[String]] = [
            ["william", "will", "bill", "billy", "liam"], ["robert", "rob", "bob", "bobby", "robbie"],
            ["thomas", "tom", "tommy"], ["james", "jim", "jimmy", "jamie"], ["alexander", "alex", "sandy", "xander"],
            ["elizabeth", "liz", "lizzie", "beth", "betty", "eliza"], ["katherine", "kate", "katie", "kathryn", "cat"],
            ["margaret", "maggie", "meg", "peggy"], ["mohammed", "muhammad", "mohammad", "mohamed", "mo"],
            ["joseph", "joe", "joey"], ["daniel", "dan", "danny"], ["samuel", "sam", "sammy"],
            ["benjamin", "ben", "benji"], ["charlotte", "charlie", "lottie"], ["jessica", "jess", "jessie"],
            ["rebecca", "becky", "becca"], ["jacob", "jake"], ["matthew", "matt"], ["michael", "mike", "mikey"],
            ["christopher", "chris"], ["nicholas", "nick", "nicky"], ["olivia", "liv", "livvy"],
            ["abigail", "abbie", "abby"], ["oliver", "ollie"], ["harry", "harold", "henry"],
            ["edward", "ed", "eddie", "ted"],
        ]
        var table: [String: Set<String>] = [:]
        for group in groups {
            for name in group { table[name, default: []].formUnion(group.filter { $0 != name }) }
        }
        return table
    }()

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
        guard let surname else { return (false, "\(dob); surname differs") }
        guard let forename = Self.similarForename(a.forename, b.forename) else {
            return (false, "\(dob); \(surname); forename differs")
        }
        return (true, "\(dob); \(surname); \(forename)")
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
        return nil
    }

    static func similarForename(_ x: String, _ y: String) -> String? {
        let a = Normalise.words(x).first ?? ""
        let b = Normalise.words(y).first ?? ""
        guard !a.isEmpty, !b.isEmpty else { return nil }
        if a == b { return "forename=exact" }
        if Self.nicknames[a]?.contains(b) == true { return "forename=nickname" }
        let distance = StringDistance.damerauLevenshtein(a, b)
        // Twins often share all but a letter or two of a name: only a single edit in a short name counts.
        if distance == 1 && min(a.count, b.count) >= 4 { return "forename=edit 1" }
        if distance == 2 && min(a.count, b.count) >= 7 { return "forename=edit 2" }
        return nil
    }
}
