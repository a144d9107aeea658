import Vapor

/// Security headers on every response (issue 4). Pages carry children's data, so nothing but the stylesheet may be
/// cached; no script runs at all, and nothing answers a cross-origin request with CORS headers.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let secure: Bool

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if request.url.path.hasPrefix("/assets/") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        } else {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if self.secure {
            response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=31536000")
        }
        return response
    }
}

/// Vapor has no CSRF protection: every page POST must carry its form's `_csrf` token (the session's, or before
/// sign-in a token bound to a strict cookie) and must not come from another origin.
struct CSRFMiddleware: AsyncMiddleware {
    let secure: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let cookieName = WebSession.csrfCookieName(secure: self.secure)
        var anonymous = request.cookies[cookieName]?.string ?? ""
        let newCookie = anonymous.count < 32
        if newCookie { anonymous = WebSession.randomToken() }
        let expected = request.webUser?.csrf ?? request.pendingSession?.csrfToken ?? anonymous
        request.formToken = expected

        if request.method != .GET && request.method != .HEAD {
            if let site = request.headers.first(name: "Sec-Fetch-Site"), site == "cross-site" {
                throw Abort(.forbidden, reason: "Forms can only be sent from this site.")
            }
            if let origin = request.headers.first(name: .origin), !Self.sameOrigin(origin, request: request) {
                throw Abort(.forbidden, reason: "Forms can only be sent from this site.")
            }
            let sent = (try? request.content.get(String.self, at: "_csrf")) ?? ""
            guard !newCookie || request.webUser != nil || request.pendingSession != nil,
                Array(sent.utf8).constantTimeEquals(Array(expected.utf8))
            else {
                throw Abort(
                    .forbidden,
                    reason:
                        "This form has expired or did not come from this site. Go back, reload the page and try again."
                )
            }
        }
        let response = try await next.respond(to: request)
        if newCookie {
            response.cookies[cookieName] = WebSession.cookie(anonymous, secure: self.secure, sameSite: .strict)
        }
        return response
    }

    /// Whether an `Origin` header names this server (scheme ignored: a proxy may terminate TLS).
    static func sameOrigin(_ origin: String, request: Request) -> Bool {
        guard let host = request.headers.first(name: .host), let url = URL(string: origin), let originHost = url.host
        else { return false }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }
}

extension Request {
    private struct FormTokenKey: StorageKey { typealias Value = String }

    /// The CSRF token this request's forms must carry.
    var formToken: String {
        get { self.storage[FormTokenKey.self] ?? "" }
        set { self.storage[FormTokenKey.self] = newValue }
    }
}
