/// The three actions Leicestershire Appendix A asks the referrer to take before referring.
public enum ReferrerAction: String, Sendable, Codable, CaseIterable {
    /// Check possible whereabouts with staff, siblings, friends and other pupils.
    case checkedWithStaffSiblingsFriends = "checked_with_staff_siblings_friends"
    /// Contact any known extended family and/or emergency contact numbers.
    case contactedFamilyAndEmergencyContacts = "contacted_family_and_emergency_contacts"
    /// Visit the last known address (signs of occupation, checks with neighbours).
    case visitedLastKnownAddress = "visited_last_known_address"
}

/// What came of one referrer action, and when it was completed.
public struct ActionOutcome: Hashable, Sendable, Codable {
    public var outcome: String
    public var completedOn: Day?

    public init(outcome: String, completedOn: Day? = nil) {
        self.outcome = outcome
        self.completedOn = completedOn
    }
}

/// The referrer's assessment (Leicestershire Appendix A "Referrer Assessment").
public struct ReferrerAssessment: Hashable, Sendable, Codable {
    public var workingWell: String?
    public var worriedAbout: String?
    public var whatNext: String?

    public init(workingWell: String? = nil, worriedAbout: String? = nil, whatNext: String? = nil) {
        self.workingWell = workingWell
        self.worriedAbout = worriedAbout
        self.whatNext = whatNext
    }
}

/// Who made the referral (Appendix A "Referrer's Details"); empty for an anonymous public report.
public struct Referrer: Hashable, Sendable, Codable {
    public var name: String?
    public var position: String?
    public var contactDetails: String?
    public var organisation: String?
    public var dateCompleted: Day?

    public init(
        name: String? = nil,
        position: String? = nil,
        contactDetails: String? = nil,
        organisation: String? = nil,
        dateCompleted: Day? = nil
    ) {
        self.name = name
        self.position = position
        self.contactDetails = contactDetails
        self.organisation = organisation
        self.dateCompleted = dateCompleted
    }

    public var isAnonymous: Bool { self.name == nil && self.contactDetails == nil && self.organisation == nil }
}

/// A notice about a child: a CME referral with everything in Leicestershire Appendix A, or one of the other
/// notice kinds (removal, EHE, admitted, CML, CMJ, lost-pupil notice, public report).
public struct Referral: Hashable, Sendable, Codable {
    public var kind: NoticeKind
    public var child: Child
    /// Referral reason code (Suffolk Appendix 4), if the referrer or officer gave one.
    public var reason: String?
    /// Referral source code (Suffolk Appendix 4).
    public var source: String?
    public var dateLastAttended: Day?
    /// First day of unexplained absence, when known (starts the school's referral clocks).
    public var firstDayOfAbsence: Day?
    public var actions: [ReferrerAction: ActionOutcome]
    public var indicators: [RiskIndicator: IndicatorAnswer]
    /// Answers to the triage questions (Leicestershire 5.0 and 6.0, Derbyshire 7.1, Suffolk 10.4) the referrer
    /// gave, by fact.
    public var triageAnswers: Set<TriageFact>
    /// "Have you considered a referral to Social Care?"
    public var socialCareReferralConsidered: Bool?
    /// "If so, have you gained consent from parents?"
    public var parentalConsent: Bool?
    public var assessment: ReferrerAssessment
    public var additionalInformation: String?
    public var referrer: Referrer

    public init(
        kind: NoticeKind = .cmeReferral,
        child: Child,
        reason: String? = nil,
        source: String? = nil,
        dateLastAttended: Day? = nil,
        firstDayOfAbsence: Day? = nil,
        actions: [ReferrerAction: ActionOutcome] = [:],
        indicators: [RiskIndicator: IndicatorAnswer] = [:],
        triageAnswers: Set<TriageFact> = [],
        socialCareReferralConsidered: Bool? = nil,
        parentalConsent: Bool? = nil,
        assessment: ReferrerAssessment = ReferrerAssessment(),
        additionalInformation: String? = nil,
        referrer: Referrer = Referrer()
    ) {
        self.kind = kind
        self.child = child
        self.reason = reason
        self.source = source
        self.dateLastAttended = dateLastAttended
        self.firstDayOfAbsence = firstDayOfAbsence
        self.actions = actions
        self.indicators = indicators
        self.triageAnswers = triageAnswers
        self.socialCareReferralConsidered = socialCareReferralConsidered
        self.parentalConsent = parentalConsent
        self.assessment = assessment
        self.additionalInformation = additionalInformation
        self.referrer = referrer
    }

    /// Indicators marked yes and current.
    public var currentIndicators: [RiskIndicator] {
        self.indicators.filter { $0.value.present && $0.value.currency != .historic }.map(\.key).sorted()
    }
}
