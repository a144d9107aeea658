import CMECore

/// What intake decides for a referral (issue 17: a pure function, testable without a database; the batch that
/// writes the decisions, ADR 0009, only carries them out). Suffolk 9.5: a further referral about a child with an
/// open case attaches to it; a child whose cases are all closed and who goes missing again reopens the newest as a
/// new episode; a child not known before gets a case. A notice that does not open cases (an information-only
/// notice) is recorded on the child, and on their open case if there is one.
public enum IntakeDecision: Equatable, Sendable {
    /// Attach to the open case at this index of the child's cases.
    case attach(Int)
    /// Reopen the closed case at this index as a new episode.
    case reopen(Int)
    /// Open a new case.
    case open
    /// Record the notice against the child only.
    case recordOnly

    /// One known child a referral might be about.
    public struct Candidate: Sendable, Equatable {
        public var person: PersonKey
        public var upn: String?

        public init(person: PersonKey, upn: String?) {
            self.person = person
            self.upn = upn
        }
    }

    /// The known child a referral is about: the first with the same UPN, else the one the tracing engine weighs
    /// highest (`PossibleDuplicate.compare`, the comparison and model the children search and `cme match` use, with
    /// the names weighed by how common they are on the `register`) if it is a match in the engine's sense: a
    /// probability of at least `threshold` (`cme match`'s, 0.9) with the prior that a referral is about one of the
    /// register's children. A candidate with a different permanent UPN is a different child, however alike the
    /// names (a temporary UPN, given while the real one is not known, decides nothing), and so is one with the
    /// signature of a twin or sibling (`PossibleDuplicate.isSiblingSignature`: the same surname and no given name in
    /// common). Returns the index and the evidence in words.
    public static func knownChild(
        _ person: PersonKey,
        upn: String?,
        among candidates: [Candidate],
        register: KnownRegister,
        threshold: Double = Self.matchThreshold
    ) -> (index: Int, evidence: String)? {
        if let upn, let index = candidates.firstIndex(where: { $0.upn == upn }) { return (index, "UPN the same") }
        let referred = person.searchCandidate(id: "referred", upn: upn)
        var eligible: [Int] = []
        var known: [SearchCandidate] = []
        for (index, candidate) in candidates.enumerated() where !Self.permanentUPNsDiffer(upn, candidate.upn) {
            let child = candidate.person.searchCandidate(id: "known", upn: candidate.upn)
            if PossibleDuplicate.isSiblingSignature(referred, child) { continue }
            eligible.append(index)
            known.append(child)
        }
        var best: (index: Int, duplicate: PossibleDuplicate)?
        for (index, duplicate) in zip(eligible, PossibleDuplicate.compare(referred, with: known, register: register))
        where duplicate.weight > best?.duplicate.weight ?? -.infinity {
            best = (index, duplicate)
        }
        guard let best else { return nil }
        let probability = Scorer.probability(best.duplicate.weight + register.logPriorOdds)
        guard probability >= threshold else { return nil }
        let score = Evidence.decimals(probability * 100)
        return (best.index, (best.duplicate.agreeing + ["probability \(score)%"]).joined(separator: "; "))
    }

    /// The probability from which intake takes a referral to be about a known child without asking a person: the
    /// match band's, as `cme match` uses by default (`MatchBand`).
    public static let matchThreshold = 0.9

    /// Whether two dates of birth could be one written wrongly: the same, a day apart, day and month swapped, or two
    /// of year, month and day the same (a digit or a field mistyped). Intake reads the children sharing a surname
    /// and born near the day, to put beside a new record when nobody is recognised (issue 18: a date of birth a
    /// digit out opened a silent second record).
    public static func bornNear(_ a: Day, _ b: Day) -> Bool {
        if abs(a.days(to: b)) <= 1 { return true }
        if a.year == b.year && a.month == b.day && a.day == b.month { return true }
        return [a.year == b.year, a.month == b.month, a.day == b.day].filter { $0 }.count >= 2
    }

    /// Whether both UPNs are given, permanent, and differ: then two children.
    public static func permanentUPNsDiffer(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, a != b else { return false }
        return !Self.isTemporary(a) && !Self.isTemporary(b)
    }

    /// A temporary UPN ends in a letter (the DfE's UPN guidance); a permanent one in a digit.
    static func isTemporary(_ upn: String) -> Bool {
        !(upn.last.map { $0.isASCII && $0.isNumber } ?? false)
    }

    /// The decision for a referral about a child whose cases, newest first, are in `states` (empty for a child not
    /// known before); `mayOpenCase` is whether the referral's kind opens cases.
    public static func decide(caseStates states: [CaseState], mayOpenCase: Bool) -> IntakeDecision {
        if let open = states.firstIndex(where: { $0 != .closed }) { return .attach(open) }
        guard mayOpenCase else { return .recordOnly }
        return states.isEmpty ? .open : .reopen(0)
    }
}
