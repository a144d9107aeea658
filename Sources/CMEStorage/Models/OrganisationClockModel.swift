import Fluent
import Foundation

/// An organisation duty's clock as last derived (the sweep reads it to find those newly overdue).
public final class OrganisationClockModel: Model, @unchecked Sendable {
    public static let schema = "organisation_clocks"

    @ID(key: .id) public var id: UUID?
    @Field(key: "rule_id") public var ruleID: String
    @Field(key: "started_at") public var startedAt: Date
    /// The first instant at which it is overdue.
    @Field(key: "deadline") public var deadline: Date
    @Field(key: "due") public var due: String
    @Field(key: "state") public var state: String
    @Field(key: "owner_role") public var ownerRole: String
    @OptionalField(key: "alerted_at") public var alertedAt: Date?
    @Parent(key: "organisation_id") public var organisation: OrganisationModel

    public init() {}
}
