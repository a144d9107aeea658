import CMECore
import Fluent
import Foundation

/// An organisation that takes part: the LA, a school (with its URN), an AP provider, a partner agency, another LA.
public final class OrganisationModel: Model, @unchecked Sendable {
    public static let schema = "organisations"

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case localAuthority = "local_authority"
        case school
        case apProvider = "ap_provider"
        case partnerAgency = "partner_agency"
        case otherLA = "other_la"
    }

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data
    @Field(key: "name") public var name: String
    @Enum(key: "kind") public var kind: Kind
    /// The school's DfE unique reference number.
    @OptionalField(key: "urn") public var urn: String?
    @OptionalField(key: "school_type") public var schoolType: String?
    @Field(key: "policy_id") public var policyID: String

    public init() {}

    public init(
        id: UUID? = nil,
        name: String,
        kind: Kind,
        urn: String? = nil,
        schoolType: String? = nil,
        policyID: String
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.urn = urn
        self.schoolType = schoolType
        self.policyID = policyID
    }
}

/// A person who signs in, with one role.
public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data
    @Field(key: "email") public var email: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "role") public var role: String
    /// EWOs see their own and their team's cases.
    @OptionalField(key: "team") public var team: String?
    @Field(key: "active") public var active: Bool
    @OptionalField(key: "password_hash") public var passwordHash: String?
    @Field(key: "failed_sign_ins") public var failedSignIns: Int
    @OptionalField(key: "locked_until") public var lockedUntil: Date?
    /// Base32 TOTP secret (RFC 6238) once the user has set up their second factor.
    @OptionalField(key: "totp_secret") public var totpSecret: String?
    /// The last 30-second step whose code was accepted: a code of that step or earlier is refused (no replay).
    @OptionalField(key: "totp_last_step") public var totpLastStep: Int64?
    @OptionalField(key: "password_changed_at") public var passwordChangedAt: Date?

    // relationships
    @OptionalParent(key: "organisation_id") public var organisation: OrganisationModel?

    public init() {}

    public init(
        id: UUID? = nil,
        email: String,
        displayName: String,
        role: Role,
        team: String? = nil,
        organisationID: UUID? = nil
    ) {
        self.id = id
        // Sign-in compares lower case: an address is one account however it is typed.
        self.email = email.lowercased()
        self.displayName = displayName
        self.role = role.rawValue
        self.team = team
        self.active = true
        self.failedSignIns = 0
        self.$organisation.id = organisationID
    }

    public var roleValue: Role? { Role(rawValue: self.role) }
}

/// A per-user API token, stored only as its SHA-256 hash.
public final class APITokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "label") public var label: String
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    // relationships
    @Parent(key: "user_id") public var user: UserModel

    public init() {}

    public init(id: UUID? = nil, userID: UUID, tokenHash: String, label: String) {
        self.id = id
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.label = label
    }
}
