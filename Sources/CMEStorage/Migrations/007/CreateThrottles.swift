import Fluent
import FluentSQL

/// Sign-in lockout, spent public-form stamps and the public form's rate limit live in the database, so that every
/// server instance on one PostgreSQL database shares them (issue 16; DESIGN.md "Architecture").
struct CreateThrottles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Failed sign-ins per email and client address (hashed): a stranger's guesses lock out only themselves.
        try await database.schema("sign_in_throttles")
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("locked_until", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "key")
            .create()
        // A public-form stamp is spent by the post that uses it.
        try await database.schema("spent_stamps")
            .id()
            .field("nonce", .string, .required)
            .field("spent_at", .datetime, .required)
            .unique(on: "nonce")
            .create()
        try await database.schema("rate_events")
            .id()
            .field("key", .string, .required)
            .field("at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "rate_events_key_at").on("rate_events").column("key").column("at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rate_events").delete()
        try await database.schema("spent_stamps").delete()
        try await database.schema("sign_in_throttles").delete()
    }
}

/// Audit rows say in words what an administrative change was ("deactivated", "password reset"), which the action
/// and entity alone do not (issue 16). Rows without one hash as before.
struct UpdateAuditEntriesAddDetail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries").field("detail", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").deleteField("detail").update()
    }
}

/// A client's `Idempotency-Key` for a referral, written in the same transaction as the referral: a retry with the
/// same key within 24 hours gets the first answer and files nothing (issue 16).
struct CreateIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("idempotency_keys")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("key_hash", .string, .required)
            .field("referral_id", .uuid, .required, .references("referrals", "id"))
            .field("attached", .bool, .required)
            .field("new_episode", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "key_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("idempotency_keys").delete()
    }
}

/// Restriction of processing (UK GDPR Art. 18; issue 16): when, by whom and why a child's record was restricted.
struct UpdateChildrenAddProcessingRestriction: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        try await database.schema("children").field("processing_restricted_at", .datetime).update()
        try await database.schema("children").field("processing_restricted_by", .uuid).update()
        try await database.schema("children").field("processing_restriction_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["processing_restriction_reason", "processing_restricted_by", "processing_restricted_at"] {
            try await database.schema("children").deleteField(.string(column)).update()
        }
    }
}

/// The month's record (Leicestershire 8.3) is written once and kept; a corrected count is a new revision beside it,
/// never an overwrite (issue 17). The records kept so far become revision 1.
struct CreateKeptMonthlyRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("kept_monthly_records")
            .id()
            .field("month", .string, .required)
            .field("revision", .int, .required)
            .field("taken_at", .datetime, .required)
            .field("figures", .data, .required)
            .unique(on: "month", "revision")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw(
                """
                INSERT INTO kept_monthly_records (id, month, revision, taken_at, figures)
                SELECT id, month, 1, taken_at, figures FROM monthly_snapshots
                """
            ).run()
        }
        try await database.schema("monthly_snapshots").delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("monthly_snapshots")
            .id()
            .field("month", .string, .required)
            .field("taken_at", .datetime, .required)
            .field("figures", .data, .required)
            .unique(on: "month")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw(
                """
                INSERT INTO monthly_snapshots (id, month, taken_at, figures)
                SELECT id, month, taken_at, figures FROM kept_monthly_records WHERE revision = 1
                """
            ).run()
        }
        try await database.schema("kept_monthly_records").delete()
    }
}
