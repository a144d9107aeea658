import Fluent
import Foundation

/// A signed-in browser. The cookie holds a random token; the table holds its SHA-256 hash.
public final class SessionModel: Model, @unchecked Sendable {
    public static let schema = "sessions"

    // managed
    @ID(key: .id) public var id: UUID?

    // data
    @Field(key: "token_hash") public var tokenHash: String
    /// Every form of this session carries this token (Vapor has no CSRF protection of its own).
    @Field(key: "csrf_token") public var csrfToken: String
    /// Password checked and, for staff, the TOTP code too; until then only the code page is open.
    @Field(key: "second_factor_done") public var secondFactorDone: Bool
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @OptionalField(key: "client_address") public var clientAddress: String?

    // relationships
    @Parent(key: "user_id") public var user: UserModel

    public init() {}

    public init(
        tokenHash: String,
        csrfToken: String,
        userID: UUID,
        secondFactorDone: Bool,
        at now: Date,
        clientAddress: String?
    ) {
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.$user.id = userID
        self.secondFactorDone = secondFactorDone
        self.createdAt = now
        self.lastSeenAt = now
        self.clientAddress = clientAddress
    }
}

/// A referral form in progress: the answers so far, keyed by form field name.
public final class ReferralDraftModel: Model, @unchecked Sendable {
    public static let schema = "referral_drafts"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    // data
    @Field(key: "kind") public var kind: String
    /// JSON object of field name to answer.
    @Field(key: "answers") public var answers: Data

    // relationships
    @Parent(key: "user_id") public var user: UserModel

    public init() {}

    public init(userID: UUID, kind: String, answers: [String: String]) throws {
        self.$user.id = userID
        self.kind = kind
        self.answers = try JSONEncoder().encode(answers)
    }

    public var answerValues: [String: String] {
        get { (try? JSONDecoder().decode([String: String].self, from: self.answers)) ?? [:] }
        set { self.answers = (try? JSONEncoder().encode(newValue)) ?? self.answers }
    }
}
