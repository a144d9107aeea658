import CMECore
import CMEStorage
import Crypto
import Fluent
import Vapor

/// The signed-in user of a page request (set by `WebSessionMiddleware`).
struct WebUser: Sendable {
    let user: UserModel
    let session: SessionModel
    let actor: Actor

    var role: Role { self.actor.role }
    var csrf: String { self.session.csrfToken }
}

extension Request {
    private struct WebUserKey: StorageKey { typealias Value = WebUser }

    /// The signed-in user, if the session cookie is valid and both factors are done.
    var webUser: WebUser? {
        get { self.storage[WebUserKey.self] }
        set { self.storage[WebUserKey.self] = newValue }
    }

    private struct PendingKey: StorageKey { typealias Value = SessionModel }

    /// A session whose password is checked but whose TOTP code is not yet entered.
    var pendingSession: SessionModel? {
        get { self.storage[PendingKey.self] }
        set { self.storage[PendingKey.self] = newValue }
    }

    /// Throws unless a user is signed in (the route groups' guard has normally already done this).
    func requireWebUser() throws -> WebUser {
        guard let user = self.webUser else { throw Abort(.unauthorized, reason: "Sign in to see this page") }
        return user
    }
}

/// Session lifetimes and cookie names (issue 4: 30 minutes idle, 12 hours absolute; HttpOnly, SameSite=Lax,
/// Secure and `__Host-` over TLS).
enum WebSession {
    static let idleTimeout: TimeInterval = 30 * 60
    static let absoluteTimeout: TimeInterval = 12 * 60 * 60
    /// `last_seen_at` is written at most this often, so that reading pages is not one write per request.
    static let touchInterval: TimeInterval = 60

    static func cookieName(secure: Bool) -> String { secure ? "__Host-cme_session" : "cme_session" }
    static func csrfCookieName(secure: Bool) -> String { secure ? "__Host-cme_csrf" : "cme_csrf" }

    static func hash(_ token: String) -> String { APIToken.hash(token) }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func cookie(_ value: String, secure: Bool, sameSite: HTTPCookies.SameSitePolicy = .lax) -> HTTPCookies.Value
    {
        HTTPCookies.Value(string: value, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: sameSite)
    }

    static func expired(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "",
            expires: Date(timeIntervalSince1970: 0),
            maxAge: 0,
            path: "/",
            isSecure: secure,
            isHTTPOnly: true,
            sameSite: .lax
        )
    }

    /// Whether a staff role must pass the second factor.
    static func needsSecondFactor(_ role: Role, settings: Settings) -> Bool {
        settings.secondFactorRequired && [.cmeOfficer, .teamManager, .ewo, .administrator, .auditor].contains(role)
    }

    /// Starts a new session for `user` (a new id every sign-in: no fixation) and returns the cookie value.
    static func start(
        for user: UserModel,
        secondFactorDone: Bool,
        request: Request,
        at now: Date
    ) async throws -> String {
        let token = self.randomToken()
        try await SessionModel(
            tokenHash: self.hash(token),
            csrfToken: self.randomToken(),
            userID: try user.requireID(),
            secondFactorDone: secondFactorDone,
            at: now,
            clientAddress: request.clientAddress
        ).create(on: request.db)
        return token
    }

    /// Ends every session of a user (sign-out, password change, deactivation).
    static func endAll(userID: UUID, on db: any Database) async throws {
        try await SessionModel.query(on: db).filter(\.$user.$id == userID).delete()
    }
}

/// Resolves the session cookie. An expired session (idle or absolute) is deleted; a session still waiting for its
/// TOTP code is exposed only as `pendingSession`.
struct WebSessionMiddleware: AsyncMiddleware {
    let settings: Settings
    let now: @Sendable () -> Date

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let name = WebSession.cookieName(secure: self.settings.secureCookies)
        if let token = request.cookies[name]?.string, !token.isEmpty,
            let session = try await SessionModel.query(on: request.db).filter(\.$tokenHash == WebSession.hash(token))
                .with(\.$user).first()
        {
            let now = self.now()
            let user = session.user
            if now.timeIntervalSince(session.lastSeenAt) > WebSession.idleTimeout
                || now.timeIntervalSince(session.createdAt) > WebSession.absoluteTimeout || !user.active
            {
                try await session.delete(on: request.db)
            } else if let role = user.roleValue {
                if now.timeIntervalSince(session.lastSeenAt) > WebSession.touchInterval {
                    session.lastSeenAt = now
                    try await session.update(on: request.db)
                }
                if session.secondFactorDone {
                    request.webUser = WebUser(
                        user: user,
                        session: session,
                        actor: Actor(
                            userID: user.id,
                            role: role,
                            organisationID: user.$organisation.id,
                            team: user.team,
                            clientAddress: request.clientAddress,
                            requestID: request.auditRequestID
                        )
                    )
                } else {
                    request.pendingSession = session
                }
            }
        }
        return try await next.respond(to: request)
    }
}

/// Lets a route group through only for signed-in users of the given roles: no session redirects to sign-in, a
/// wrong role gets 403.
struct RequireRole: AsyncMiddleware {
    let roles: Set<Role>

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.webUser else {
            if request.method == .GET {
                let target = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
                return request.redirect(to: SiteURL.signIn.path(query: ["next": target]))
            }
            throw Abort(.unauthorized, reason: "Your session has ended. Sign in again.")
        }
        guard self.roles.contains(user.role) else {
            throw Abort(.forbidden, reason: "You do not have access to this page.")
        }
        return try await next.respond(to: request)
    }
}
