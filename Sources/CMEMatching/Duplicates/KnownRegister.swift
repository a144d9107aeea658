import Foundation

/// What intake knows of the register a referral is checked against: how many children it holds, and how many of them
/// carry each word of a name. The tracing engine weighs an agreeing name by how common it is (a shared "Smith" says
/// less than a shared "Oyelaran", as `cme match` does with its roll's frequencies), and intake asks whether a referral
/// is about one of `children` known children, so the prior for any one of them is one in `children`.
public struct KnownRegister: Sendable, Equatable {
    /// Children on the register, counted as at least `county`.
    public var children: Int
    /// The fewest children a register is counted as: a county's CME register (the scale intake was measured at,
    /// BENCHMARKS.md). Referrals come from all the county's children, not only those already known, so a new or
    /// small register (a first week's, a test's) must not make every name look rare and attach on thin evidence.
    public static let county = 20_000
    /// Per normalised name word (`Normalise.words`): how many children carry it in any of their names.
    public var nameCounts: [String: Int]

    /// Per forename and surname (`pairKey`: the forename's first word and the surname's last): how many children
    /// carry both; the names of one community go together (a shared "Arjun Singh" says less than a shared "Arjun"
    /// and a shared "Singh" each would, multiplied).
    public var pairCounts: [String: Int]

    public init(children: Int, nameCounts: [String: Int], pairCounts: [String: Int] = [:]) {
        self.children = max(children, Self.county)
        self.nameCounts = nameCounts
        self.pairCounts = pairCounts
    }

    /// The key of a forename and a surname in `pairCounts`: the forename's first word and the surname's last.
    public static func pairKey(_ forename: String, _ surname: String) -> String {
        (Normalise.words(forename).first ?? "") + "|" + (Normalise.words(surname).last ?? "")
    }

    /// The share of the register's children called both `forename` and `surname`, when known.
    func share(forename: String, surname: String) -> Double? {
        guard let count = self.pairCounts[Self.pairKey(forename, surname)] else { return nil }
        return Double(min(max(count, 1), self.children)) / Double(self.children)
    }

    /// The share of the register's children who could be called `name`: its rarest word's (a child carries each of
    /// their words), at least one child in the register.
    func share(of name: String) -> Double {
        let words = Normalise.words(name)
        guard !words.isEmpty else { return 1 }
        let rarest = words.map { self.nameCounts[$0] ?? 0 }.min() ?? 0
        return Double(min(max(rarest, 1), self.children)) / Double(self.children)
    }

    /// log2 of the prior odds that a referral is about one particular known child: one in `children`.
    var logPriorOdds: Double {
        -Foundation.log2(Double(self.children))
    }
}
