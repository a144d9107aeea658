import CMECore
import CMEStorage
import Crypto
import Fluent
import Foundation
import Vapor

/// Per-user API tokens: random, shown once, stored only as a SHA-256 hash.
public enum APIToken {
    /// A new random token (256 bits, URL-safe).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "cme_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// Creates a token for `user` and returns it (the only time it is visible).
    public static func issue(for user: UserModel, label: String, on db: any Database) async throws -> String {
        let token = self.generate()
        try await APITokenModel(userID: try user.requireID(), tokenHash: self.hash(token), label: label).create(on: db)
        return token
    }
}

/// The signed-in caller of a request, for the API handlers (set by `APIAuthMiddleware`).
public struct RequestContext: Sendable {
    public var actor: Actor
    public var request: Request

    @TaskLocal public static var current: RequestContext?
}

/// Resolves `Authorization: Bearer TOKEN` to a user and runs the rest of the request with a `RequestContext`.
/// A missing or unknown token is 401 before any handler runs.
struct APIAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else {
            throw Abort(.unauthorized, reason: "send an API token as 'Authorization: Bearer TOKEN'")
        }
        // One query, token joined to its user, read straight from the row: this runs before every API call.
        guard
            let user = try await TokenUserRead.user(tokenHash: APIToken.hash(bearer.token), on: request.db),
            user.active,
            let role = Role(rawValue: user.role)
        else {
            throw Abort(.unauthorized, reason: "the API token is not valid")
        }
        let actor = Actor(
            userID: user.id,
            role: role,
            organisationID: user.organisationID,
            team: user.team,
            clientAddress: request.clientAddress,
            requestID: request.auditRequestID
        )
        return try await RequestContext.$current.withValue(RequestContext(actor: actor, request: request)) {
            try await next.respond(to: request)
        }
    }
}
