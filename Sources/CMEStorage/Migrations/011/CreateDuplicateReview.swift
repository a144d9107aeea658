import Fluent
import FluentSQL

/// The possible-duplicates queue and the merges that mend a duplicate (issue 18). A pair waits for a person's
/// decision ("same child", merged; or "different children", never proposed again: one row per pair, kept). A merge
/// keeps both child rows: the merged one points at the one kept, and the merge row lists every row it moved, so
/// that undoing it puts each back.
struct CreateDuplicateReview: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("children").field("merged_into", .uuid).update()
        try await database.schema("duplicate_pairs")
            .id()
            .field("child_id", .uuid, .required, .references("children", "id"))
            .field("other_id", .uuid, .required, .references("children", "id"))
            .field("score", .double, .required)
            .field("agreeing", .array(of: .string), .required)
            .field("differing", .array(of: .string), .required)
            .field("status", .string, .required)
            .field("referral_reference", .string)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .uuid)
            .unique(on: "child_id", "other_id")
            .create()
        try await database.schema("child_merges")
            .id()
            .field("kept_id", .uuid, .required, .references("children", "id"))
            .field("merged_id", .uuid, .required, .references("children", "id"))
            .field("pair_id", .uuid)
            .field("moved", .data, .required)
            .field("merged_at", .datetime, .required)
            .field("merged_by", .uuid)
            .field("undone_at", .datetime)
            .field("undone_by", .uuid)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "duplicate_pairs_status").on("duplicate_pairs").column("status").run()
        try await sql.create(index: "duplicate_pairs_other").on("duplicate_pairs").column("other_id").run()
        try await sql.create(index: "child_merges_kept").on("child_merges").column("kept_id").run()
        try await sql.create(index: "child_merges_merged").on("child_merges").column("merged_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("child_merges").delete()
        try await database.schema("duplicate_pairs").delete()
        try await database.schema("children").deleteField("merged_into").update()
    }
}
