import CMECore
import CMEStorage
import Fluent
import Vapor

/// Changing one's own password: every session of the user ends.
extension SignInController {
    func passwordPage(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        return SignInView.password(csrf: user.csrf, errors: FormErrors()).render(for: request)
    }

    func changePassword(_ request: Request) async throws -> Response {
        let signedIn = try request.requireWebUser()
        let form = try request.content.decode(PasswordForm.self)
        var errors = FormErrors()
        let user = signedIn.user
        if !Password.verify(form.current ?? "", hash: user.passwordHash ?? "") {
            errors.add("current", "Your current password is not correct")
        }
        if let problem = Password.problem(form.new ?? "", email: user.email) {
            errors.add("new", problem)
        } else if form.new != form.confirm {
            errors.add("confirm", "The passwords do not match")
        }
        guard errors.isEmpty, let new = form.new else {
            var page = SignInView.password(csrf: signedIn.csrf, errors: errors)
            page.status = .unprocessableEntity
            return page.render(for: request)
        }
        user.passwordHash = try Password.hash(new, cost: self.settings.bcryptCost)
        user.passwordChangedAt = self.now()
        try await user.update(on: request.db)
        // A changed password ends every session of the user, this one included.
        try await WebSession.endAll(userID: try user.requireID(), on: request.db)
        let response = request.redirect(to: SiteURL.signIn.path(query: ["notice": "password-changed"]))
        response.cookies[WebSession.cookieName(secure: self.settings.secureCookies)] = WebSession.expired(
            secure: self.settings.secureCookies
        )
        return response
    }
}
