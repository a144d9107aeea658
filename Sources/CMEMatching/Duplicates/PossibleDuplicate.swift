import CMECore

/// Two records that may be one child: the tracing engine's score for the pair and its evidence in words, for a
/// person to decide side by side (issue 18: a referral intake does not recognise with confidence opens its case, but
/// the pair waits in the possible-duplicates queue instead of becoming a silent second record).
public struct PossibleDuplicate: Sendable, Equatable {
    /// The engine's probability that the two are one child, against an even prior.
    public var score: Double
    /// The engine's weight of evidence for the pair: log2 of how much likelier what the two records say is for one
    /// child than for two (the score's log odds; it does not saturate as the score does near 1), with the names
    /// weighed by the register's counts when compared with one (`compare(_:with:register:)`).
    public var weight: Double = 0
    /// What agreed, in words ("surname the same", "date of birth with day and month swapped").
    public var agreeing: [String]
    /// What did not ("forename differs").
    public var differing: [String]
    /// Whether a name (forename or surname, in any form) agreed: a shared date of birth alone is not a reason to ask.
    public var nameAgrees: Bool = false
    /// Whether both forename and surname (in any form, either way round) agreed.
    public var bothNamesAgree: Bool = false
    /// Whether the dates of birth are the same or have day and month swapped.
    public var sameBirthday: Bool = false

    /// The score from which a pair is put to a person: the engine's "possible" band (`MatchBand`).
    public static let threshold = 0.5

    /// The engine's comparison of a referred child with a known one (`compare(_:with:register:)` for several).
    public static func compare(
        _ referred: SearchCandidate,
        with known: SearchCandidate,
        register: KnownRegister? = nil
    ) -> PossibleDuplicate {
        Self.compare(referred, with: [known], register: register)[0]
    }

    /// The engine's comparison of a referred child with each known one, in `known`'s order, in one store (as a
    /// search ranks its candidates); every other name of either child is tried (a former surname, a name the child
    /// is also known by), and the best is kept. With a `register`, a forename or surname that agrees exactly is
    /// weighed by how many of the register's children carry it (the engine's frequency adjustment) instead of by the
    /// model's average. A shared postcode sector or district weighs nothing, with or without a register
    /// (`withinACounty`): the queue and the side-by-side comparison judge a county's children too.
    public static func compare(
        _ referred: SearchCandidate,
        with known: [SearchCandidate],
        register: KnownRegister? = nil
    ) -> [PossibleDuplicate] {
        // Each side's other names are tried too (a referral giving the former surname the register holds).
        let queries = ChildSearchRanking.withOtherNames(referred.record(id: "referred"), referred.otherNames)
        var records: [PupilRecord] = []
        var owner: [Int] = []
        for (index, candidate) in known.enumerated() {
            for record in ChildSearchRanking.withOtherNames(candidate.record(id: String(index)), candidate.otherNames) {
                records.append(record)
                owner.append(index)
            }
        }
        guard !records.isEmpty else { return [] }
        let store = RecordStore(records, workers: 1)
        let model = ChildSearchRanking.model
        let scorer = Scorer(model: model, frequencies: false)
        var best = [(weight: Double, c: PairComparison, weights: SIMD8<Double>)?](repeating: nil, count: known.count)
        for (a, aNames) in queries.map(store.prepareQuery) {
            for j in 0..<records.count {
                let c = PairComparison.compare(a, aNames, store.records[j], store.recordNames(j))
                var (_, fields) = scorer.weigh(c, roll: store.records[j], store: store)
                if let register, c[.order] == NameOrderLevel.straight.rawValue {
                    fields = Self.weighed(fields, c, records[j], by: register)
                }
                // Both records are the authority's (a referral and its register, or two children it holds).
                fields = Self.withinACounty(fields, c)
                let total = scorer.logPriorOdds + fields.sum()
                if total > best[owner[j]]?.weight ?? -.infinity { best[owner[j]] = (total, c, fields) }
            }
        }
        return best.map { best in
            guard let best else { return PossibleDuplicate(score: 0, agreeing: [], differing: []) }
            let evidence = Evidence.make(best.c, weights: best.weights)
            return PossibleDuplicate(
                score: Scorer.probability(best.weight),
                weight: best.weight,
                agreeing: evidence.filter { $0.weight > 0 }.compactMap(ChildSearchRanking.words),
                differing: evidence.filter { $0.weight < 0 }.map(Self.differs),
                nameAgrees: evidence.contains { ["forename", "surname", "names"].contains($0.field) && $0.weight > 0 },
                bothNamesAgree: ["forename", "surname"].allSatisfy { field in
                    evidence.contains { $0.field == field && $0.weight > 0 }
                },
                sameBirthday: evidence.contains {
                    $0.field == "dob" && ["exact", "day/month swap"].contains($0.outcome)
                }
            )
        }
    }

    /// The fields' weights of a pair whose names agree exactly, weighed by how many of the register's children carry
    /// them: each name by its own share, and both names together by the share carrying both, when that is more than
    /// the product (one community's forenames and surnames go together).
    static func weighed(
        _ weights: SIMD8<Double>,
        _ c: PairComparison,
        _ known: PupilRecord,
        by register: KnownRegister
    ) -> SIMD8<Double> {
        var fields = weights
        let model = ChildSearchRanking.model
        // Level 0 is exact for both names.
        let m = (forename: model.m[Field.forename.rawValue][0], surname: model.m[Field.surname.rawValue][0])
        if c[.forename] == 0 {
            fields[Field.forename.rawValue] =
                Scorer.log2(m.forename) - Scorer.log2(register.share(of: known.forename ?? ""))
        }
        if c[.surname] == 0 {
            fields[Field.surname.rawValue] =
                Scorer.log2(m.surname) - Scorer.log2(register.share(of: known.surname ?? ""))
        }
        if c[.forename] == 0 && c[.surname] == 0,
            let both = register.share(forename: known.forename ?? "", surname: known.surname ?? "")
        {
            let apart = fields[Field.forename.rawValue] + fields[Field.surname.rawValue]
            let together = Scorer.log2(m.forename) + Scorer.log2(m.surname) - Scorer.log2(both)
            fields[Field.surname.rawValue] -= max(0, apart - together)
        }
        return fields
    }

    /// The fields' weights with a shared postcode sector or district counted as no evidence. The model's chance
    /// that two children share one is the country's (one in 2,000 and one in 250); a county's register shares a
    /// handful of districts, so among its children a shared district or sector is common and says little. The full
    /// postcode and the same address still count.
    static func withinACounty(_ weights: SIMD8<Double>, _ c: PairComparison) -> SIMD8<Double> {
        var fields = weights
        if [LocationLevel.sector.rawValue, LocationLevel.district.rawValue].contains(c[.location]) {
            fields[Field.location.rawValue] = 0
        }
        return fields
    }

    /// Which of `known` (intake's candidates, not judged the same child with confidence) a person should compare
    /// with the referred child: those the engine scores at least `threshold` with a name agreeing (both names when
    /// born on another day), best first; never two permanent UPNs that differ, nor the signature of a twin or
    /// sibling (`isSiblingSignature`), who must never be offered as one child (issue 18: twins kept apart).
    public static func candidates(
        for referred: SearchCandidate,
        among known: [SearchCandidate]
    ) -> [(index: Int, duplicate: PossibleDuplicate)] {
        var eligible: [Int] = []
        for (index, candidate) in known.enumerated() {
            // Two permanent UPNs that differ are two children.
            if IntakeDecision.permanentUPNsDiffer(referred.upns.first, candidate.upns.first) { continue }
            if Self.isSiblingSignature(referred, candidate) { continue }
            eligible.append(index)
        }
        var found: [(index: Int, duplicate: PossibleDuplicate)] = []
        for (index, duplicate) in zip(eligible, Self.compare(referred, with: eligible.map { known[$0] })) {
            // Born on another day, both names must agree: a namesake born near the day is common in a county.
            let names = duplicate.sameBirthday ? duplicate.nameAgrees : duplicate.bothNamesAgree
            if names, duplicate.score >= Self.threshold { found.append((index, duplicate)) }
        }
        return found.sorted { $0.duplicate.score > $1.duplicate.score }
    }

    /// The same surname, and given names that are not one name (none of one child's forename and middle names is
    /// the same as, a short form or spelling of, or a letter from one of the other's): a twin or a sibling, whatever
    /// their dates of birth.
    static func isSiblingSignature(_ a: SearchCandidate, _ b: SearchCandidate) -> Bool {
        guard Normalise.words(a.surname).joined() == Normalise.words(b.surname).joined() else { return false }
        let given = { (c: SearchCandidate) in Normalise.words(c.forename + " " + (c.middleNames ?? "")) }
        let x = given(a)
        let y = given(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        for f in x {
            for g in y {
                if f == g || NameVariants.relation(f, g) != nil { return false }
                if min(f.count, g.count) >= 4 && StringDistance.damerauLevenshtein(f, g) <= 1 { return false }
            }
        }
        return true
    }

    /// One disagreeing field's evidence, in words.
    static func differs(_ evidence: FieldEvidence) -> String {
        switch evidence.field {
        case "dob":
            evidence.outcome == "differs" ? "date of birth differs" : "date of birth \(evidence.outcome)"
        case "upn": "UPN differs"
        case "names": "forename and surname given the other way round"
        case "address", "postcode": "\(evidence.field) differs"
        default: "\(evidence.field) differs"
        }
    }
}
