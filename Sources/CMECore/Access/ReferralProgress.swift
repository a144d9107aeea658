/// What a referrer is told of their referral's progress (issue 16): received, being looked into, or closed. It is
/// worked out from what happened on the case since the referral arrived, so that it never says whether the child
/// was already known (a referral that attaches to a case already under enquiry reads "received" like any other
/// until the CME team acts on it).
public enum ReferralProgress: String, Sendable, Codable, CaseIterable {
    case received
    case beingLookedInto = "being_looked_into"
    case closed

    public var label: String {
        switch self {
        case .received: "Received"
        case .beingLookedInto: "Being looked into"
        case .closed: "Closed"
        }
    }

    /// What it means for the referrer, in a sentence.
    public var explanation: String {
        switch self {
        case .received: "The CME team has your referral and will look into it."
        case .beingLookedInto: "The CME team is making enquiries."
        case .closed: "The CME team has finished its enquiries."
        }
    }

    /// The progress of a referral whose case is in `state` (nil: the referral opened no case, as a notice may not)
    /// and on which `since` happened after the referral arrived.
    public static func of(caseState state: CaseState?, since: [CaseEventKind]) -> ReferralProgress {
        guard let state else { return .received }
        if state == .closed { return .closed }
        return since.contains(where: \.isCMETeamWork) ? .beingLookedInto : .received
    }
}

extension CaseEventKind {
    /// Work the CME team does on a case (not something that arrived from outside, nor the case reopening).
    public var isCMETeamWork: Bool {
        switch self {
        case .reasonAndSourceRecorded, .ewoAssigned, .ewoResponded, .enquiryRecorded, .homeVisitRecorded, .escalated,
            .recommendationDeclined,
            .postedToS2S, .childLocated, .destinationConfirmed, .followUpSixWeeks, .followUpEighteenWeeks,
            .managerReview, .childProtectionReview, .closed:
            true
        case .referralReceived, .firstDayOfUnexplainedAbsence, .laNotifiedOfAbsence, .pupilRemovedFromRoll,
            .pupilAdmittedToRoll, .returnSubmitted, .apSessionStartedPupilAbsent, .apAbsenceReported,
            .s2sMessagesChecked, .noteAdded, .reopened:
            false
        }
    }
}
