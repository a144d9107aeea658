import CMECore
import CMEMatching

/// One pupil on a school's roll, as a census-like roll file gives them.
public struct RollPupil: Sendable, Equatable {
    /// The pupil's details; `schoolURN` is always set.
    public var record: PupilRecord
    /// The year group as the census writes it: `N1`, `N2`, `R`, `1`...`14`, or `X` (not following the NC).
    public var ncYear: String
    public var entryDate: Day
    /// Set once the pupil has left (or is about to).
    public var leavingDate: Day?
    /// Who the pupil is within the school, the same from one file to the next: the UPN, else the school's own
    /// record id, else name and date of birth.
    public var key: String

    public var schoolURN: String { self.record.schoolURN ?? "" }

    /// On roll on `day`: entered by then and not left before it.
    public func isOnRoll(on day: Day) -> Bool {
        self.entryDate <= day && (self.leavingDate.map { $0 >= day } ?? true)
    }
}

/// Reads a school roll: the pupil columns of `cme match` plus `nc_year`, `entry_date`, `leaving_date` and
/// `school_urn`. A file may hold one school or many.
public enum RollCSV {
    public static let requiredColumns = ["upn", "forename", "surname", "dob", "nc_year", "entry_date", "leaving_date"]
    public static let yearGroups: Set<String> = Set(["N1", "N2", "R", "X"] + (1...14).map(String.init))

    /// Every row or none. `school`, when given, is the only school the file may hold, and stands in for a missing
    /// `school_urn` column; without it the column is required.
    public static func read(bytes: [UInt8], school: String? = nil) throws(ImportFileError) -> [RollPupil] {
        try self.readPupils(
            bytes: bytes,
            school: school,
            required: Self.requiredColumns,
            yearGroups: Self.yearGroups,
            entryRequired: true
        )
    }

    /// The rows of a roll-like file (a roll, or a transfer list without entry dates).
    static func readPupils(
        bytes: [UInt8],
        school: String?,
        required: [String],
        yearGroups: Set<String>,
        entryRequired: Bool
    ) throws(ImportFileError) -> [RollPupil] {
        let table = try CSVTable(bytes: bytes, required: required + (school == nil ? ["school_urn"] : []))
        let c = (
            id: table.column("record_id"), upn: table.column("upn"), forename: table.column("forename"),
            middle: table.column("middle_names"), surname: table.column("surname"),
            preferred: table.column("preferred_surname"), former: table.column("former_surname"),
            dob: table.column("dob"), gender: table.column("gender"), ethnicity: table.column("ethnicity"),
            postcode: table.column("postcode"), address: table.column("address"), urn: table.column("school_urn"),
            parent: table.column("parent_name"), year: table.column("nc_year"), entry: table.column("entry_date"),
            leaving: table.column("leaving_date")
        )
        var errors = table.errors
        var pupils: [RollPupil] = []
        pupils.reserveCapacity(table.rows.count)
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            var check = RowCheck()
            let urn = check.school(row[c.urn], fixed: school)
            let upn = check.take(FeedField.upn(row[c.upn])) ?? nil
            let forename = check.required(row[c.forename], "forename")
            let surname = check.required(row[c.surname], "surname")
            let dob = check.take(FeedField.day(row[c.dob], column: "dob", required: true)) ?? nil
            let entry = check.take(FeedField.day(row[c.entry], column: "entry_date", required: entryRequired)) ?? nil
            let leaving = check.take(FeedField.day(row[c.leaving], column: "leaving_date", required: false)) ?? nil
            let year = check.required(row[c.year]?.uppercased(), "nc_year")
            if let year, !yearGroups.contains(year) {
                check.problems.append("nc_year '\(year)' is not one of \(Self.describe(yearGroups))")
            }
            if let gender = row[c.gender], !["M", "F", "U", "X"].contains(gender.uppercased()) {
                check.problems.append("gender '\(gender)' is not M, F, U or X")
            }
            if let dob, let entry, entry < dob { check.problems.append("entry_date \(entry) is before dob \(dob)") }
            if let entry, let leaving, leaving < entry {
                check.problems.append("leaving_date \(leaving) is before entry_date \(entry)")
            }
            guard check.problems.isEmpty, let urn, let forename, let surname, let dob, let year else {
                errors.append(ImportRowError(line: row.line, reason: check.reason))
                continue
            }
            let key = upn ?? row[c.id].map { "id:\($0)" } ?? "\(surname.lowercased())|\(forename.lowercased())|\(dob)"
            if let earlier = firstLine["\(urn)|\(key)"] {
                errors.append(
                    ImportRowError(line: row.line, reason: "the same pupil as line \(earlier) (school \(urn), \(key))")
                )
                continue
            }
            firstLine["\(urn)|\(key)"] = row.line
            let record = PupilRecord(
                recordID: row[c.id] ?? "\(urn):\(key)",
                upn: upn,
                forename: forename,
                middleNames: row[c.middle],
                surname: surname,
                preferredSurname: row[c.preferred],
                formerSurname: row[c.former],
                dateOfBirth: dob,
                gender: row[c.gender]?.uppercased(),
                ethnicity: row[c.ethnicity],
                postcode: row[c.postcode],
                address: row[c.address],
                schoolURN: urn,
                parentName: row[c.parent]
            )
            pupils.append(
                RollPupil(record: record, ncYear: year, entryDate: entry ?? dob, leavingDate: leaving, key: key)
            )
        }
        guard errors.isEmpty else { throw .rows(errors.sorted { $0.line < $1.line }) }
        return pupils
    }

    /// Year groups in the order schools count them.
    static func describe(_ groups: Set<String>) -> String {
        let order = ["N1", "N2", "R"] + (1...14).map(String.init) + ["X"]
        return order.filter(groups.contains).joined(separator: ", ")
    }
}
