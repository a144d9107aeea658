import Crypto
import Fluent
import Foundation
import SQLKit

/// `Idempotency-Key` on `POST /api/v1/referrals` (issue 16): a client retrying after a timeout or a crash cannot
/// file twice. The key is stored, hashed and per user, in the transaction that files the referral, so a referral and
/// its key commit together or not at all; a second request with the key, even one racing the first, finds it.
public enum IdempotencyKeys {
    /// How long a key is honoured.
    public static let lifetime: TimeInterval = 24 * 60 * 60

    /// Why `key` cannot be used, or nil: 1 to 255 visible ASCII characters.
    public static func problem(_ key: String) -> String? {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return "must be 1 to 255 visible characters, without spaces"
        }
        return nil
    }

    static func hash(_ key: String) -> String { Hex.string(SHA256.hash(data: Data(key.utf8))) }

    /// The result of the referral first made with `key` by `user` within the key's lifetime, or nil. An expired key
    /// is forgotten, so that it may be used again.
    public static func find(
        _ key: String,
        user: UUID,
        at now: Date,
        on db: any Database
    ) async throws -> IntakeResult? {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let hash = Self.hash(key)
        guard
            let row = try await sql.select().columns("referral_id", "attached", "new_episode", "created_at")
                .from("idempotency_keys").where("user_id", .equal, user).where("key_hash", .equal, hash).first()
        else { return nil }
        if try row.decode(column: "created_at", as: Date.self) < now.addingTimeInterval(-Self.lifetime) {
            try await sql.delete(from: "idempotency_keys").where("user_id", .equal, user)
                .where("key_hash", .equal, hash).run()
            return nil
        }
        let referralID = try row.decode(column: "referral_id", as: UUID.self)
        guard let referral = try await ReferralModel.find(referralID, on: db) else { return nil }
        return IntakeResult(
            referralID: referralID,
            reference: referral.reference,
            childID: referral.$child.id,
            caseID: referral.$case.id,
            attached: try row.decode(column: "attached", as: Bool.self),
            newEpisode: try row.decode(column: "new_episode", as: Bool.self),
            matchEvidence: nil,
            detail: nil
        )
    }

    /// Records the keys of a batch's referrals inside its transaction. A key already there fails the statement, and
    /// so the batch: its referrals are then taken in one by one, and only the repeat fails.
    static func record(_ requests: [IntakeRequest], _ results: [IntakeResult], on tx: any Database) async throws {
        for (request, result) in zip(requests, results) {
            guard let key = request.idempotencyKey, let user = request.actor.userID else { continue }
            let row = IdempotencyKeyModel()
            row.id = UUID.timeOrdered(at: request.at)
            row.userID = user
            row.keyHash = Self.hash(key)
            row.referralID = result.referralID
            row.attached = result.attached
            row.newEpisode = result.newEpisode
            row.createdAt = request.at
            try await row.create(on: tx)
        }
    }

    /// Forgets keys past their lifetime.
    public static func prune(at now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let expired = now.addingTimeInterval(-Self.lifetime)
        try await sql.delete(from: "idempotency_keys").where("created_at", .lessThan, expired).run()
    }
}

/// One `Idempotency-Key` a user sent with a referral.
final class IdempotencyKeyModel: Model, @unchecked Sendable {
    static let schema = "idempotency_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "key_hash") var keyHash: String
    @Field(key: "referral_id") var referralID: UUID
    @Field(key: "attached") var attached: Bool
    @Field(key: "new_episode") var newEpisode: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
