/// What the CME team knows about a child's education, for deciding whether they are missing education.
public struct EducationFacts: Hashable, Sendable {
    public var dateOfBirth: Day
    public var onSchoolRoll: Bool
    public var electivelyHomeEducated: Bool
    /// `false` when the LA judges home education unsuitable (innov8 3.1 counts that as CME).
    public var homeEducationSuitable: Bool
    public var inTemporaryAlternativeProvision: Bool
    public var inSpecialistProvision: Bool
    public var whereaboutsKnown: Bool
    /// The first day the child had no education place (the day after leaving, or arrival in the area).
    public var outOfEducationSince: Day?
    public var hasEHCP: Bool
    public var lookedAfter: Bool

    public init(
        dateOfBirth: Day,
        onSchoolRoll: Bool = false,
        electivelyHomeEducated: Bool = false,
        homeEducationSuitable: Bool = true,
        inTemporaryAlternativeProvision: Bool = false,
        inSpecialistProvision: Bool = false,
        whereaboutsKnown: Bool = true,
        outOfEducationSince: Day? = nil,
        hasEHCP: Bool = false,
        lookedAfter: Bool = false
    ) {
        self.dateOfBirth = dateOfBirth
        self.onSchoolRoll = onSchoolRoll
        self.electivelyHomeEducated = electivelyHomeEducated
        self.homeEducationSuitable = homeEducationSuitable
        self.inTemporaryAlternativeProvision = inTemporaryAlternativeProvision
        self.inSpecialistProvision = inSpecialistProvision
        self.whereaboutsKnown = whereaboutsKnown
        self.outOfEducationSince = outOfEducationSince
        self.hasEHCP = hasEHCP
        self.lookedAfter = lookedAfter
    }
}

/// The category a child falls in.
public enum Category: String, Sendable, Codable, CaseIterable {
    /// CME, whereabouts unknown ("missing", "lost").
    case missing
    /// CME, whereabouts known but without a school place past the policy's threshold.
    case wasp
    /// Without a school place but not yet past the threshold.
    case waspPending = "wasp_pending"
    /// Not CME: on roll but not attending; the attendance (EWO) route.
    case attendanceRoute = "attendance_route"
    /// Not CME: electively home educated.
    case homeEducated = "home_educated"
    /// Not CME: temporary alternative provision.
    case alternativeProvision = "alternative_provision"
    /// Not CME: specialist provision.
    case specialistProvision = "specialist_provision"
    /// Not covered by the WASP protocol: a policy exception sends the child down another route.
    case otherRoute = "other_route"
    /// Not of compulsory school age.
    case notCompulsorySchoolAge = "not_compulsory_school_age"
    /// Not CME: found and on a school roll (outcomes IND, WLA).
    case placed
    /// Not CME: found, and gone to another LA or abroad (outcomes OLA, EMI).
    case leftArea = "left_area"
    /// The child has died (outcome DEC).
    case deceased
    /// The case closed without a destination: the record no longer says where the child is.
    case caseClosed = "case_closed"

    public var isCME: Bool { self == .missing || self == .wasp }

    public var label: String {
        switch self {
        case .missing: "CME: missing (whereabouts unknown)"
        case .wasp: "CME: without a school place (WASP)"
        case .waspPending: "Without a school place, not yet CME"
        case .attendanceRoute: "Not CME: on roll, attendance route"
        case .homeEducated: "Not CME: electively home educated"
        case .alternativeProvision: "Not CME: in temporary alternative provision"
        case .specialistProvision: "Not CME: in specialist provision"
        case .otherRoute: "Not CME: other route (policy exception)"
        case .notCompulsorySchoolAge: "Not of compulsory school age"
        case .placed: "Not CME: has a school place"
        case .leftArea: "Not CME: left the area or the country"
        case .deceased: "Deceased"
        case .caseClosed: "No longer tracked: case closed"
        }
    }
}

/// A classification with its reason and the policy section behind it.
public struct Verdict: Hashable, Sendable {
    public var category: Category
    public var reason: String
    public var section: String
    /// For `waspPending`: the day the child becomes CME (WASP) if still without a place.
    public var becomesCMEOn: Day?
}

/// A policy exception that takes some children out of the WASP protocol (Derbyshire: EHCP and looked after).
public struct WASPException: Hashable, Sendable {
    public enum Condition: String, Sendable, Codable, CaseIterable {
        case ehcp
        case lookedAfter = "looked_after"
    }

    public var condition: Condition
    /// Where they go instead.
    public var route: String
    public var section: String

    public init(condition: Condition, route: String, section: String) {
        self.condition = condition
        self.route = route
        self.section = section
    }
}

/// The classification rules of one policy.
public struct ClassificationRules: Hashable, Sendable {
    /// How long without a school place before a child whose whereabouts are known is CME (WASP).
    public var waspThreshold: ClockLength
    public var waspThresholdSection: String
    /// The policy's definition of CME, quoted for CME verdicts.
    public var definitionSection: String
    /// The section listing who is not CME.
    public var notCMESection: String
    public var waspExceptions: [WASPException]
    /// innov8 3.1: a child not receiving suitable home education is CME.
    public var unsuitableHomeEducationIsCME: Bool
    /// innov8 3.2: specialist provision is not CME.
    public var specialistProvisionIsNotCME: Bool

    public init(
        waspThreshold: ClockLength,
        waspThresholdSection: String,
        definitionSection: String,
        notCMESection: String,
        waspExceptions: [WASPException] = [],
        unsuitableHomeEducationIsCME: Bool = false,
        specialistProvisionIsNotCME: Bool = true
    ) {
        self.waspThreshold = waspThreshold
        self.waspThresholdSection = waspThresholdSection
        self.definitionSection = definitionSection
        self.notCMESection = notCMESection
        self.waspExceptions = waspExceptions
        self.unsuitableHomeEducationIsCME = unsuitableHomeEducationIsCME
        self.specialistProvisionIsNotCME = specialistProvisionIsNotCME
    }

    /// Classifies a child on `day` under these rules and `calendar`.
    public func classify(
        _ facts: EducationFacts,
        on day: Day,
        calendar: SchoolCalendar
    ) throws(CalendarError)
        -> Verdict
    {
        let age = SchoolAge(dateOfBirth: facts.dateOfBirth)
        guard age.isCompulsorySchoolAge(on: day) else {
            let why =
                day < age.starts
                ? "compulsory school age starts on \(age.starts)"
                : "compulsory school age ended on \(age.schoolLeavingDate)"
            return Verdict(category: .notCompulsorySchoolAge, reason: why, section: "Education Act 1996 s.8")
        }
        if facts.onSchoolRoll {
            let why =
                facts.whereaboutsKnown
                ? "on a school roll: refer non-attendance to the EWO or attendance officer"
                : "on a school roll with whereabouts unknown: the school makes reasonable enquiries and refers as CME"
            return Verdict(
                category: facts.whereaboutsKnown ? .attendanceRoute : .missing,
                reason: why,
                section: facts.whereaboutsKnown ? self.notCMESection : self.definitionSection
            )
        }
        if !facts.whereaboutsKnown {
            return Verdict(
                category: .missing,
                reason: "not on a school roll and whereabouts unknown",
                section: self.definitionSection
            )
        }
        if facts.electivelyHomeEducated {
            if facts.homeEducationSuitable || !self.unsuitableHomeEducationIsCME {
                return Verdict(category: .homeEducated, reason: "electively home educated", section: self.notCMESection)
            }
            return Verdict(
                category: .wasp,
                reason: "home education judged unsuitable, so not receiving suitable education",
                section: self.definitionSection
            )
        }
        if facts.inTemporaryAlternativeProvision {
            return Verdict(
                category: .alternativeProvision,
                reason: "in temporary alternative provision",
                section: self.notCMESection
            )
        }
        if facts.inSpecialistProvision && self.specialistProvisionIsNotCME {
            return Verdict(
                category: .specialistProvision,
                reason: "attends specialist provision",
                section: self.notCMESection
            )
        }
        for exception in self.waspExceptions {
            let applies =
                switch exception.condition {
                case .ehcp: facts.hasEHCP
                case .lookedAfter: facts.lookedAfter
                }
            if applies {
                return Verdict(
                    category: .otherRoute,
                    reason: "\(exception.condition == .ehcp ? "has an EHCP" : "looked after"): \(exception.route)",
                    section: exception.section
                )
            }
        }
        guard let since = facts.outOfEducationSince else {
            return Verdict(
                category: .wasp,
                reason: "without a school place; date out of education unknown",
                section: self.waspThresholdSection
            )
        }
        // The child becomes WASP once the threshold has run (the day after the due day ends); with no waiting
        // period (Leicestershire 2.0), from the first day out of education.
        let becomes =
            self.waspThreshold.isZero
            ? since : try self.waspThreshold.due(from: LocalDateTime(day: since), on: calendar).deadline.day
        if day >= becomes {
            return Verdict(
                category: .wasp,
                reason: "without a school place since \(since), past \(self.waspThreshold.description)",
                section: self.waspThresholdSection
            )
        }
        return Verdict(
            category: .waspPending,
            reason: "without a school place since \(since); CME (WASP) from \(becomes) if still without a place",
            section: self.waspThresholdSection,
            becomesCMEOn: becomes
        )
    }
}
