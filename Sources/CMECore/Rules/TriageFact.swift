/// A yes/no fact about a child or case that a triage rule can ask about. The raw values are the words policy
/// files use.
public enum TriageFact: String, Sendable, Codable, CaseIterable, Comparable {
    // Leicestershire 5.0: police questions.
    case pastSuspicions = "past_suspicions"
    case associatingWithOlderPeople = "associating_with_older_people"
    case significantIncident = "significant_incident"
    case possibleVictimOfCrime = "possible_victim_of_crime"
    case suddenUnexpected = "sudden_unexpected"
    case missingWithFamily = "missing_with_family"
    case missingWithoutFamily = "missing_without_family"
    case healthReligiousOrCulturalRisk = "health_religious_or_cultural_risk"
    // Leicestershire 6.0: social care questions.
    case childProtectionPlan = "child_protection_plan"
    case inCare = "in_care"
    case socialCareInvolvement = "social_care_involvement"
    // Derbyshire 7.1 and innov8 6.1: serious welfare concerns.
    case seriousWelfareConcern = "serious_welfare_concern"
    case familyConcerns = "family_concerns"
    case contactWithPersonPosingRisk = "contact_with_person_posing_risk"
    case exploitationRisk = "exploitation_risk"
    case careOrder = "care_order"
    case victimOfOrInvolvedInCrime = "victim_of_or_involved_in_crime"
    case mayBeTakenAbroadIllegally = "may_be_taken_abroad_illegally"
    case mayBeTakenAbroadForIllegalAct = "may_be_taken_abroad_for_illegal_act"
    case privatelyFostered = "privately_fostered"
    // Suffolk 10.4 and innov8 11.1: child protection investigation (s.47 enquiry).
    case childProtectionInvestigation = "child_protection_investigation"
    // Suffolk 10.1, 17.2 and innov8 11.3: reasonable cause to suspect risk of harm.
    case riskOfHarm = "risk_of_harm"
    // Case facts, set by the workflow rather than the referrer.
    /// Enquiries have not located the child.
    case notLocated = "not_located"
    /// The home visit clock (72 working hours) ran out without the child being located.
    case notLocatedWithinHomeVisitClock = "not_located_within_home_visit_clock"
    /// The policy's review clock for unresolved cases ran out with the child still not located (Derbyshire 5.11).
    case unresolvedAtReview = "unresolved_at_review"

    /// The clock whose running out establishes this fact, for facts the workflow sets that way: a policy whose
    /// triage asks about one must define that clock, or the rule could never fire (issue 17).
    public var establishedByClock: String? {
        switch self {
        case .notLocatedWithinHomeVisitClock: "home-visit"
        case .unresolvedAtReview: "unresolved-review"
        default: nil
        }
    }

    public static func < (lhs: TriageFact, rhs: TriageFact) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The question as a person reads it.
    public var question: String {
        switch self {
        case .pastSuspicions:
            "Have there been past suspicions about the child and family that, with the disappearance, are worrying?"
        case .associatingWithOlderPeople:
            "Have there been concerns about the child associating with significantly older young people or adults?"
        case .significantIncident: "Was there a significant incident before the unexplained absence?"
        case .possibleVictimOfCrime: "Is there good reason to believe the absence may be the result of a crime?"
        case .suddenUnexpected: "Is this very sudden and unexpected behaviour?"
        case .missingWithFamily: "Has the child gone missing with their family?"
        case .missingWithoutFamily: "Has the child gone missing without their family?"
        case .healthReligiousOrCulturalRisk:
            "Is there any health, religious or cultural reason to believe the child is at risk of harm?"
        case .childProtectionPlan: "Is the child the subject of a child protection plan?"
        case .inCare: "Is the child in the care of the local authority (looked after)?"
        case .socialCareInvolvement: "Is there social care involvement?"
        case .seriousWelfareConcern: "Are there serious concerns about the child's health, safety or welfare?"
        case .familyConcerns:
            "Is the child living in a family with concerns about domestic abuse, substance abuse, mental health or learning difficulties?"
        case .contactWithPersonPosingRisk: "May the child be in contact with a person who poses a risk to children?"
        case .exploitationRisk: "May the child be at risk of criminal or sexual exploitation?"
        case .careOrder: "Is the child subject to a care order?"
        case .victimOfOrInvolvedInCrime: "May the child be the victim of, or involved in, a crime?"
        case .mayBeTakenAbroadIllegally: "May the child be taken out of the country illegally (abduction)?"
        case .mayBeTakenAbroadForIllegalAct:
            "May the child be taken out of the country for an illegal act (forced marriage, FGM, trafficking)?"
        case .privatelyFostered: "Is the child privately fostered?"
        case .childProtectionInvestigation: "Is the child subject to child protection (s.47) enquiries?"
        case .riskOfHarm: "Is there reasonable cause to suspect the child may be at risk of harm?"
        case .notLocated: "Have enquiries failed to locate the child?"
        case .notLocatedWithinHomeVisitClock: "Was the child not located within the home-visit time limit?"
        case .unresolvedAtReview: "Is the case still unresolved when the policy's review falls due?"
        }
    }
}

extension Referral {
    /// The triage facts this referral establishes: the referrer's answers, the child's recorded status and the
    /// Appendix A indicators marked current that say the same thing.
    public var triageFacts: Set<TriageFact> {
        var facts = self.triageAnswers
        if self.child.childProtectionPlan { facts.insert(.childProtectionPlan) }
        if self.child.inCare { facts.insert(.inCare) }
        if self.child.privatelyFostered { facts.insert(.privatelyFostered) }
        for indicator in self.currentIndicators {
            switch indicator {
            case .childSexualExploitation, .gangAssociation: facts.insert(.exploitationRisk)
            case .domesticAbuse: facts.insert(.familyConcerns)
            case .criminalActivity: facts.insert(.victimOfOrInvolvedInCrime)
            default: break
            }
        }
        return facts
    }
}
