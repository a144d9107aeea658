/// What kind of organisation a policy belongs to.
public enum OrganisationKind: String, Sendable, Codable, CaseIterable {
    case localAuthority = "local_authority"
    /// A school that adopts its LA's procedure (Cromford for Derbyshire, John Moore for Gloucestershire).
    case school
    /// An alternative-provision provider working within an LA (innov8 Workshops in Suffolk).
    case apProvider = "ap_provider"
}

/// Where an escalation or notice goes, as the policy names it.
public struct PolicyContact: Hashable, Sendable {
    public var target: EscalationTarget
    public var name: String
    public var telephone: String?
    public var email: String?
    public var section: String

    public init(target: EscalationTarget, name: String, telephone: String? = nil, email: String? = nil, section: String)
    {
        self.target = target
        self.name = name
        self.telephone = telephone
        self.email = email
        self.section = section
    }
}

/// The document a policy file was written from.
public struct PolicySource: Hashable, Sendable {
    public var document: String
    public var version: String

    public init(document: String, version: String) {
        self.document = document
        self.version = version
    }
}

/// One organisation's local CME policy: its codes, clocks, classification and triage rules, and term dates.
/// A new LA is onboarded by writing one of these as a file, not by changing code.
public struct Policy: Sendable {
    public var id: String
    public var name: String
    public var kind: OrganisationKind
    /// The LA whose procedures apply (the organisation itself for an LA).
    public var localAuthority: String
    /// The DfE three-digit LA number, used in UPNs and CTF file names.
    public var laNumber: String?
    public var source: PolicySource
    public var codes: CodeSet
    public var outcomesClosingWithoutFollowUp: Set<String>
    public var classification: ClassificationRules
    /// Roles that may see an address marked restricted (Cromford 8.0); everyone else sees only that it exists.
    public var restrictedAddressViewers: Set<Role>
    public var clocks: [ClockRule]
    public var triage: [TriageRule]
    public var contacts: [PolicyContact]
    public var calendar: SchoolCalendar
    /// The oldest a child referred under this policy may be, in whole years on the day of the referral: an older
    /// date of birth is a typing mistake, never a case (issue 16).
    public var oldestAgeInScope: Int = Policy.defaultOldestAgeInScope
    /// How long records are kept (UK GDPR Art. 5(1)(e)).
    public var retention: RetentionRules = .default

    /// Compulsory school age ends at 16 (DESIGN.md 8), but referrals about young people up to 18, still in
    /// education or training, reach the LA.
    public static let defaultOldestAgeInScope = 18

    public init(
        id: String,
        name: String,
        kind: OrganisationKind,
        localAuthority: String,
        laNumber: String?,
        source: PolicySource,
        codes: CodeSet,
        outcomesClosingWithoutFollowUp: Set<String>,
        classification: ClassificationRules,
        restrictedAddressViewers: Set<Role>,
        clocks: [ClockRule],
        triage: [TriageRule],
        contacts: [PolicyContact],
        calendar: SchoolCalendar
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.localAuthority = localAuthority
        self.laNumber = laNumber
        self.source = source
        self.codes = codes
        self.outcomesClosingWithoutFollowUp = outcomesClosingWithoutFollowUp
        self.classification = classification
        self.restrictedAddressViewers = restrictedAddressViewers
        self.clocks = clocks
        self.triage = triage
        self.contacts = contacts
        self.calendar = calendar
    }

    public func clock(_ id: String) -> ClockRule? { self.clocks.first { $0.id == id } }

    /// The case state machine under this policy's codes.
    public var caseMachine: CaseMachine {
        CaseMachine(codes: self.codes, outcomesClosingWithoutFollowUp: self.outcomesClosingWithoutFollowUp)
    }

    /// The clock engine under this policy's clocks and calendar.
    public var clockEngine: Clocks { Clocks(rules: self.clocks, calendar: self.calendar) }

    /// Recommended escalations for a set of facts under this policy's triage rules.
    public func recommend(_ facts: Set<TriageFact>) -> [Recommendation] {
        Triage.recommend(facts, rules: self.triage)
    }

    /// Whether `role` may read the content of a restricted address.
    public func maySeeRestrictedAddress(_ role: Role) -> Bool { self.restrictedAddressViewers.contains(role) }
}
