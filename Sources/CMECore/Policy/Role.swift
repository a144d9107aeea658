/// The people who use CME Tracker (DESIGN.md "Who uses it").
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case cmeOfficer = "cme_officer"
    case teamManager = "team_manager"
    case ewo
    case schoolHeadteacher = "school_headteacher"
    case schoolDSL = "school_dsl"
    case schoolAttendance = "school_attendance"
    case apProvider = "ap_provider"
    case partnerAgency = "partner_agency"
    case publicReporter = "public"
    case otherLA = "other_la"
    case administrator
    case auditor

    public var label: String {
        switch self {
        case .cmeOfficer: "CME officer"
        case .teamManager: "Team manager"
        case .ewo: "Education welfare officer"
        case .schoolHeadteacher: "Headteacher"
        case .schoolDSL: "Designated safeguarding lead"
        case .schoolAttendance: "School attendance officer"
        case .apProvider: "Alternative provision provider"
        case .partnerAgency: "Partner agency"
        case .publicReporter: "Member of the public"
        case .otherLA: "Another local authority"
        case .administrator: "Administrator"
        case .auditor: "Auditor"
        }
    }

    /// Who an overdue clock owned by this role is also shown to.
    public var manager: Role? {
        switch self {
        case .ewo, .cmeOfficer: .teamManager
        case .schoolAttendance, .schoolDSL: .schoolHeadteacher
        case .teamManager, .schoolHeadteacher, .apProvider, .partnerAgency, .publicReporter, .otherLA,
            .administrator, .auditor:
            nil
        }
    }

    public var isSchoolStaff: Bool { [.schoolHeadteacher, .schoolDSL, .schoolAttendance].contains(self) }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}
