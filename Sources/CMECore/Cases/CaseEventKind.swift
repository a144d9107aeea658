/// Everything that can happen to a case, or around it, that the procedure or a clock cares about.
/// The raw values are the words policy files use for clock triggers.
public enum CaseEventKind: String, Sendable, Codable, CaseIterable {
    // Intake (the notices that start things).
    case referralReceived = "referral_received"
    case firstDayOfUnexplainedAbsence = "first_day_of_unexplained_absence"
    case laNotifiedOfAbsence = "la_notified_of_absence"
    case pupilRemovedFromRoll = "pupil_removed_from_roll"
    case pupilAdmittedToRoll = "pupil_admitted_to_roll"
    case returnSubmitted = "return_submitted"
    case apSessionStartedPupilAbsent = "ap_session_started_pupil_absent"
    case apAbsenceReported = "ap_absence_reported"
    case s2sMessagesChecked = "s2s_messages_checked"
    // Suffolk Appendix 3 casework.
    case reasonAndSourceRecorded = "reason_and_source_recorded"
    case noteAdded = "note_added"
    case ewoAssigned = "ewo_assigned"
    case ewoResponded = "ewo_responded"
    case enquiryRecorded = "enquiry_recorded"
    case homeVisitRecorded = "home_visit_recorded"
    case escalated
    /// A recommended escalation the officer decides not to make, with the reason in the note (issue 17).
    case recommendationDeclined = "recommendation_declined"
    case postedToS2S = "posted_to_s2s"
    case childLocated = "child_located"
    case destinationConfirmed = "destination_confirmed"
    case followUpSixWeeks = "follow_up_6_weeks"
    case followUpEighteenWeeks = "follow_up_18_weeks"
    case managerReview = "manager_review"
    case childProtectionReview = "child_protection_review"
    case closed
    case reopened

    /// Events a person records on a case page or through the API (intake and organisation events come in
    /// other ways).
    public var isCaseAction: Bool {
        switch self {
        case .reasonAndSourceRecorded, .noteAdded, .ewoAssigned, .ewoResponded, .enquiryRecorded, .homeVisitRecorded,
            .escalated, .recommendationDeclined, .postedToS2S, .childLocated, .destinationConfirmed, .followUpSixWeeks,
            .followUpEighteenWeeks, .managerReview, .childProtectionReview, .closed, .reopened:
            true
        case .referralReceived, .firstDayOfUnexplainedAbsence, .laNotifiedOfAbsence, .pupilRemovedFromRoll,
            .pupilAdmittedToRoll, .returnSubmitted, .apSessionStartedPupilAbsent, .apAbsenceReported,
            .s2sMessagesChecked:
            false
        }
    }

    public var label: String {
        switch self {
        case .referralReceived: "Referral received"
        case .firstDayOfUnexplainedAbsence: "First day of unexplained absence"
        case .laNotifiedOfAbsence: "LA notified of absence"
        case .pupilRemovedFromRoll: "Pupil removed from roll"
        case .pupilAdmittedToRoll: "Pupil admitted to roll"
        case .returnSubmitted: "Return submitted"
        case .apSessionStartedPupilAbsent: "AP session started, pupil absent"
        case .apAbsenceReported: "AP absence reported"
        case .s2sMessagesChecked: "s2s messages checked"
        case .reasonAndSourceRecorded: "Reason and source recorded"
        case .noteAdded: "Note added"
        case .ewoAssigned: "EWO assigned"
        case .ewoResponded: "EWO responded"
        case .enquiryRecorded: "Enquiry recorded"
        case .homeVisitRecorded: "Home visit recorded"
        case .escalated: "Escalated"
        case .recommendationDeclined: "Recommended escalation declined"
        case .postedToS2S: "Posted to s2s"
        case .childLocated: "Child located"
        case .destinationConfirmed: "Destination confirmed"
        case .followUpSixWeeks: "6-week follow-up"
        case .followUpEighteenWeeks: "18-week follow-up"
        case .managerReview: "Manager review"
        case .childProtectionReview: "Child protection review"
        case .closed: "Closed"
        case .reopened: "Reopened"
        }
    }
}
