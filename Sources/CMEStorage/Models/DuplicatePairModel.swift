import Fluent
import Foundation

/// Two child records that may be one child, waiting for a person (issue 18), or decided: `merged` (same child) or
/// `different` (never proposed again). `child` is the record intake opened; `other` the one it resembled.
public final class DuplicatePairModel: Model, @unchecked Sendable {
    public static let schema = "duplicate_pairs"

    public enum Status: String, Sendable, CaseIterable {
        case open
        case merged
        case different

        public var label: String {
            switch self {
            case .open: "Waiting for a decision"
            case .merged: "Same child: merged"
            case .different: "Different children"
            }
        }
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "child_id") public var childID: UUID
    @Field(key: "other_id") public var otherID: UUID
    @Field(key: "score") public var score: Double
    @Field(key: "agreeing") public var agreeing: [String]
    @Field(key: "differing") public var differing: [String]
    @Field(key: "status") public var status: String
    @OptionalField(key: "referral_reference") public var referralReference: String?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decided_by") public var decidedBy: UUID?

    public init() {}
}

/// One merge of two child records (issue 18): which was kept, which merged into it, and every row it moved (as
/// `MovedRows`), so that an unmerge puts each back.
public final class ChildMergeModel: Model, @unchecked Sendable {
    public static let schema = "child_merges"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kept_id") public var keptID: UUID
    @Field(key: "merged_id") public var mergedID: UUID
    @OptionalField(key: "pair_id") public var pairID: UUID?
    @Field(key: "moved") public var moved: Data
    @Field(key: "merged_at") public var mergedAt: Date
    @OptionalField(key: "merged_by") public var mergedBy: UUID?
    @OptionalField(key: "undone_at") public var undoneAt: Date?
    @OptionalField(key: "undone_by") public var undoneBy: UUID?

    public init() {}
}
