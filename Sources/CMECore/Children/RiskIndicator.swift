/// The 20 "vulnerabilities, warning signs and risk indicators" of Leicestershire Appendix A, numbered as there.
public enum RiskIndicator: Int, Sendable, Codable, CaseIterable, Comparable {
    case historyOfCare = 1
    case goesMissingFromHomeOrCare = 2
    case exclusionOrUnexplainedAbsence = 3
    case socialOrLearningDifficulties = 4
    case selfHarmOrEmotionalHealth = 5
    case bullying = 6
    case drugOrAlcoholMisuse = 7
    case criminalActivity = 8
    case childSexualExploitation = 9
    case whereaboutsUnknown = 10
    case inappropriateSexualisedBehaviour = 11
    case aggressiveBehaviour = 12
    case breakdownOfRelationships = 13
    case gangAssociation = 14
    case abuseOrNeglect = 15
    case domesticAbuse = 16
    case mentalHealthDifficulties = 17
    case sexualPhysicalEmotionalAbuse = 18
    case isolatedFromPeers = 19
    case povertyOrDeprivation = 20

    public static func < (lhs: RiskIndicator, rhs: RiskIndicator) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The wording of Leicestershire Appendix A.
    public var label: String {
        switch self {
        case .historyOfCare: "History of local authority care"
        case .goesMissingFromHomeOrCare: "Goes missing from home or care"
        case .exclusionOrUnexplainedAbsence: "Exclusion and/or unexplained absences from school"
        case .socialOrLearningDifficulties: "Social and/or learning difficulties"
        case .selfHarmOrEmotionalHealth: "Low self-esteem, self-harm, eating disorders or emotional health issues"
        case .bullying: "History of being bullied or being a bully"
        case .drugOrAlcoholMisuse: "Drug and/or alcohol misuse (or a history of)"
        case .criminalActivity: "Involvement in criminal activities"
        case .childSexualExploitation: "At risk of child sexual exploitation (known or suspected)"
        case .whereaboutsUnknown: "Whereabouts unknown (or unclear), day or night"
        case .inappropriateSexualisedBehaviour: "Displaying inappropriate sexualised behaviours"
        case .aggressiveBehaviour: "Aggressive behaviour towards others"
        case .breakdownOfRelationships: "Breakdown of living and/or family relationships"
        case .gangAssociation: "Gang member or association"
        case .abuseOrNeglect: "History of abuse or neglect"
        case .domesticAbuse: "History of domestic abuse or violence"
        case .mentalHealthDifficulties: "History of mental health difficulties"
        case .sexualPhysicalEmotionalAbuse: "History of sexual, physical and/or emotional abuse"
        case .isolatedFromPeers: "Isolated from peers or social networks"
        case .povertyOrDeprivation: "Evidence of poverty and/or deprivation"
        }
    }
}

/// Whether an indicator applies now or in the past ("C/H" in Appendix A).
public enum Currency: String, Sendable, Codable, CaseIterable {
    case current
    case historic
}

/// One row of the Appendix A indicator table: yes or no, and if yes, current or historic.
public struct IndicatorAnswer: Hashable, Sendable, Codable {
    public var present: Bool
    public var currency: Currency?

    public init(present: Bool, currency: Currency? = nil) {
        self.present = present
        self.currency = currency
    }
}

/// The vulnerable groups the seeds name (Suffolk 2.3, Leicestershire 4.0/4.1, Derbyshire 4.3, John Moore 3,
/// innov8 2.2). Tags on a child, used in triage, reports and priority.
public enum VulnerableGroup: String, Sendable, Codable, CaseIterable {
    case lookedAfter = "looked_after"
    case leftIndependentSchool = "left_independent_school"
    case refuge
    case youngRunaway = "young_runaway"
    case privatelyFostered = "privately_fostered"
    case youngCarer = "young_carer"
    case transientFamily = "transient_family"
    case teenageParent = "teenage_parent"
    case youngOffender = "young_offender"
    case permanentlyExcluded = "permanently_excluded"
    case homelessOrTemporaryAccommodation = "homeless_or_temporary_accommodation"
    case longTermMedicalOrEmotional = "long_term_medical_or_emotional"
    case unaccompaniedAsylumSeeker = "unaccompanied_asylum_seeker"
    case refugeeOrAsylumFamily = "refugee_or_asylum_family"
    case newImmigrantFamily = "new_immigrant_family"
    case gypsyRomaTraveller = "gypsy_roma_traveller"
    case armedForcesFamily = "armed_forces_family"
    case substanceMisuseAffected = "substance_misuse_affected"
    case trafficked
    case parentalMentalHealth = "parental_mental_health"
    case parentalLearningDifficulties = "parental_learning_difficulties"
}
