import Fluent
import FluentSQL

/// The keys a child is found by (issue 18): every word of every name with its sound, every UPN a referral gave and
/// every postcode, one row each, indexed, so that a search by any of them is one index range per thing typed.
/// The children already recorded get theirs here.
struct CreateChildSearchKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("child_search_keys")
            .field("key", .string, .required)
            .field("child_id", .uuid, .required, .references("children", "id"))
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "child_search_keys_key").on("child_search_keys").column("key").column("child_id")
            .run()
        try await sql.create(index: "child_search_keys_child").on("child_search_keys").column("child_id").run()
        try await SearchKeyIndex.rebuild(on: database, skipMerged: false)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("child_search_keys").delete()
    }
}
