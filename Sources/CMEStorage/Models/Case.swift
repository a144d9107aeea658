import Fluent
import Foundation

/// A referral or other notice as received: the whole Appendix A form kept as submitted, with the fields that are
/// searched on as columns.
public final class ReferralModel: Model, @unchecked Sendable {
    public static let schema = "referrals"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data
    @Field(key: "reference") public var reference: String
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "source") public var source: String?
    @Field(key: "received_at") public var receivedAt: Date
    /// The core `Referral` as JSON: everything the referrer said.
    @Field(key: "form") public var form: Data

    // relationships
    @Parent(key: "child_id") public var child: ChildModel
    @OptionalParent(key: "case_id") public var `case`: CaseModel?
    @OptionalParent(key: "submitted_by_id") public var submittedBy: UserModel?
    @OptionalParent(key: "organisation_id") public var organisation: OrganisationModel?

    public init() {}
}

/// A case: one child's CME episode(s), following the Suffolk Appendix 3 procedure.
public final class CaseModel: Model, @unchecked Sendable {
    public static let schema = "cases"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    /// Bumped by every saved event; a save against an older version is refused (409).
    @Field(key: "version") public var version: Int

    // data
    @Field(key: "reference") public var reference: String
    @Field(key: "policy_id") public var policyID: String
    @Field(key: "state") public var state: String
    @Field(key: "category") public var category: String
    @Field(key: "episode") public var episode: Int
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "source") public var source: String?
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "destination") public var destination: String?
    @OptionalField(key: "school_urn") public var schoolURN: String?
    @OptionalField(key: "team") public var team: String?
    @Field(key: "date_of_birth") public var dateOfBirth: String
    /// First day of unexplained absence, when a referral gave it: starts the schools' clocks.
    @OptionalField(key: "first_absence_day") public var firstAbsenceDay: String?
    @Field(key: "opened_at") public var openedAt: Date
    @Field(key: "episode_opened_at") public var episodeOpenedAt: Date
    @Field(key: "last_event_at") public var lastEventAt: Date
    @OptionalField(key: "posted_to_s2s_at") public var postedToS2SAt: Date?
    @OptionalField(key: "located_at") public var locatedAt: Date?
    @OptionalField(key: "destination_confirmed_at") public var destinationConfirmedAt: Date?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @Field(key: "overdue_clocks") public var overdueClocks: Int
    /// Triage facts established by the referrals (JSON list of raw values).
    @Field(key: "facts") public var facts: [String]
    /// What intake knew of the child's education when the episode opened (the core's `CategoryBasis` as JSON):
    /// the category history is derived from it and the episode's events.
    @OptionalField(key: "category_basis") public var categoryBasis: String?
    /// The next day time alone changes the category (ISO 8601): the sweep re-derives the history then.
    @OptionalField(key: "category_review_on") public var categoryReviewOn: String?
    /// The case this one was joined into when a merge found the child with two open cases (issue 18): its
    /// timeline shows there, and nothing more is recorded here.
    @OptionalField(key: "joined_into") public var joinedInto: UUID?

    // relationships
    @Parent(key: "child_id") public var child: ChildModel
    @OptionalParent(key: "assignee_id") public var assignee: UserModel?
    @OptionalParent(key: "referring_organisation_id") public var referringOrganisation: OrganisationModel?
    @Children(for: \.$case) public var events: [CaseEventModel]

    public init() {}
}

/// One entry of a case's timeline: what happened, when, by whom, with its details.
public final class CaseEventModel: Model, @unchecked Sendable {
    public static let schema = "case_events"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data
    /// Position in the case's timeline (1, 2, ...); equals the case version it produced.
    @Field(key: "seq") public var seq: Int
    @Field(key: "episode") public var episode: Int
    @Field(key: "kind") public var kind: String
    @Field(key: "at") public var at: Date
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "source") public var source: String?
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "destination") public var destination: String?
    @OptionalField(key: "target") public var target: String?
    @OptionalField(key: "reference") public var reference: String?
    @OptionalField(key: "action") public var action: String?
    @OptionalField(key: "note") public var note: String?

    // relationships
    @Parent(key: "case_id") public var `case`: CaseModel
    @OptionalParent(key: "actor_id") public var actor: UserModel?
    @OptionalParent(key: "assignee_id") public var assignee: UserModel?

    public init() {}
}

/// A statutory clock of a case: when it is due and where it stands.
public final class ClockModel: Model, @unchecked Sendable {
    public static let schema = "clocks"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    // data
    @Field(key: "rule_id") public var ruleID: String
    @Field(key: "episode") public var episode: Int
    @Field(key: "started_at") public var startedAt: Date
    /// The first instant at which it is overdue.
    @Field(key: "deadline") public var deadline: Date
    /// The due date as people read it (YYYY-MM-DD, or YYYY-MM-DDTHH:MM for an exact time).
    @Field(key: "due") public var due: String
    @Field(key: "state") public var state: String
    @Field(key: "owner_role") public var ownerRole: String
    @OptionalField(key: "settled_at") public var settledAt: Date?
    @OptionalField(key: "alerted_at") public var alertedAt: Date?

    // relationships
    @Parent(key: "case_id") public var `case`: CaseModel

    public init() {}
}

/// An alert raised when a clock falls overdue: for the owner and for their manager.
public final class AlertModel: Model, @unchecked Sendable {
    public static let schema = "alerts"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "role") public var role: String
    @Field(key: "message") public var message: String
    @OptionalField(key: "read_at") public var readAt: Date?
    @Parent(key: "clock_id") public var clock: ClockModel
    @Parent(key: "case_id") public var `case`: CaseModel
    @OptionalParent(key: "user_id") public var user: UserModel?

    public init() {}
}

/// A named counter for human-readable references (CME-2025-000123).
public final class CounterModel: Model, @unchecked Sendable {
    public static let schema = "counters"

    @ID(custom: "name", generatedBy: .user) public var id: String?
    @Field(key: "value") public var value: Int

    public init() {}

    public init(name: String, value: Int) {
        self.id = name
        self.value = value
    }
}

/// One row of the append-only audit trail. It holds identifiers, never a child's data; `hash` chains it to the
/// row before so that an edited or deleted row is detected.
public final class AuditEntryModel: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(key: .id) public var id: UUID?
    /// Chain position, 1, 2, ...
    @Field(key: "seq") public var seq: Int
    @Field(key: "at") public var at: Date
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "role") public var role: String
    @Field(key: "action") public var action: String
    @Field(key: "entity_type") public var entityType: String
    @Field(key: "entity_id") public var entityID: String
    @OptionalField(key: "child_id") public var childID: UUID?
    @OptionalField(key: "client_address") public var clientAddress: String?
    @OptionalField(key: "request_id") public var requestID: String?
    /// What was done, in words, where the action and entity do not say it ("deactivated", "password reset").
    @OptionalField(key: "detail") public var detail: String?
    @Field(key: "prev_hash") public var prevHash: String
    @Field(key: "hash") public var hash: String

    public init() {}
}
