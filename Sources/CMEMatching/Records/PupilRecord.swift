import CMECore

/// One pupil as a roll, a lost-pupil notice or a population list gives it: the columns of the matching CSV.
///
/// Everything except `recordID` is optional, because every source leaves something out.
public struct PupilRecord: Sendable, Hashable {
    /// The source's own identifier; never empty.
    public var recordID: String
    /// The Unique Pupil Number as given (it may be invalid).
    public var upn: String?
    /// The first forename, or all of a double one ("Lilly-Mae").
    public var forename: String?
    /// All middle names, space-separated.
    public var middleNames: String?
    /// The surname on the record, hyphenated if it is.
    public var surname: String?
    /// The surname the child is known by, where it differs.
    public var preferredSurname: String?
    /// A surname the child had before.
    public var formerSurname: String?
    /// The date of birth (`dob`).
    public var dateOfBirth: Day?
    /// `M` or `F` (male/female and boy/girl are read too).
    public var gender: String?
    /// The DfE ethnicity code (`WBRI`, `APKN`, ...).
    public var ethnicity: String?
    /// The home postcode, in any spacing or case.
    public var postcode: String?
    /// The home address as one line.
    public var address: String?
    /// The URN of the school the record comes from.
    public var schoolURN: String?
    /// A parent or carer's full name.
    public var parentName: String?

    /// Creates a record; every field but the ID may be left out.
    public init(
        recordID: String,
        upn: String? = nil,
        forename: String? = nil,
        middleNames: String? = nil,
        surname: String? = nil,
        preferredSurname: String? = nil,
        formerSurname: String? = nil,
        dateOfBirth: Day? = nil,
        gender: String? = nil,
        ethnicity: String? = nil,
        postcode: String? = nil,
        address: String? = nil,
        schoolURN: String? = nil,
        parentName: String? = nil
    ) {
        self.recordID = recordID
        self.upn = upn
        self.forename = forename
        self.middleNames = middleNames
        self.surname = surname
        self.preferredSurname = preferredSurname
        self.formerSurname = formerSurname
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.ethnicity = ethnicity
        self.postcode = postcode
        self.address = address
        self.schoolURN = schoolURN
        self.parentName = parentName
    }
}

extension PupilRecord {
    /// The CSV columns, named as in the header row.
    public enum Column: String, CaseIterable, Sendable {
        case recordID = "record_id"
        case upn
        case forename
        case middleNames = "middle_names"
        case surname
        case preferredSurname = "preferred_surname"
        case formerSurname = "former_surname"
        case dateOfBirth = "dob"
        case gender
        case ethnicity
        case postcode
        case address
        case schoolURN = "school_urn"
        case parentName = "parent_name"

        /// The column's position in `allCases`.
        var ordinal: Int {
            switch self {
            case .recordID: 0
            case .upn: 1
            case .forename: 2
            case .middleNames: 3
            case .surname: 4
            case .preferredSurname: 5
            case .formerSurname: 6
            case .dateOfBirth: 7
            case .gender: 8
            case .ethnicity: 9
            case .postcode: 10
            case .address: 11
            case .schoolURN: 12
            case .parentName: 13
            }
        }

        /// Columns a file must have for matching to mean anything.
        public static let required: [Column] = [.recordID, .forename, .surname, .dateOfBirth]
    }

    /// The value of `column` as text, dates as `YYYY-MM-DD`.
    public subscript(column: Column) -> String? {
        switch column {
        case .recordID: self.recordID
        case .upn: self.upn
        case .forename: self.forename
        case .middleNames: self.middleNames
        case .surname: self.surname
        case .preferredSurname: self.preferredSurname
        case .formerSurname: self.formerSurname
        case .dateOfBirth: self.dateOfBirth?.description
        case .gender: self.gender
        case .ethnicity: self.ethnicity
        case .postcode: self.postcode
        case .address: self.address
        case .schoolURN: self.schoolURN
        case .parentName: self.parentName
        }
    }
}
