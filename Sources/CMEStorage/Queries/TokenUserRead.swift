import Fluent
import Foundation
import SQLKit

/// The user behind an API token, as every API call needs it before its handler runs.
public struct TokenUser: Sendable, Equatable {
    public var id: UUID
    public var role: String
    public var organisationID: UUID?
    public var team: String?
    public var active: Bool
}

/// The signed-in user of an API token that has not been revoked: one prepared query, token joined to its user.
public enum TokenUserRead: PreparedRead {
    public static let name = "cme_token_user"
    public static let parts = [
        """
        SELECT users.id, users.role, users.organisation_id, users.team, users.active
        FROM api_tokens JOIN users ON users.id = api_tokens.user_id
        WHERE api_tokens.revoked_at IS NULL AND api_tokens.token_hash =
        """,
        "",
    ]

    /// The user whose unrevoked token hashes to `tokenHash`, or `nil`.
    public static func user(tokenHash: String, on db: any Database) async throws -> TokenUser? {
        guard let row = try await Self.rows([.text(tokenHash)], on: db).first else { return nil }
        return TokenUser(
            id: try row.decode(column: "id", as: UUID.self),
            role: try row.decode(column: "role", as: String.self),
            organisationID: try row.decode(column: "organisation_id", as: UUID?.self),
            team: try row.decode(column: "team", as: String?.self),
            active: try row.decode(column: "active", as: Bool.self)
        )
    }
}
