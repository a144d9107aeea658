import Fluent
import Foundation

/// An alert raised when an organisation's duty fell overdue: for the duty's owner and the owner's manager.
public final class OrganisationAlertModel: Model, @unchecked Sendable {
    public static let schema = "organisation_alerts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "role") public var role: String
    @Field(key: "message") public var message: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "read_at") public var readAt: Date?
    @Parent(key: "clock_id") public var clock: OrganisationClockModel
    @Parent(key: "organisation_id") public var organisation: OrganisationModel

    public init() {}
}
