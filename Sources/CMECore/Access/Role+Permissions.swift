/// Who may do what, by role, named once (DESIGN.md "Data protection"; issue 16). The service enforces these, and the
/// API, pages and CLI only map: a channel never keeps a list of its own.
extension Role {
    /// The LA's CME officers and team managers: every case of the LA.
    public static let laWide: Set<Role> = [.cmeOfficer, .teamManager]

    /// The LA's casework staff: the LA-wide roles and EWOs, who read the cases assigned to them or their team.
    public static let caseworkers: Set<Role> = laWide.union([.ewo])

    /// Staff of a school.
    public static let schoolStaff: Set<Role> = [.schoolHeadteacher, .schoolDSL, .schoolAttendance]

    /// Organisations that refer children to the LA (schools, AP providers, partner agencies, other LAs). They read
    /// what they sent and its progress, never the case (DESIGN.md "Smallest disclosure").
    public static let organisationReferrers: Set<Role> = schoolStaff.union([.apProvider, .partnerAgency, .otherLA])

    /// Everyone who may make a referral or notice: the organisations, the LA's own staff, and the public (through
    /// the public form).
    public static let referrers: Set<Role> = organisationReferrers.union(caseworkers).union([.publicReporter])

    /// Whether this role may ever read a case (subject to its relationship: see `CaseAccess`).
    public var readsCases: Bool { Self.caseworkers.contains(self) }
}
