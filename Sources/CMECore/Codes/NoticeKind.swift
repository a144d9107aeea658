/// The kinds of notice that reach the CME team (the intake channels).
public enum NoticeKind: String, Sendable, Codable, CaseIterable {
    /// A CME referral (Suffolk 9.4; Leicestershire Appendix A).
    case cmeReferral = "cme_referral"
    /// A pupil taken off roll in-year (Suffolk 9.4).
    case pupilRemoval = "pupil_removal"
    /// A pupil removed to be electively home educated (Suffolk 9.4, 15.2; Derbyshire 9.1).
    case electiveHomeEducation = "elective_home_education"
    /// A pupil admitted in-year (Suffolk 9.4).
    case pupilAdmitted = "pupil_admitted"
    /// Children Missing Leaver form, sent before removal from roll (Derbyshire 5.3).
    case leaverCML = "leaver_cml"
    /// Children Missing Joiner form, within 5 days of placing on roll (Derbyshire 5.4).
    case joinerCMJ = "joiner_cmj"
    /// A lost-pupil notice from another LA (Suffolk 11.7; Derbyshire 8.1).
    case lostPupilNotice = "lost_pupil_notice"
    /// A report by a member of the public, anonymous if they wish (Suffolk 6.6; Derbyshire 8.1).
    case publicReport = "public_report"

    public var label: String {
        switch self {
        case .cmeReferral: "CME referral"
        case .pupilRemoval: "Pupil removal"
        case .electiveHomeEducation: "Elective home education"
        case .pupilAdmitted: "Pupil admitted"
        case .leaverCML: "Leaver (CML)"
        case .joinerCMJ: "Joiner (CMJ)"
        case .lostPupilNotice: "Lost-pupil notice from another LA"
        case .publicReport: "Public report"
        }
    }

    /// Whether a notice of this kind asks the CME team to look for a child (and so may open a case).
    public var mayOpenCase: Bool {
        switch self {
        case .cmeReferral, .lostPupilNotice, .publicReport: true
        case .pupilRemoval, .electiveHomeEducation, .pupilAdmitted, .leaverCML, .joinerCMJ: false
        }
    }
}
