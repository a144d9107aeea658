/// The sign-in pages: email and password, the TOTP code, setting up the code, changing the password.
enum SignInView {
    struct Model {
        var email: String = ""
        var next: String?
        var errors = FormErrors()
        var notice: String?
        var csrf: String
    }

    static func signIn(_ model: Model) -> Page {
        Page(
            "Sign in",
            hasErrors: !model.errors.isEmpty,
            [
                UI.errorSummary(model.errors),
                model.notice.map { UI.notification($0) } ?? .empty,
                H.tag("h1", [("class", "heading-l")], text: "Sign in"),
                UI.form(
                    action: SiteURL.signIn.href,
                    csrf: model.csrf,
                    [
                        model.next.map { UI.hidden("next", $0) } ?? .empty,
                        UI.input(
                            "email",
                            label: "Email address",
                            value: model.email,
                            error: model.errors.message(for: "email"),
                            type: "email",
                            autocomplete: "username"
                        ),
                        UI.input(
                            "password",
                            label: "Password",
                            error: model.errors.message(for: "password"),
                            type: "password",
                            autocomplete: "current-password"
                        ),
                        UI.button("Sign in"),
                    ]
                ),
                H.p(
                    "To report a child you think is missing education, you do not need to sign in: use the public form."
                ),
                H.link("Report a child missing education", SiteURL.report.href),
            ]
        )
    }

    static func code(csrf: String, next: String?, errors: FormErrors) -> Page {
        Page(
            "Enter your security code",
            hasErrors: !errors.isEmpty,
            [
                UI.errorSummary(errors),
                UI.form(
                    action: SiteURL.signInCode.href,
                    csrf: csrf,
                    [
                        next.map { UI.hidden("next", $0) } ?? .empty,
                        UI.input(
                            "code",
                            label: "Enter your security code",
                            hint: "The 6-digit code from your authenticator app",
                            error: errors.message(for: "code"),
                            autocomplete: "one-time-code",
                            width: "5",
                            labelIsHeading: true
                        ),
                        UI.button("Continue"),
                    ]
                ),
            ]
        )
    }

    static func setUp(csrf: String, next: String?, secret: String, uri: String, errors: FormErrors) -> Page {
        Page(
            "Set up your security code",
            hasErrors: !errors.isEmpty,
            [
                UI.errorSummary(errors),
                H.tag("h1", [("class", "heading-l")], text: "Set up your security code"),
                H.p(
                    "Staff who can see children's records sign in with a password and a code from an authenticator app."
                ),
                H.p("Add this key to your authenticator app (it is a time-based key):"),
                H.tag("p", [("class", "secret")], [H.tag("code", [("id", "totp-secret")], text: secret)]),
                H.tag(
                    "details",
                    [("class", "details")],
                    [
                        H.tag("summary", [], text: "The address for apps that take one"),
                        H.tag("p", [], [H.tag("code", [], text: uri)]),
                    ]
                ),
                UI.form(
                    action: SiteURL.signInSetUp.href,
                    csrf: csrf,
                    [
                        next.map { UI.hidden("next", $0) } ?? .empty,
                        UI.input(
                            "code",
                            label: "Enter the code your app shows",
                            error: errors.message(for: "code"),
                            autocomplete: "one-time-code",
                            width: "5"
                        ),
                        UI.button("Continue"),
                    ]
                ),
            ]
        )
    }

    static func password(csrf: String, errors: FormErrors) -> Page {
        Page(
            "Change your password",
            hasErrors: !errors.isEmpty,
            [
                UI.errorSummary(errors),
                H.tag("h1", [("class", "heading-l")], text: "Change your password"),
                H.p("Changing your password signs you out everywhere, including here."),
                UI.form(
                    action: SiteURL.password.href,
                    csrf: csrf,
                    [
                        UI.input(
                            "current",
                            label: "Current password",
                            error: errors.message(for: "current"),
                            type: "password",
                            autocomplete: "current-password"
                        ),
                        UI.input(
                            "new",
                            label: "New password",
                            hint: "At least \(Password.minimumLength) characters",
                            error: errors.message(for: "new"),
                            type: "password",
                            autocomplete: "new-password"
                        ),
                        UI.input(
                            "confirm",
                            label: "Confirm new password",
                            error: errors.message(for: "confirm"),
                            type: "password",
                            autocomplete: "new-password"
                        ),
                        UI.button("Change password"),
                    ]
                ),
            ]
        )
    }

    static func locked(until: String) -> Page {
        var page = Page(
            "Too many attempts",
            [
                H.tag("h1", [("class", "heading-l")], text: "Too many attempts"),
                H.p("To protect children's records, this account is locked until \(until)."),
                H.p("Ask your administrator if you have forgotten your password."),
            ]
        )
        page.status = .tooManyRequests
        return page
    }
}
