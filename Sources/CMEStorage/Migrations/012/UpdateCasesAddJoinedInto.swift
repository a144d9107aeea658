import Fluent
import FluentSQL

/// A case joined into another when a merge found the child with two open cases (issue 18: one child, one case,
/// Suffolk 9.5): the joined case points at the one that carries on, so that its timeline shows there and an unmerge
/// can part them again.
struct UpdateCasesAddJoinedInto: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("cases").field("joined_into", .uuid).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "cases_joined_into").on("cases").column("joined_into").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "cases_joined_into").run() }
        try await database.schema("cases").deleteField("joined_into").update()
    }
}
