import CMECore
import CMEMatching

/// A school's leaver (CML) or joiner (CMJ) return for one pupil (Derbyshire 5.3, 5.4; Suffolk 9.6).
public struct SchoolReturn: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Children Missing Leaver: sent before a pupil is taken off roll (Derbyshire 5.3).
        case leaver = "CML"
        /// Children Missing Joiner: within 5 days of placing a pupil on roll (Derbyshire 5.4).
        case joiner = "CMJ"
    }

    public var kind: Kind
    public var schoolURN: String
    public var upn: String?
    public var forename: String
    public var surname: String
    public var dateOfBirth: Day
    /// The day the pupil left or joined.
    public var day: Day
    /// Where a leaver went, or where a joiner came from, as the school gives it.
    public var destination: String?

    /// Who the return is about, as the roll keys them: the UPN, else name and date of birth.
    public var key: String {
        self.upn ?? "\(self.surname.lowercased())|\(self.forename.lowercased())|\(self.dateOfBirth)"
    }
}

/// Reads a file of CML/CMJ returns: `return_type` (CML or CMJ), `school_urn`, `upn`, `forename`, `surname`, `dob`,
/// `date` (left or joined), and `destination` if given.
public enum ReturnsCSV {
    public static let requiredColumns = ["return_type", "upn", "forename", "surname", "dob", "date"]

    public static func read(bytes: [UInt8], school: String? = nil) throws(ImportFileError) -> [SchoolReturn] {
        let table = try CSVTable(bytes: bytes, required: Self.requiredColumns + (school == nil ? ["school_urn"] : []))
        let c = (
            kind: table.column("return_type"), urn: table.column("school_urn"), upn: table.column("upn"),
            forename: table.column("forename"), surname: table.column("surname"), dob: table.column("dob"),
            day: table.column("date"), destination: table.column("destination")
        )
        var errors = table.errors
        var returns: [SchoolReturn] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            var check = RowCheck()
            let kindText = row[c.kind]?.uppercased()
            let kind = kindText.flatMap(SchoolReturn.Kind.init(rawValue:))
            if kind == nil { check.problems.append("return_type '\(kindText ?? "")' is not CML or CMJ") }
            let urn = check.school(row[c.urn], fixed: school)
            let upn = check.take(FeedField.upn(row[c.upn])) ?? nil
            let forename = check.required(row[c.forename], "forename")
            let surname = check.required(row[c.surname], "surname")
            let dob = check.take(FeedField.day(row[c.dob], column: "dob", required: true)) ?? nil
            let day = check.take(FeedField.day(row[c.day], column: "date", required: true)) ?? nil
            guard check.problems.isEmpty, let kind, let urn, let forename, let surname, let dob, let day else {
                errors.append(ImportRowError(line: row.line, reason: check.reason))
                continue
            }
            let item = SchoolReturn(
                kind: kind,
                schoolURN: urn,
                upn: upn,
                forename: forename,
                surname: surname,
                dateOfBirth: dob,
                day: day,
                destination: row[c.destination]
            )
            let duplicate = "\(kind.rawValue)|\(urn)|\(item.key)|\(day)"
            if let earlier = firstLine[duplicate] {
                errors.append(ImportRowError(line: row.line, reason: "the same return as line \(earlier)"))
                continue
            }
            firstLine[duplicate] = row.line
            returns.append(item)
        }
        guard errors.isEmpty else { throw .rows(errors.sorted { $0.line < $1.line }) }
        return returns
    }
}

/// One child of last year's transfer cohorts (Suffolk 8.1: Nursery, Year 4, Year 6, Year 8).
public struct TransferPupil: Sendable, Equatable {
    public var record: PupilRecord
    /// Last year's year group: `N1`, `N2`, `4`, `6` or `8`.
    public var ncYear: String
    /// The pupil within last year's school: the UPN, else the record id, else name and date of birth.
    public var key: String
}

/// Reads an admissions transfer list: the pupil columns of `cme match`, with `nc_year` and `school_urn` (last
/// year's) required.
public enum TransfersCSV {
    public static let requiredColumns = ["upn", "forename", "surname", "dob", "nc_year"]
    public static let cohorts: Set<String> = ["N1", "N2", "4", "6", "8"]

    public static func read(bytes: [UInt8], school: String? = nil) throws(ImportFileError) -> [TransferPupil] {
        let roll = try RollCSV.readPupils(
            bytes: bytes,
            school: school,
            required: Self.requiredColumns,
            yearGroups: Self.cohorts,
            entryRequired: false
        )
        return roll.map { TransferPupil(record: $0.record, ncYear: $0.ncYear, key: $0.key) }
    }
}
