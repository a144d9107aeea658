import CMECore
import CMEStorage
import Fluent
import Vapor

/// Sign-in, the second factor, sign-out and password change.
struct SignInController {
    let settings: Settings
    let now: @Sendable () -> Date
    /// A hash of random text at the configured cost: an unknown email's password is checked against it, so that
    /// the answer takes as long as for a real account.
    let decoy: String

    init(settings: Settings, now: @escaping @Sendable () -> Date) {
        self.settings = settings
        self.now = now
        self.decoy = (try? Password.hash(UUID().uuidString, cost: settings.bcryptCost)) ?? ""
    }

    /// Five wrong passwords in a row from one client lock that email there for 15 minutes (at most 20 guesses an
    /// hour); five wrong second-factor codes lock the account, whose password was right.
    static let maximumFailures = 5
    static let lockout: TimeInterval = 15 * 60

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    struct CodeForm: Content {
        var code: String?
        var next: String?
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    /// Where to go after sign-in: a path on this site only (no open redirect).
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 500 else {
            return nil
        }
        return next
    }

    static func landing(for role: Role) -> SiteURL {
        if Role.laWide.contains(role) { return .dashboard }
        if Role.organisationReferrers.contains(role) { return .referrals }
        switch role {
        case .ewo: return .myCases
        case .administrator: return .adminUsers
        case .auditor: return .audit
        default: return .report
        }
    }

    func home(_ request: Request) async throws -> Response {
        guard let user = request.webUser else { return request.redirect(to: SiteURL.signIn.href) }
        return request.redirect(to: Self.landing(for: user.role).href)
    }

    func signInPage(_ request: Request) async throws -> Response {
        if let user = request.webUser { return request.redirect(to: Self.landing(for: user.role).href) }
        let notice: String? =
            switch request.query[String.self, at: "notice"] {
            case "signed-out": "You have signed out."
            case "password-changed": "Your password has been changed. Sign in with your new password."
            case "expired": "Your session has ended. Sign in again."
            default: nil
            }
        return SignInView.signIn(
            .init(next: Self.safeNext(request.query[String.self, at: "next"]), notice: notice, csrf: request.formToken)
        ).render(for: request)
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let next = Self.safeNext(form.next)
        var errors = FormErrors()
        if email.isEmpty { errors.add("email", "Enter your email address") }
        if password.isEmpty { errors.add("password", "Enter your password") }
        func again(_ errors: FormErrors) -> Response {
            var page = SignInView.signIn(.init(email: email, next: next, errors: errors, csrf: request.formToken))
            page.status = .unprocessableEntity
            return page.render(for: request)
        }
        guard errors.isEmpty else { return again(errors) }

        let now = self.now()
        // Lockout is kept per email and client address, in the database (every instance shares it): a stranger's
        // guesses lock out the stranger, not the user. An email with no account is answered exactly as one with an
        // account: the same lockout, the same words, and a password check against a decoy hash (issue 16).
        let key = Throttles.signInKey(email: email, client: request.clientAddress)
        if let until = try await Throttles.lockedUntil(key, at: now, on: request.db) {
            return SignInView.locked(until: Self.time(until)).render(for: request)
        }
        let found = try await UserModel.query(on: request.db).filter(\.$email == email).first()
        let matches = Password.verify(password, hash: found?.passwordHash ?? self.decoy)
        guard let user = found, matches, user.active, let role = user.roleValue else {
            request.logger.notice("sign-in refused")
            _ = try await Throttles.signInFailed(
                key,
                maximum: Self.maximumFailures,
                lockout: Self.lockout,
                at: now,
                on: request.db
            )
            return again(FormErrors([("email", "Enter a correct email address and password")]))
        }
        try await Throttles.signInSucceeded(key, on: request.db)
        // A new session id at every sign-in; any session this browser had is gone.
        try await self.endCurrent(request)
        let needsCode = WebSession.needsSecondFactor(role, settings: self.settings)
        let token = try await WebSession.start(for: user, secondFactorDone: !needsCode, request: request, at: now)
        let destination: String
        if needsCode {
            let step = user.totpLastStep == nil ? SiteURL.signInSetUp : SiteURL.signInCode
            destination = next.map { step.path(query: ["next": $0]) } ?? step.href
        } else {
            destination = next ?? Self.landing(for: role).href
        }
        let response = request.redirect(to: destination, redirectType: .normal)
        response.cookies[WebSession.cookieName(secure: self.settings.secureCookies)] = WebSession.cookie(
            token,
            secure: self.settings.secureCookies
        )
        return response
    }

    func codePage(_ request: Request) async throws -> Response {
        guard request.pendingSession != nil else { return request.redirect(to: SiteURL.signIn.href) }
        return SignInView.code(
            csrf: request.formToken,
            next: Self.safeNext(request.query[String.self, at: "next"]),
            errors: FormErrors()
        ).render(for: request)
    }

    func code(_ request: Request) async throws -> Response {
        guard let session = request.pendingSession else { return request.redirect(to: SiteURL.signIn.href) }
        let form = try request.content.decode(CodeForm.self)
        let user = session.user
        let now = self.now()
        if let until = user.lockedUntil, until > now {
            try await session.delete(on: request.db)
            return SignInView.locked(until: Self.time(until)).render(for: request)
        }
        guard let secret = user.totpSecret, user.totpLastStep != nil else {
            return request.redirect(to: SiteURL.signInSetUp.href)
        }
        guard let step = TOTP.verify(form.code ?? "", secret: secret, at: now, after: user.totpLastStep) else {
            try await self.fail(user, at: now, on: request.db)
            var page = SignInView.code(
                csrf: request.formToken,
                next: Self.safeNext(form.next),
                errors: FormErrors([("code", "Enter the current 6-digit code from your authenticator app")])
            )
            page.status = .unprocessableEntity
            return page.render(for: request)
        }
        return try await self.complete(session, step: step, next: form.next, request: request, at: now)
    }

    func setUpPage(_ request: Request) async throws -> Response {
        guard let session = request.pendingSession else { return request.redirect(to: SiteURL.signIn.href) }
        let user = session.user
        guard user.totpLastStep == nil else { return request.redirect(to: SiteURL.signInCode.href) }
        if user.totpSecret == nil {
            user.totpSecret = TOTP.newSecret()
            try await user.update(on: request.db)
        }
        return self.setUpView(request, user: user, next: request.query[String.self, at: "next"], errors: FormErrors())
    }

    func setUp(_ request: Request) async throws -> Response {
        guard let session = request.pendingSession else { return request.redirect(to: SiteURL.signIn.href) }
        let user = session.user
        let form = try request.content.decode(CodeForm.self)
        guard user.totpLastStep == nil, let secret = user.totpSecret else {
            return request.redirect(to: SiteURL.signInCode.href)
        }
        let now = self.now()
        guard let step = TOTP.verify(form.code ?? "", secret: secret, at: now, after: nil) else {
            try await self.fail(user, at: now, on: request.db)
            let response = self.setUpView(
                request,
                user: user,
                next: form.next,
                errors: FormErrors([("code", "Enter the 6-digit code your app shows for this key")])
            )
            response.status = .unprocessableEntity
            return response
        }
        return try await self.complete(session, step: step, next: form.next, request: request, at: now)
    }

    private func setUpView(_ request: Request, user: UserModel, next: String?, errors: FormErrors) -> Response {
        let secret = user.totpSecret ?? ""
        return SignInView.setUp(
            csrf: request.formToken,
            next: Self.safeNext(next),
            secret: secret,
            uri: TOTP.provisioningURI(secret: secret, account: user.email, issuer: "CME Tracker"),
            errors: errors
        ).render(for: request)
    }

    /// The second factor passed: the code's step is spent, and the session is replaced by a full one.
    private func complete(
        _ session: SessionModel,
        step: Int64,
        next: String?,
        request: Request,
        at now: Date
    ) async throws -> Response {
        let user = session.user
        user.totpLastStep = step
        user.failedSignIns = 0
        try await user.update(on: request.db)
        try await session.delete(on: request.db)
        let token = try await WebSession.start(for: user, secondFactorDone: true, request: request, at: now)
        let role = user.roleValue ?? .publicReporter
        let response = request.redirect(to: Self.safeNext(next) ?? Self.landing(for: role).href)
        response.cookies[WebSession.cookieName(secure: self.settings.secureCookies)] = WebSession.cookie(
            token,
            secure: self.settings.secureCookies
        )
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        if let user = request.webUser?.user ?? request.pendingSession?.user, let id = user.id {
            try await WebSession.endAll(userID: id, on: request.db)
        }
        let response = request.redirect(to: SiteURL.signIn.path(query: ["notice": "signed-out"]))
        response.cookies[WebSession.cookieName(secure: self.settings.secureCookies)] = WebSession.expired(
            secure: self.settings.secureCookies
        )
        return response
    }

    private func fail(_ user: UserModel, at now: Date, on db: any Database) async throws {
        user.failedSignIns += 1
        if user.failedSignIns >= Self.maximumFailures {
            user.lockedUntil = now.addingTimeInterval(Self.lockout)
            user.failedSignIns = 0
        }
        try await user.update(on: db)
    }

    private func endCurrent(_ request: Request) async throws {
        if let session = request.webUser?.session ?? request.pendingSession { try await session.delete(on: request.db) }
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        formatter.dateFormat = "h:mma 'on' d MMMM yyyy"
        return formatter.string(from: date).replacingOccurrences(of: "AM", with: "am").replacingOccurrences(
            of: "PM",
            with: "pm"
        )
    }
}
