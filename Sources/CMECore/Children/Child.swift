/// Sex or gender as recorded on the referral (Leicestershire Appendix A "Gender"; DfE census codes M/F).
public enum Gender: String, Sendable, Codable, CaseIterable {
    case male = "M"
    case female = "F"
    case other = "O"
    case notKnown = "U"

    public var label: String {
        switch self {
        case .male: "Male"
        case .female: "Female"
        case .other: "Other"
        case .notKnown: "Not known"
        }
    }
}

/// A child's special educational needs status.
public enum SENStatus: String, Sendable, Codable, CaseIterable {
    case none
    /// SEN support without a plan.
    case senSupport = "sen_support"
    /// Education, health and care plan (Derbyshire: follows the SEN route, not the WASP protocol).
    case ehcp

    public var label: String {
        switch self {
        case .none: "None"
        case .senSupport: "SEN support"
        case .ehcp: "Education, health and care plan"
        }
    }
}

/// A postal address, with the restriction of Cromford 8.0: a family's new address that only named people may see.
public struct Address: Hashable, Sendable, Codable {
    public var lines: [String]
    public var town: String?
    public var postcode: String?
    public var restricted: Bool
    /// Why it is restricted (for the people who may see it).
    public var restrictionReason: String?

    public init(
        lines: [String],
        town: String? = nil,
        postcode: String? = nil,
        restricted: Bool = false,
        restrictionReason: String? = nil
    ) {
        self.lines = lines
        self.town = town
        self.postcode = postcode
        self.restricted = restricted
        self.restrictionReason = restrictionReason
    }
}

/// An address the child has lived at, with when.
public struct AddressRecord: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case lastKnown = "last_known"
        case additional
        case previous
        case current
    }

    public var address: Address
    public var kind: Kind
    public var from: Day?
    public var to: Day?

    public init(address: Address, kind: Kind, from: Day? = nil, to: Day? = nil) {
        self.address = address
        self.kind = kind
        self.from = from
        self.to = to
    }
}

/// A parent, carer or other contact (Appendix A "Parents'/Carers' Names", telephone, email; emergency contacts).
public struct Contact: Hashable, Sendable, Codable {
    public var name: String
    public var relationship: String?
    public var parentalResponsibility: Bool
    public var telephone: String?
    public var email: String?
    public var address: Address?

    public init(
        name: String,
        relationship: String? = nil,
        parentalResponsibility: Bool = false,
        telephone: String? = nil,
        email: String? = nil,
        address: Address? = nil
    ) {
        self.name = name
        self.relationship = relationship
        self.parentalResponsibility = parentalResponsibility
        self.telephone = telephone
        self.email = email
        self.address = address
    }
}

/// A school or provision the child has been on the roll of.
public struct SchoolEnrolment: Hashable, Sendable, Codable {
    public var urn: String?
    public var name: String
    public var entryDate: Day?
    public var leavingDate: Day?
    public var dateLastAttended: Day?

    public init(
        urn: String? = nil,
        name: String,
        entryDate: Day? = nil,
        leavingDate: Day? = nil,
        dateLastAttended: Day? = nil
    ) {
        self.urn = urn
        self.name = name
        self.entryDate = entryDate
        self.leavingDate = leavingDate
        self.dateLastAttended = dateLastAttended
    }
}

/// Who a child is, as the CME team knows them.
public struct Child: Hashable, Sendable, Codable {
    public var forename: String
    public var middleNames: String?
    public var surname: String
    /// Also-known-as names (Appendix A "AKA"), former and preferred surnames.
    public var aliases: [String]
    public var dateOfBirth: Day
    public var gender: Gender
    /// DfE ethnicity code (for example WBRI, APKN).
    public var ethnicity: String?
    public var upn: UPN?
    public var sen: SENStatus
    public var disability: String?
    /// In the care of a local authority (looked after).
    public var inCare: Bool
    public var careAuthority: String?
    public var childProtectionPlan: Bool
    public var privatelyFostered: Bool
    public var vulnerableGroups: Set<VulnerableGroup>
    public var addresses: [AddressRecord]
    public var contacts: [Contact]
    public var schools: [SchoolEnrolment]

    public init(
        forename: String,
        middleNames: String? = nil,
        surname: String,
        aliases: [String] = [],
        dateOfBirth: Day,
        gender: Gender = .notKnown,
        ethnicity: String? = nil,
        upn: UPN? = nil,
        sen: SENStatus = .none,
        disability: String? = nil,
        inCare: Bool = false,
        careAuthority: String? = nil,
        childProtectionPlan: Bool = false,
        privatelyFostered: Bool = false,
        vulnerableGroups: Set<VulnerableGroup> = [],
        addresses: [AddressRecord] = [],
        contacts: [Contact] = [],
        schools: [SchoolEnrolment] = []
    ) {
        self.forename = forename
        self.middleNames = middleNames
        self.surname = surname
        self.aliases = aliases
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.ethnicity = ethnicity
        self.upn = upn
        self.sen = sen
        self.disability = disability
        self.inCare = inCare
        self.careAuthority = careAuthority
        self.childProtectionPlan = childProtectionPlan
        self.privatelyFostered = privatelyFostered
        self.vulnerableGroups = vulnerableGroups
        self.addresses = addresses
        self.contacts = contacts
        self.schools = schools
    }

    public var schoolAge: SchoolAge { SchoolAge(dateOfBirth: self.dateOfBirth) }
    public var hasEHCP: Bool { self.sen == .ehcp }
}
