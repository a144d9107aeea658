import Fluent
import Foundation

/// One change of a case's derived category (issue 17): from `day` on, the child was in `category`. The rows are
/// the core's `CategoryHistory` of each episode as last derived, kept so that counts over many cases (the termly
/// return, the management report) read history without replaying every timeline. Every command and the sweep
/// re-derive them; nothing else writes them.
public final class CategoryChangeModel: Model, @unchecked Sendable {
    public static let schema = "case_categories"

    @ID(key: .id) public var id: UUID?

    @Field(key: "episode") public var episode: Int
    /// The first day in this category (ISO 8601).
    @Field(key: "day") public var day: String
    @Field(key: "category") public var category: String
    @Field(key: "reason") public var reason: String
    @Field(key: "section") public var section: String
    /// The event kind that brought the change; `nil` when time did.
    @OptionalField(key: "cause") public var cause: String?

    @Parent(key: "case_id") public var `case`: CaseModel

    public init() {}
}
