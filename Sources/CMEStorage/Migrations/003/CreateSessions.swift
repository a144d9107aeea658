import Fluent
import FluentSQL

/// Web sign-in sessions live in the database so that several server instances share them (DESIGN.md
/// "Architecture"); only a hash of the cookie value is stored.
struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("csrf_token", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("second_factor_done", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("client_address", .string)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}

/// Sign-in protection on each user: failed attempts and lockout, the TOTP second factor and the last code step
/// used (so that a code cannot be replayed), and when the password last changed.
struct UpdateUsersAddSignIn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        try await database.schema("users").field("failed_sign_ins", .int, .required, .sql(.default(0))).update()
        try await database.schema("users").field("locked_until", .datetime).update()
        try await database.schema("users").field("totp_secret", .string).update()
        try await database.schema("users").field("totp_last_step", .int64).update()
        try await database.schema("users").field("password_changed_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["password_changed_at", "totp_last_step", "totp_secret", "locked_until", "failed_sign_ins"] {
            try await database.schema("users").deleteField(.string(column)).update()
        }
    }
}

/// A school's or agency's referral in progress (the multi-step form's saved draft).
struct CreateReferralDrafts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("referral_drafts")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required)
            .field("answers", .data, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("referral_drafts").delete()
    }
}
