import Fluent
import FluentSQL

/// A case's category is derived from its events, the policy and the day (issue 17): the history of each episode
/// is kept in `case_categories`, the facts intake classified from in `cases.category_basis`, and the next day time
/// alone changes the category in `cases.category_review_on`, which the sweep reads. Cases written before this
/// migration are marked for review on the first sweep, which derives their current episode's history.
struct CreateCaseCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_categories")
            .id()
            .field("episode", .int, .required)
            .field("day", .string, .required)
            .field("category", .string, .required)
            .field("reason", .string, .required)
            .field("section", .string, .required)
            .field("cause", .string)
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .create()
        // One column a statement: SQLite adds one column per ALTER TABLE.
        try await database.schema("cases").field("category_basis", .string).update()
        try await database.schema("cases").field("category_review_on", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "case_categories_case").on("case_categories").column("case_id").column("episode")
            .run()
        try await sql.create(index: "case_categories_category_day").on("case_categories").column("category")
            .column("day").run()
        try await sql.create(index: "cases_category_review_on").on("cases").column("category_review_on").run()
        // The reports' generation reads the latest change to any case (ReportCache).
        try await sql.create(index: "cases_updated_at").on("cases").column("updated_at").run()
        try await sql.create(index: "children_updated_at").on("children").column("updated_at").run()
        try await sql.update("cases").set("category_review_on", to: SQLLiteral.string("0001-01-01")).run()
    }

    func revert(on database: any Database) async throws {
        // An indexed column cannot be dropped (SQLite): the index goes first.
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "cases_category_review_on").run()
            try await sql.drop(index: "cases_updated_at").run()
            try await sql.drop(index: "children_updated_at").run()
        }
        try await database.schema("cases").deleteField("category_review_on").update()
        try await database.schema("cases").deleteField("category_basis").update()
        try await database.schema("case_categories").delete()
    }
}
