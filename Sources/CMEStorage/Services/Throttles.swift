import Crypto
import Fluent
import Foundation
import SQLKit

/// Counters that protect sign-in and the public form, kept in the database so that several server instances share
/// them (issue 16). Keys are hashed: the table holds no email or address in the clear.
public enum Throttles {
    /// How long spent stamps and rate events are kept: longer than a stamp lives (2 hours) and any window.
    public static let kept: TimeInterval = 3 * 60 * 60

    /// The key for an email signing in from a client address.
    public static func signInKey(email: String, client: String?) -> String {
        Hex.string(SHA256.hash(data: Data("sign-in\u{1F}\(email.lowercased())\u{1F}\(client ?? "")".utf8)))
    }

    /// Until when sign-in under `key` is locked, if it is at `now`.
    public static func lockedUntil(_ key: String, at now: Date, on db: any Database) async throws -> Date? {
        let sql = try self.sql(db)
        let row = try await sql.select().column("locked_until").from("sign_in_throttles").where("key", .equal, key)
            .first()
        guard let until = try row?.decode(column: "locked_until", as: Date?.self), until > now else { return nil }
        return until
    }

    /// Counts a failed sign-in; at the `maximum`th in a row, locks the key for `lockout` and returns until when.
    public static func signInFailed(
        _ key: String,
        maximum: Int,
        lockout: TimeInterval,
        at now: Date,
        on db: any Database
    ) async throws -> Date? {
        let sql = try self.sql(db)
        let row = try await sql.raw(
            """
            INSERT INTO sign_in_throttles (id, key, failures, updated_at)
            VALUES (\(bind: UUID()), \(bind: key), 1, \(bind: now))
            ON CONFLICT (key) DO UPDATE SET failures = sign_in_throttles.failures + 1, updated_at = \(bind: now)
            RETURNING failures
            """
        ).first()
        guard let failures = try row?.decode(column: "failures", as: Int.self), failures >= maximum else { return nil }
        let until = now.addingTimeInterval(lockout)
        try await sql.update("sign_in_throttles").set("failures", to: 0).set("locked_until", to: until)
            .where("key", .equal, key).run()
        return until
    }

    /// A successful sign-in clears the key's count.
    public static func signInSucceeded(_ key: String, on db: any Database) async throws {
        try await self.sql(db).delete(from: "sign_in_throttles").where("key", .equal, key).run()
    }

    /// Spends a one-use nonce; false if it was spent before.
    public static func spend(_ nonce: String, at now: Date, on db: any Database) async throws -> Bool {
        let sql = try self.sql(db)
        let row = try await sql.raw(
            """
            INSERT INTO spent_stamps (id, nonce, spent_at) VALUES (\(bind: UUID()), \(bind: nonce), \(bind: now))
            ON CONFLICT (nonce) DO NOTHING RETURNING nonce
            """
        ).first()
        return row != nil
    }

    /// Whether one more event under `key` fits `limit` in the `window` before `now`; if it does, it is counted.
    public static func allow(
        _ key: String,
        limit: Int,
        window: TimeInterval,
        at now: Date,
        on db: any Database
    ) async throws -> Bool {
        let sql = try self.sql(db)
        let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("rate_events")
            .where("key", .equal, key).where("at", .greaterThan, now.addingTimeInterval(-window)).first()
        guard (try row?.decode(column: "n", as: Int.self) ?? 0) < limit else { return false }
        try await sql.insert(into: "rate_events").columns("id", "key", "at").values(
            SQLBind(UUID()),
            SQLBind(key),
            SQLBind(now)
        ).run()
        return true
    }

    /// Forgets what no longer counts: events and stamps older than `before`, and lockouts that have ended.
    public static func prune(before: Date, at now: Date, on db: any Database) async throws {
        let sql = try self.sql(db)
        try await sql.delete(from: "rate_events").where("at", .lessThan, before).run()
        try await sql.delete(from: "spent_stamps").where("spent_at", .lessThan, before).run()
        try await sql.delete(from: "sign_in_throttles").where("updated_at", .lessThan, before)
            .where(SQLIdentifier("locked_until"), .is, SQLLiteral.null).run()
        try await sql.delete(from: "sign_in_throttles").where("locked_until", .lessThan, now).run()
    }

    private static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        return sql
    }
}
