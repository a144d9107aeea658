import Fluent

struct CreateOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("urn", .string)
            .field("school_type", .string)
            .field("policy_id", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "urn")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").delete()
    }
}

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("team", .string)
            .field("active", .bool, .required)
            .field("password_hash", .string)
            .field("organisation_id", .uuid, .references("organisations", "id"))
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("token_hash", .string, .required)
            .field("label", .string, .required)
            .field("revoked_at", .datetime)
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
