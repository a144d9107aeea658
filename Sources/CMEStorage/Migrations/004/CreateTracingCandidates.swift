import Fluent

/// The tracing review queue (Suffolk 11.7): candidate pairs a search proposed, each confirmed or rejected by a
/// person. One row per (search, lost record, roll record): a pair once decided is never proposed again.
struct CreateTracingCandidates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tracing_candidates")
            .id()
            .field("search", .string, .required)
            .field("lost_key", .string, .required)
            .field("lost_record", .data, .required)
            .field("roll_key", .string, .required)
            .field("roll_record", .data, .required)
            .field("score", .double, .required)
            .field("band", .string, .required)
            .field("evidence", .string, .required)
            .field("status", .string, .required)
            .field("case_id", .uuid, .references("cases", "id"))
            .field("decided_by", .uuid, .references("users", "id"))
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "search", "lost_key", "roll_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tracing_candidates").delete()
    }
}
