import Fluent
import FluentSQL

/// An organisation's own recurring duties (issue 17: Suffolk 11.7's weekly s2s check, innov8 5.3's weekly
/// attendance report): what it recorded as done, each duty's clock, and the alerts an overdue one raised.
struct CreateOrganisationDuties: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisation_events")
            .id()
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("recorded_at", .datetime, .required)
            .field("note", .string)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("actor_id", .uuid, .references("users", "id"))
            .create()
        try await database.schema("organisation_clocks")
            .id()
            .field("rule_id", .string, .required)
            .field("started_at", .datetime, .required)
            .field("deadline", .datetime, .required)
            .field("due", .string, .required)
            .field("state", .string, .required)
            .field("owner_role", .string, .required)
            .field("alerted_at", .datetime)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .unique(on: "organisation_id", "rule_id")
            .create()
        try await database.schema("organisation_alerts")
            .id()
            .field("role", .string, .required)
            .field("message", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("clock_id", .uuid, .required, .references("organisation_clocks", "id"))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "organisation_events_org_at").on("organisation_events")
                .column("organisation_id").column("at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisation_alerts").delete()
        try await database.schema("organisation_clocks").delete()
        try await database.schema("organisation_events").delete()
    }
}
