import Fluent
import Foundation

/// Something an organisation did towards its own duties (read the s2s messages, sent the weekly report), when it
/// happened and when it was recorded; `duties_started` marks the day its duties began.
public final class OrganisationEventModel: Model, @unchecked Sendable {
    public static let schema = "organisation_events"
    /// The kind of the row that marks when an organisation's duties began.
    public static let dutiesStarted = "duties_started"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "at") public var at: Date
    @Field(key: "recorded_at") public var recordedAt: Date
    @OptionalField(key: "note") public var note: String?
    @Parent(key: "organisation_id") public var organisation: OrganisationModel
    @OptionalParent(key: "actor_id") public var actor: UserModel?

    public init() {}
}
