import CMECore
import CMEStorage
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CMEWeb

/// Issue 4, "Sign-in and sessions": passwords, the second factor, session lifetimes, cookies, CSRF, lockout and the
/// security headers.
@Suite("Sign-in and sessions")
struct SignInTests {
    @Test(
        "staff need a TOTP code; a used code cannot be replayed; sign-in gives a new session id",
        arguments: Backend.available
    )
    func secondFactor(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let browser = WebClient(app)
            try await browser.get("/sign-in")
            // setup: a session cookie left from before must not survive sign-in (no fixation)
            let page = try await browser.post(
                "/sign-in",
                ["email": "officer@test.cme", "password": WebPeople.password]
            )
            #expect(page.location == "/sign-in/code")
            let pending = try #require(browser.cookies["cme_session"])
            // Until the code is entered, no page with children's data opens.
            #expect(try await browser.get("/dashboard").location?.hasPrefix("/sign-in") == true)
            let user = try #require(
                try await UserModel.query(on: app.db).filter(\.$email == "officer@test.cme").first()
            )
            let code = try #require(TOTP.code(secret: user.totpSecret!, step: TOTP.step(at: clock.now)))
            try await browser.get("/sign-in/code")
            let wrong = try await browser.post("/sign-in/code", ["code": code == "000000" ? "111111" : "000000"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("Enter the current 6-digit code"))
            let done = try await browser.post("/sign-in/code", ["code": code])
            #expect(done.location == "/dashboard")
            #expect(browser.cookies["cme_session"] != pending, "a new session id once both factors pass")
            #expect(try await browser.get("/dashboard").status == .ok)

            // MUT: the same code again, from another browser
            let thief = WebClient(app)
            try await thief.get("/sign-in")
            try await thief.post("/sign-in", ["email": "officer@test.cme", "password": WebPeople.password])
            try await thief.get("/sign-in/code")
            let replay = try await thief.post("/sign-in/code", ["code": code])
            // validate
            #expect(replay.status == .unprocessableEntity, "a spent code is refused")
            #expect(try await thief.get("/dashboard").location?.hasPrefix("/sign-in") == true)
        }
    }

    @Test("schools sign in with a password alone and land on their referrals", arguments: Backend.available)
    func schoolSignIn(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let browser = WebClient(app)
            let page = try await browser.signIn("dslA@test.cme", at: clock.now)
            #expect(page.location == "/referrals")
            let home = try await browser.get("/referrals")
            #expect(home.status == .ok)
            #expect(home.body.contains("Castle Hill Primary"))
        }
    }

    @Test("the session cookie is HttpOnly, SameSite=Lax, a browser-session cookie; __Host- and Secure over TLS")
    func cookieAttributes() async throws {
        for secure in [false, true] {
            let tls: (inout Settings) -> Void = { $0.secureCookies = secure }
            try await withTestApp(.sqlite, settings: tls) { app, clock in
                _ = try await People.make(app)
                try await WebPeople.enable(app)
                let browser = WebClient(app)
                try await browser.get("/sign-in")
                let page = try await browser.post(
                    "/sign-in",
                    ["email": "dslA@test.cme", "password": WebPeople.password]
                )
                let name = secure ? "__Host-cme_session" : "cme_session"
                let cookie = try #require(page.headers[.setCookie].first { $0.hasPrefix("\(name)=") })
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Lax"))
                #expect(cookie.contains("Path=/"))
                #expect(!cookie.contains("Expires"), "no 7-day cookie: the server ends sessions")
                #expect(cookie.contains("Secure") == secure)
                #expect(!cookie.contains("Domain"))
            }
        }
    }

    @Test("a session ends after 30 minutes idle and 12 hours in all", arguments: Backend.available)
    func timeouts(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let browser = WebClient(app)
            try await browser.signIn("dslA@test.cme", at: clock.now)
            clock.advance(hours: 0.49)
            #expect(try await browser.get("/referrals").status == .ok)
            clock.advance(hours: 0.49)
            #expect(try await browser.get("/referrals").status == .ok, "each visit restarts the idle time")
            clock.advance(hours: 0.51)
            #expect(try await browser.get("/referrals").location?.hasPrefix("/sign-in") == true, "31 minutes idle")

            // Active all day: the 12-hour limit still applies.
            try await browser.signIn("dslA@test.cme", at: clock.now)
            for _ in 0..<24 {
                clock.advance(hours: 0.49)
                #expect(try await browser.get("/referrals").status == .ok)
            }
            clock.advance(hours: 0.3)
            let late = try await browser.get("/referrals")
            #expect(late.location?.hasPrefix("/sign-in") == true, "signed out after 12 hours even though active")
        }
    }

    @Test("signing out, or changing the password, ends every session of the user", arguments: Backend.available)
    func endEverySession(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let desk = WebClient(app)
            let laptop = WebClient(app)
            try await desk.signIn("dslA@test.cme", at: clock.now)
            try await laptop.signIn("dslA@test.cme", at: clock.now)
            try await desk.get("/referrals")
            let out = try await desk.post("/sign-out")
            #expect(out.location?.hasPrefix("/sign-in") == true)
            #expect(try await laptop.get("/referrals").location?.hasPrefix("/sign-in") == true)

            try await desk.signIn("dslA@test.cme", at: clock.now)
            try await laptop.signIn("dslA@test.cme", at: clock.now)
            try await desk.get("/account/password")
            let short = try await desk.post(
                "/account/password",
                ["current": WebPeople.password, "new": "too short", "confirm": "too short"]
            )
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.contains("Password must be 12 characters or more"))
            let changed = try await desk.post(
                "/account/password",
                [
                    "current": WebPeople.password, "new": "a much longer passphrase",
                    "confirm": "a much longer passphrase",
                ]
            )
            #expect(changed.location?.contains("password-changed") == true)
            #expect(try await laptop.get("/referrals").location?.hasPrefix("/sign-in") == true)
            #expect(try await desk.get("/referrals").location?.hasPrefix("/sign-in") == true)
            let oldPassword = try await desk.signIn("dslA@test.cme", at: clock.now)
            #expect(oldPassword.status == .unprocessableEntity, "the old password no longer works")
            #expect(
                try await desk.signIn("dslA@test.cme", password: "a much longer passphrase", at: clock.now).location
                    == "/referrals"
            )
        }
    }

    @Test("five wrong passwords lock the account for 15 minutes", arguments: Backend.available)
    func lockout(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let attacker = WebClient(app)
            try await attacker.get("/sign-in")
            for _ in 0..<5 {
                let page = try await attacker.post(
                    "/sign-in",
                    ["email": "dslA@test.cme", "password": "guess guess guess"]
                )
                #expect(page.body.contains("Enter a correct email address and password"))
            }
            // Locked: even the right password is refused now, with 429.
            let locked = try await attacker.post(
                "/sign-in",
                ["email": "dslA@test.cme", "password": WebPeople.password]
            )
            #expect(locked.status == .tooManyRequests)
            clock.advance(hours: 0.26)
            let later = try await attacker.post("/sign-in", ["email": "dslA@test.cme", "password": WebPeople.password])
            #expect(later.location == "/referrals")
        }
    }

    @Test("a form without its token, or sent from another site, is refused", arguments: Backend.available)
    func csrf(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, clock in
            _ = try await People.make(app)
            try await WebPeople.enable(app)
            let browser = WebClient(app)
            try await browser.signIn("dslA@test.cme", at: clock.now)
            try await browser.get("/referrals/new")
            #expect(try await browser.post("/referrals/new", csrf: false).status == .forbidden)
            #expect(try await browser.post("/referrals/new", ["_csrf": "forged"]).status == .forbidden)
            let foreign = try await browser.post("/referrals/new", headers: ["Origin": "https://evil.example"])
            #expect(foreign.status == .forbidden)
            let crossSite = try await browser.post("/referrals/new", headers: ["Sec-Fetch-Site": "cross-site"])
            #expect(crossSite.status == .forbidden)
            #expect(try await ReferralDraftModel.query(on: app.db).count() == 0, "nothing refused was saved")
            let same = try await browser.post("/referrals/new")
            #expect(same.status == .seeOther)
            #expect(try await ReferralDraftModel.query(on: app.db).count() == 1)

            // Before sign-in the token is bound to a strict cookie: a sign-in form posted without it is refused.
            let stranger = WebClient(app)
            let blind = try await stranger.post(
                "/sign-in",
                ["email": "dslA@test.cme", "password": WebPeople.password],
                csrf: false
            )
            #expect(blind.status == .forbidden)
        }
    }

    @Test("security headers on pages and the API; no CORS origin echo")
    func headers() async throws {
        try await withTestApp(.sqlite) { app, clock in
            let people = try await People.make(app)
            try await WebPeople.enable(app)
            let browser = WebClient(app)
            try await browser.signIn("officer@test.cme", at: clock.now)
            let page = try await browser.get("/dashboard", headers: ["Origin": "https://evil.example"])
            #expect(page.status == .ok)
            let csp = try #require(page.headers.first(name: "Content-Security-Policy"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(csp.contains("default-src 'none'"))
            #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(page.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(page.headers.first(name: .cacheControl) == "no-store", "pages with children's data are not cached")
            #expect(page.headers.first(name: "Access-Control-Allow-Origin") == nil)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: people.tokens["officer"]!)
            headers.add(name: .origin, value: "https://evil.example")
            let api = try await app.testing().sendRequest(.GET, "/api/v1/cases", headers: headers)
            #expect(api.status == .ok)
            #expect(api.headers.first(name: "Access-Control-Allow-Origin") == nil)
            #expect(api.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(api.headers.first(name: .cacheControl) == "no-store")
            let css = try await browser.get("/assets/site.css")
            #expect(css.status == .ok)
            #expect(css.body.contains(".error-summary"))
        }
    }
}
