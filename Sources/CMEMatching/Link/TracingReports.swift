import CMECore

/// The tracing searches that look for children nobody has: a population list against every roll and open case
/// (children without a school place, Leicestershire 8.1 ii) and last year's transfer cohorts against this
/// September's rolls (failure to transfer, Suffolk 8.1).
public enum TracingReports {
    /// One child the search could not find, with the nearest record it did find (if any) for a person to check.
    public struct Untraced: Sendable, Equatable {
        public var record: PupilRecord
        /// The NC year group on the report date (Reception is 0, Nursery -1).
        public var ncYear: Int?
        /// The best pair below the match threshold, if any scored "possible".
        public var nearest: Match?

        public init(record: PupilRecord, ncYear: Int?, nearest: Match?) {
            self.record = record
            self.ncYear = ncYear
            self.nearest = nearest
        }
    }

    /// The records of `people` that match nothing in `known` at `threshold`, in input order. With
    /// `compulsorySchoolAgeOn`, only children of compulsory school age on that day are reported (the others are
    /// not missing education: Leicestershire 8.1 ii).
    public static func untraced(
        _ people: [PupilRecord],
        against known: [PupilRecord],
        threshold: Double = 0.9,
        compulsorySchoolAgeOn day: Day? = nil,
        options: LinkOptions = LinkOptions()
    ) -> [Untraced] {
        let matches = Linker(options: options).link(roll: known, lost: people, threshold: threshold, bestOnly: true)
        let best = Dictionary(matches.map { ($0.lostID, $0) }, uniquingKeysWith: { first, _ in first })
        return people.compactMap { person in
            let match = best[person.recordID]
            if let match, match.band == .match { return nil }
            let age = person.dateOfBirth.map(SchoolAge.init(dateOfBirth:))
            if let day {
                // A record without a date of birth cannot be ruled out: it is reported.
                if let age, !age.isCompulsorySchoolAge(on: day) { return nil }
            }
            return Untraced(
                record: person,
                ncYear: day.flatMap { day in age.map { $0.ncYear(on: day) } },
                nearest: match
            )
        }
    }

    /// Failure to transfer (Suffolk 8.1): the children of last year's Nursery, Year 4, Year 6 and Year 8 cohorts
    /// (by their year group on `lastYear`) who are on none of this September's rolls.
    public static let transferYears: Set<Int> = [-1, 4, 6, 8]

    public static func failedToTransfer(
        cohort: [PupilRecord],
        rolls: [PupilRecord],
        lastYear: Day,
        threshold: Double = 0.9,
        options: LinkOptions = LinkOptions()
    ) -> [Untraced] {
        let movers = cohort.filter { record in
            guard let dob = record.dateOfBirth else { return true }
            return self.transferYears.contains(SchoolAge(dateOfBirth: dob).ncYear(on: lastYear))
        }
        return self.untraced(movers, against: rolls, threshold: threshold, options: options).map { untraced in
            var untraced = untraced
            untraced.ncYear = untraced.record.dateOfBirth.map { SchoolAge(dateOfBirth: $0).ncYear(on: lastYear) }
            return untraced
        }
    }

    /// A report row per untraced child: `record_id, forename, surname, dob, nc_year, postcode, school_urn,
    /// nearest_id, nearest_score, nearest_evidence`.
    public static func csv(_ rows: [Untraced]) -> String {
        var lines = [
            "record_id,forename,surname,dob,nc_year,postcode,school_urn,nearest_id,nearest_score,nearest_evidence"
        ]
        for row in rows {
            let r = row.record
            lines.append(
                CSVWriter.row(
                    [
                        r.recordID, r.forename, r.surname, r.dateOfBirth?.description, row.ncYear.map(String.init),
                        r.postcode, r.schoolURN, row.nearest?.rollID, row.nearest.map { MatchCSV.score($0.score) },
                        row.nearest?.summary,
                    ].map { $0 ?? "" }
                )
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
