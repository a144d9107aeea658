import CMECore

/// A child a search found, as storage read it: every name, UPN and postcode the record holds.
public struct SearchCandidate: Sendable, Equatable {
    public var id: String
    public var forename: String
    public var middleNames: String?
    public var surname: String
    public var otherNames: [String]
    public var dateOfBirth: Day?
    public var upns: [String]
    public var postcodes: [String]

    public init(
        id: String,
        forename: String,
        middleNames: String? = nil,
        surname: String,
        otherNames: [String] = [],
        dateOfBirth: Day? = nil,
        upns: [String] = [],
        postcodes: [String] = []
    ) {
        self.id = id
        self.forename = forename
        self.middleNames = middleNames
        self.surname = surname
        self.otherNames = otherNames
        self.dateOfBirth = dateOfBirth
        self.upns = upns
        self.postcodes = postcodes
    }

    /// The candidate as one engine record: their own names, first UPN and first postcode.
    func record(id: String) -> PupilRecord {
        PupilRecord(
            recordID: id,
            upn: self.upns.first,
            forename: self.forename,
            middleNames: self.middleNames,
            surname: self.surname,
            dateOfBirth: self.dateOfBirth,
            postcode: self.postcodes.first
        )
    }

    /// Every normalised word of every name.
    var words: [String] {
        ([self.forename, self.middleNames ?? "", self.surname] + self.otherNames).flatMap(Normalise.words)
    }
}

/// A child ranked for a search: how well they match what was typed, and why, in words.
public struct SearchHit: Sendable, Equatable {
    public var id: String
    /// The tracing engine's probability that this is the child meant, against an even prior: how much what was
    /// typed favours this child over an unrelated one.
    public var score: Double
    /// The engine's evidence for the fields that were compared.
    public var evidence: [FieldEvidence]
    /// What agreed, in words ("surname the same", "date of birth with day and month swapped").
    public var reasons: [String]
}

/// Ranks the children a search found with the tracing engine's comparison (the one `cme match` uses: name variants,
/// sounds, transposed names, former surnames, day/month swaps, temporary UPNs, postcode parts), issue 18.
public enum ChildSearchRanking {
    /// The defaults' m and u, against an even prior: a search asks which of these children was meant.
    static let model: MatchModel = {
        var model = MatchModel.defaults
        model.prior = 0.5
        return model
    }()

    /// A candidate's best comparison so far.
    struct Best {
        var weight: Double
        /// The fields' weights without the prior: above zero when what was typed favours this child.
        var fields: Double
        var c: PairComparison
        var weights: SIMD8<Double>
        var notes: [String]
    }

    /// The candidates that agree with what was typed, best first; the rest are left out. Only the hits at the
    /// positions in `explained` (all when nil) carry their evidence and reasons: a page shows 25 of up to a thousand,
    /// and putting every hit's evidence into words was a tenth of a common surname's search.
    public static func rank(
        _ query: ChildSearchQuery,
        among candidates: [SearchCandidate],
        explaining explained: Range<Int>? = nil
    ) -> [SearchHit] {
        guard !candidates.isEmpty else { return [] }
        // Each candidate is one record, and one more for each other name, UPN or postcode the search could meet.
        var records: [PupilRecord] = []
        var owner: [Int] = []
        for (index, candidate) in candidates.enumerated() {
            for record in Self.records(candidate, index: index, query: query) {
                records.append(record)
                owner.append(index)
            }
        }
        let store = RecordStore(records, workers: 1)
        let scorer = Scorer(model: Self.model, frequencies: false)
        var best: [Int: Best] = [:]
        // The query prepared once for each way its words were completed (most candidates complete them alike):
        // preparing it again for every candidate was most of a common surname's search.
        var prepared: [[String]: [(PreparedRecord, RecordNames)]] = [:]
        for j in 0..<records.count {
            let candidate = candidates[owner[j]]
            guard Self.initialsAgree(query.initials, candidate) else { continue }
            let (words, notes) = Self.completed(query.names, by: candidate.words)
            let ways =
                prepared[words]
                ?? {
                    let ways = Self.queries(query, words: words).map(store.prepareQuery)
                    prepared[words] = ways
                    return ways
                }()
            for (way, (a, aNames)) in ways.enumerated() {
                let c = PairComparison.compare(a, aNames, store.records[j], store.recordNames(j))
                let (total, fields) = scorer.weigh(c, roll: store.records[j], store: store)
                guard total > best[owner[j]]?.weight ?? -.infinity else { continue }
                let reversed = way == 1 && words.count > 1 ? ["names given surname first"] : []
                best[owner[j]] = Best(
                    weight: total,
                    fields: fields.sum(),
                    c: c,
                    weights: fields,
                    notes: notes + reversed
                )
            }
        }
        var hits: [(index: Int, found: Best)] = best.filter { $0.value.fields > 0 }.map { ($0.key, $0.value) }
        hits.sort {
            if $0.found.weight != $1.found.weight { return $0.found.weight > $1.found.weight }
            let (a, b) = (candidates[$0.index], candidates[$1.index])
            if a.surname != b.surname { return a.surname < b.surname }
            if a.forename != b.forename { return a.forename < b.forename }
            return a.id < b.id
        }
        let initials = query.initials.isEmpty ? [] : ["initial \(query.initials.joined(separator: " ").uppercased())"]
        return hits.enumerated().map { position, hit in
            var result = SearchHit(
                id: candidates[hit.index].id,
                score: Scorer.probability(hit.found.weight),
                evidence: [],
                reasons: []
            )
            if explained?.contains(position) ?? true {
                result.evidence = Evidence.make(hit.found.c, weights: hit.found.weights)
                result.reasons =
                    hit.found.notes + initials + result.evidence.filter { $0.weight > 0 }.compactMap(Self.words)
            }
            return result
        }
    }

    /// The candidate as records: their own names, then each other name (its last word a former surname, a whole
    /// name its own record), each further UPN and postcode when the search gave one.
    static func records(_ candidate: SearchCandidate, index: Int, query: ChildSearchQuery) -> [PupilRecord] {
        let base = candidate.record(id: String(index))
        var result = Self.withOtherNames(base, candidate.otherNames)
        if query.upn != nil {
            for upn in candidate.upns.dropFirst() {
                var record = base
                record.upn = upn
                result.append(record)
            }
        }
        if query.postcode != nil {
            for postcode in candidate.postcodes.dropFirst() {
                var record = base
                record.postcode = postcode
                result.append(record)
            }
        }
        return result
    }

    /// `base`, and one record more for each other name: a single word as a former surname, a whole name as its
    /// forename and surname.
    static func withOtherNames(_ base: PupilRecord, _ names: [String]) -> [PupilRecord] {
        var result = [base]
        for name in names {
            let words = Normalise.words(name)
            guard let last = words.last else { continue }
            var record = base
            if words.count > 1 {
                record.forename = words[0]
                record.middleNames = nil
                record.surname = last
            } else {
                record.formerSurname = last
            }
            result.append(record)
        }
        return result
    }

    /// The query as records: the names one way round and the other (one word is tried as a surname and as a
    /// forename), with the date of birth, UPN and postcode.
    static func queries(_ query: ChildSearchQuery, words: [String]) -> [PupilRecord] {
        var base = PupilRecord(recordID: "query", upn: query.upn, dateOfBirth: query.dateOfBirth)
        base.postcode = query.postcode
        guard let first = words.first, let last = words.last else { return [base] }
        var straight = base
        var reversed = base
        if words.count == 1 {
            straight.surname = first
            reversed.forename = first
        } else {
            let middle = words.dropFirst().dropLast().joined(separator: " ")
            straight.forename = first
            straight.surname = last
            reversed.forename = last
            reversed.surname = first
            if !middle.isEmpty {
                straight.middleNames = middle
                reversed.middleNames = middle
            }
        }
        return [straight, reversed]
    }

    /// Part of a name stands for the whole: a typed word that is not one of the candidate's words but begins one
    /// is compared as that word ("Quen" as "Quenby"), with a note saying so.
    static func completed(_ words: [String], by names: [String]) -> (words: [String], notes: [String]) {
        var notes: [String] = []
        let completed = words.map { word -> String in
            guard !names.contains(word), let whole = names.first(where: { $0.hasPrefix(word) }) else { return word }
            notes.append("\u{201C}\(Self.title(word))\u{201D} is the start of \(Self.title(whole))")
            return whole
        }
        return (completed, notes)
    }

    /// A normalised word with a capital first letter.
    static func title(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    /// Whether every initial typed begins one of the candidate's forenames or middle names.
    static func initialsAgree(_ initials: [String], _ candidate: SearchCandidate) -> Bool {
        guard !initials.isEmpty else { return true }
        let given =
            Normalise.words(candidate.forename + " " + (candidate.middleNames ?? ""))
            + candidate.otherNames.compactMap { Normalise.words($0).first }
        return initials.allSatisfy { initial in given.contains { $0.hasPrefix(initial) } }
    }

    /// One agreeing field's evidence, in words.
    static func words(_ evidence: FieldEvidence) -> String? {
        let field: String
        switch evidence.field {
        case "forename": field = "forename"
        case "surname": field = "surname"
        case "dob": field = "date of birth"
        case "upn": field = "UPN"
        case "postcode": field = "postcode"
        case "address": field = "address"
        case "names": return "forename and surname given the other way round"
        default: return nil
        }
        switch evidence.outcome {
        case "exact", "same", "full": return "\(field) the same"
        case "exact (temporary)": return "temporary \(field) the same"
        case "nickname": return "\(field) a short form of the name"
        case "spelling variant": return "\(field) another spelling of the name"
        case "first name": return "first of the forenames the same"
        case "middle name": return "\(field) one of the middle names"
        case "preferred surname": return "the surname the child is known by"
        case "former surname": return "a former surname"
        case "hyphen part": return "part of a double-barrelled surname"
        case "phonetic": return "\(field) sounds the same"
        case "day/month swap": return "date of birth with day and month swapped"
        case "one day off": return "date of birth a day apart"
        case "one digit off": return "date of birth a digit apart"
        case "sector": return "same postcode sector"
        case "district": return "same postcode district"
        default:
            if evidence.outcome.hasPrefix("jw") { return "\(field) spelt alike" }
            if evidence.outcome.hasPrefix("similar") { return "similar \(field)" }
            return nil
        }
    }
}
