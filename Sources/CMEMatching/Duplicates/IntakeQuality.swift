import CMECore

/// How intake's decision fares on second referrals about known children and on referrals about children who only
/// look like them (issue 18's goals): each lost record of a synthetic population is taken in against the roll as the
/// children already known, reading the candidates intake reads (the same UPN; born on the day or its day/month swap;
/// sharing a surname key and born near the day), deciding with `IntakeDecision.knownChild` and, when that finds
/// nobody, `PossibleDuplicate.candidates` over the same children.
public struct IntakeQuality: Sendable, Equatable, CustomStringConvertible {
    /// Referrals about a known child (the truth pairs them with a roll record).
    public var aboutKnown = 0
    /// Of those, attached to that child.
    public var attached = 0
    /// Of those, attached to another child.
    public var attachedToAnother = 0
    /// Of those, not attached, with the child in the possible-duplicates queue beside the new record.
    public var queued = 0
    /// Of those, not attached and not queued: a silent second record.
    public var silentSecond = 0
    /// Referrals about children not known (siblings, twins, namesakes, new families).
    public var aboutOthers = 0
    /// Of those, attached to a known child: the wrong child.
    public var othersAttached = 0
    /// Of those, put beside a known child in the queue (a person then says "different children").
    public var othersQueued = 0
    /// Of the wrong attachments, how many were to a child with the same surname and home (a sibling or twin).
    public var othersAttachedToFamily = 0
    /// Lost records intake could not take (no date of birth: a referral needs one).
    public var skipped = 0

    public init() {}

    /// `threshold` is the probability from which intake attaches (`IntakeDecision.matchThreshold`).
    public static func measure(
        _ population: SyntheticPopulation,
        threshold: Double = IntakeDecision.matchThreshold
    ) -> IntakeQuality {
        var byDay: [Day: [Int]] = [:]
        var byUPN: [String: [Int]] = [:]
        var bySurname: [String: [Int]] = [:]
        var nameCounts: [String: Int] = [:]
        var pairCounts: [String: Int] = [:]
        for (index, record) in population.roll.enumerated() {
            if let day = record.dateOfBirth { byDay[day, default: []].append(index) }
            if let upn = record.upn { byUPN[upn, default: []].append(index) }
            for key in Set(Self.surnames(record).flatMap(SearchKeys.name)) { bySurname[key, default: []].append(index) }
            let names = [record.forename, record.middleNames].compactMap { $0 } + Self.surnames(record)
            // As storage counts them (`KnownRegister`): children carrying a word, or two, in any of their names.
            let words = Set(names.flatMap(Normalise.words))
            for word in words { nameCounts[word, default: 0] += 1 }
            for first in words {
                for second in words where second != first { pairCounts[first + "|" + second, default: 0] += 1 }
            }
        }
        let register = KnownRegister(children: population.roll.count, nameCounts: nameCounts, pairCounts: pairCounts)
        var quality = IntakeQuality()
        for lost in population.lost {
            guard let dob = lost.dateOfBirth, let forename = lost.forename, let surname = lost.surname else {
                quality.skipped += 1
                continue
            }
            var indices: [Int] = []
            if let upn = lost.upn { indices += byUPN[upn] ?? [] }
            indices += byDay[dob] ?? []
            if let swapped = dob.dayMonthSwapped {
                indices += byDay[swapped] ?? []
            }
            var seen = Set<Int>()
            indices = indices.filter { seen.insert($0).inserted }
            // And the children sharing a surname and born near the day (a digit or a field of the date out).
            for index in Set(Self.surnames(lost).flatMap(SearchKeys.name).flatMap { bySurname[$0] ?? [] }).sorted()
            where !seen.contains(index) {
                if let born = population.roll[index].dateOfBirth, IntakeDecision.bornNear(born, dob) {
                    indices.append(index)
                    seen.insert(index)
                }
            }
            let known = indices.map { population.roll[$0] }
            let key = PersonKey(
                forename: forename,
                surname: surname,
                aliases: Self.aliases(lost),
                dateOfBirth: dob,
                middleNames: lost.middleNames,
                postcodes: lost.postcode.map { [$0] } ?? []
            )
            let candidates = known.map {
                IntakeDecision.Candidate(
                    person: PersonKey(
                        forename: $0.forename ?? "",
                        surname: $0.surname ?? "",
                        aliases: Self.aliases($0),
                        dateOfBirth: $0.dateOfBirth ?? dob,
                        middleNames: $0.middleNames,
                        postcodes: $0.postcode.map { [$0] } ?? []
                    ),
                    upn: $0.upn
                )
            }
            let truth = population.truth[lost.recordID]
            if let found = IntakeDecision.knownChild(
                key,
                upn: lost.upn,
                among: candidates,
                register: register,
                threshold: threshold
            ) {
                let chosen = known[found.index]
                if let truth {
                    quality.aboutKnown += 1
                    if chosen.recordID == truth { quality.attached += 1 } else { quality.attachedToAnother += 1 }
                } else {
                    quality.aboutOthers += 1
                    quality.othersAttached += 1
                    if chosen.surname == lost.surname && chosen.postcode == lost.postcode {
                        quality.othersAttachedToFamily += 1
                    }
                }
                continue
            }
            // Nobody recognised with confidence: the engine says which a person should see beside the new record.
            let queue = PossibleDuplicate.candidates(
                for: Self.candidate(lost),
                among: known.map(Self.candidate)
            ).map { known[$0.index].recordID }
            if let truth {
                quality.aboutKnown += 1
                if queue.contains(truth) { quality.queued += 1 } else { quality.silentSecond += 1 }
            } else {
                quality.aboutOthers += 1
                if !queue.isEmpty { quality.othersQueued += 1 }
            }
        }
        return quality
    }

    static func surnames(_ record: PupilRecord) -> [String] {
        [record.surname].compactMap { $0 } + Self.aliases(record)
    }

    static func aliases(_ record: PupilRecord) -> [String] {
        [record.preferredSurname, record.formerSurname].compactMap { $0 }
    }

    static func candidate(_ record: PupilRecord) -> SearchCandidate {
        SearchCandidate(
            id: record.recordID,
            forename: record.forename ?? "",
            middleNames: record.middleNames,
            surname: record.surname ?? "",
            otherNames: Self.aliases(record),
            dateOfBirth: record.dateOfBirth,
            upns: record.upn.map { [$0] } ?? [],
            postcodes: record.postcode.map { [$0] } ?? []
        )
    }

    static func share(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "-" : Evidence.decimals(Double(part) * 100 / Double(whole)) + "%"
    }

    public var description: String {
        """
        referrals about a known child: \(self.aboutKnown)
          attached to that child:            \(self.attached) (\(Self.share(self.attached, self.aboutKnown)))
          attached to another child:         \(self.attachedToAnother) (\(Self.share(self.attachedToAnother, self.aboutKnown)))
          possible duplicate, in the queue:  \(self.queued) (\(Self.share(self.queued, self.aboutKnown)))
          silent second record:              \(self.silentSecond) (\(Self.share(self.silentSecond, self.aboutKnown)))
        referrals about a child not known (siblings, twins, namesakes, new families): \(self.aboutOthers)
          attached to a known child (wrong): \(self.othersAttached) (\(Self.share(self.othersAttached, self.aboutOthers))), \(self.othersAttachedToFamily) of them to a sibling or twin
          put in the queue:                  \(self.othersQueued) (\(Self.share(self.othersQueued, self.aboutOthers)))
        skipped (no date of birth, forename or surname): \(self.skipped)
        """
    }
}
