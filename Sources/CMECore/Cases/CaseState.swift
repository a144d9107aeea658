/// Where a case is in the procedure of Suffolk Appendix 3.
public enum CaseState: String, Sendable, Codable, CaseIterable {
    /// 1. Referral opened by the CME officer.
    case opened
    /// 2. Referral reason and source recorded.
    case reasonRecorded = "reason_recorded"
    /// 4. Team manager has assigned an EWO.
    case assigned
    /// 5. EWO making reasonable enquiries.
    case underEnquiry = "under_enquiry"
    /// Destination not confirmed: kept open and recorded on s2s until found or school leaving age.
    case postedToS2S = "posted_to_s2s"
    /// Destination confirmed: outcome and destination recorded; follow-ups at 6 and 18 weeks due.
    case destinationConfirmed = "destination_confirmed"
    /// 6-week follow-up done; 18-week follow-up due.
    case followedUpSixWeeks = "followed_up_6_weeks"
    /// Both follow-ups done (Suffolk 12.1).
    case followedUpEighteenWeeks = "followed_up_18_weeks"
    case closed

    public var isOpen: Bool { self != .closed }

    public var label: String {
        switch self {
        case .opened: "opened"
        case .reasonRecorded: "reason and source recorded"
        case .assigned: "assigned to an EWO"
        case .underEnquiry: "under enquiry"
        case .postedToS2S: "posted to s2s"
        case .destinationConfirmed: "destination confirmed"
        case .followedUpSixWeeks: "followed up at 6 weeks"
        case .followedUpEighteenWeeks: "followed up at 18 weeks"
        case .closed: "closed"
        }
    }
}
