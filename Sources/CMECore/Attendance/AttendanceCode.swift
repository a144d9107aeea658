/// The DfE attendance codes in force since August 2024, by what they count as.
public enum AttendanceCode: Sendable {
    public enum Meaning: String, Sendable, Equatable {
        /// Present (`/`, `\`, `L`).
        case present
        /// Attending an approved educational activity away from school (`K V P W B D`): counts as present.
        case approvedActivity
        /// Authorised absence (`C C1 C2 M T R I J1 S E`).
        case authorised
        /// Unauthorised absence (`G N O`).
        case unauthorised
        /// Not a possible session (`Q`, `Y1`-`Y7`, `X`).
        case notCounted
    }

    static let table: [String: Meaning] = {
        var table: [String: Meaning] = ["/": .present, "\\": .present, "L": .present]
        for code in ["K", "V", "P", "W", "B", "D"] { table[code] = .approvedActivity }
        for code in ["C", "C1", "C2", "M", "T", "R", "I", "J1", "S", "E"] { table[code] = .authorised }
        for code in ["G", "N", "O"] { table[code] = .unauthorised }
        for code in ["Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "X"] { table[code] = .notCounted }
        return table
    }()

    /// What `code` counts as, or nil for a code that is not in the 2024 set.
    public static func meaning(_ code: String) -> Meaning? { self.table[code] }

    /// All codes, for error messages.
    public static var all: [String] { self.table.keys.sorted() }

    /// Absent without a reason the school accepts: `N` (no reason yet) and `O` (unauthorised). `G` (an
    /// unauthorised holiday) is unauthorised but not unexplained: the school knows where the child is.
    public static func isUnexplained(_ code: String) -> Bool { code == "N" || code == "O" }
}

/// One session's mark for one pupil.
public struct AttendanceMark: Sendable, Equatable {
    public enum Session: String, Sendable, Equatable, CaseIterable {
        case am = "AM"
        case pm = "PM"
    }

    public var upn: String
    public var schoolURN: String
    public var day: Day
    public var session: Session
    public var code: String
    /// Minutes late, for a late mark (innov8 5.2, 7.3).
    public var minutesLate: Int?

    public init(upn: String, schoolURN: String, day: Day, session: Session, code: String, minutesLate: Int? = nil) {
        self.upn = upn
        self.schoolURN = schoolURN
        self.day = day
        self.session = session
        self.code = code
        self.minutesLate = minutesLate
    }
}
