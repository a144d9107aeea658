import CMECore
import CMEStorage
import Fluent
import Vapor

/// Administrator (users, organisations, policy) and auditor (audit trail) pages.
struct AdminController {
    let settings: Settings
    let now: @Sendable () -> Date

    // MARK: users

    func users(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        return try await self.usersPage(
            request,
            csrf: user.csrf,
            answers: [:],
            errors: FormErrors(),
            message: request.query[String.self, at: "message"]
        )
    }

    func usersPage(
        _ request: Request,
        csrf: String,
        answers: [String: String],
        errors: FormErrors,
        message: String?
    ) async throws -> Response {
        let users = try await UserModel.query(on: request.db).sort(\.$role).sort(\.$email).all()
        let orgs = try await OrganisationModel.query(on: request.db).sort(\.$name).all()
        var page = AdminView.users(
            users,
            organisations: orgs,
            answers: answers,
            errors: errors,
            csrf: csrf,
            message: message
        )
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return page.render(for: request)
    }

    func createUser(_ request: Request) async throws -> Response {
        let admin = try request.requireWebUser()
        let form = try request.content.decode([String: String].self)
        func value(_ key: String) -> String? { form[key].submitted }
        var errors = FormErrors()
        let email = value("email")?.lowercased() ?? ""
        if !email.contains("@") || email.contains(" ") || email.count > 254 {
            errors.add("email", "Enter an email address like name@example.org")
        }
        let name = value("name") ?? ""
        if name.isEmpty { errors.add("name", "Enter the person's name") }
        let role = value("role").flatMap(Role.init(rawValue:))
        if role == nil || role == .publicReporter { errors.add("role", "Choose a role") }
        let organisationID = value("organisation").flatMap(UUID.init(uuidString:))
        if let role,
            Role.organisationReferrers.contains(role),
            organisationID == nil
        {
            errors.add("organisation", "Choose the organisation this person works for")
        }
        if let organisationID, try await OrganisationModel.find(organisationID, on: request.db) == nil {
            errors.add("organisation", "Choose an organisation from the list")
        }
        if let problem = Password.problem(form["password"] ?? "", email: email) { errors.add("password", problem) }
        if errors.isEmpty, try await UserModel.query(on: request.db).filter(\.$email == email).count() > 0 {
            errors.add("email", "A user with this email address already exists")
        }
        guard errors.isEmpty, let role else {
            var answers = form
            answers["password"] = nil
            return try await self.usersPage(request, csrf: admin.csrf, answers: answers, errors: errors, message: nil)
        }
        let user = UserModel(
            email: email,
            displayName: name,
            role: role,
            team: value("team"),
            organisationID: organisationID
        )
        user.passwordHash = try Password.hash(form["password"] ?? "", cost: self.settings.bcryptCost)
        let actor = admin.actor
        let now = self.now()
        try await request.application.cme.service.audited(on: request.db) { tx in
            try await user.create(on: tx)
            return ((), [Self.record(actor, .create, user: user, "created as \(role.label.lowercased())", at: now)])
        }
        request.logger.notice("user created by an administrator", metadata: ["role": "\(role.rawValue)"])
        return request.redirect(
            to: SiteURL.adminUsers.path(query: ["message": "\(name) can now sign in as \(role.label.lowercased())."])
        )
    }

    func setActive(_ request: Request) async throws -> Response {
        let admin = try request.requireWebUser()
        guard let id = request.parameters.get("id", as: UUID.self),
            let user = try await UserModel.find(id, on: request.db)
        else {
            throw Abort(.notFound, reason: "There is no such user.")
        }
        let active = (try? request.content.get(String.self, at: "active")) == "yes"
        if !active && id == admin.user.id {
            throw Abort(.unprocessableEntity, reason: "active: you cannot deactivate yourself")
        }
        user.active = active
        let actor = admin.actor
        let now = self.now()
        try await request.application.cme.service.audited(on: request.db) { tx in
            try await user.update(on: tx)
            // A deactivated user is signed out everywhere at once.
            if !active { try await WebSession.endAll(userID: id, on: tx) }
            return ((), [Self.record(actor, .update, user: user, active ? "reactivated" : "deactivated", at: now)])
        }
        return request.redirect(
            to: SiteURL.adminUsers.path(query: [
                "message": "\(user.displayName) is \(active ? "active again" : "deactivated")."
            ])
        )
    }

    func resetTarget(_ request: Request) async throws -> UserModel {
        guard let id = request.parameters.get("id", as: UUID.self),
            let user = try await UserModel.find(id, on: request.db)
        else {
            throw Abort(.notFound, reason: "There is no such user.")
        }
        return user
    }

    func resetPage(_ request: Request) async throws -> Response {
        let admin = try request.requireWebUser()
        return AdminView.reset(try await self.resetTarget(request), errors: FormErrors(), csrf: admin.csrf).render(
            for: request
        )
    }

    func reset(_ request: Request) async throws -> Response {
        let admin = try request.requireWebUser()
        let user = try await self.resetTarget(request)
        let password = (try? request.content.get(String.self, at: "password")) ?? ""
        if let problem = Password.problem(password, email: user.email) {
            var page = AdminView.reset(user, errors: FormErrors([("password", problem)]), csrf: admin.csrf)
            page.status = .unprocessableEntity
            return page.render(for: request)
        }
        user.passwordHash = try Password.hash(password, cost: self.settings.bcryptCost)
        user.passwordChangedAt = self.now()
        user.failedSignIns = 0
        user.lockedUntil = nil
        let clearCode = (try? request.content.get(String.self, at: "clearCode")) == "yes"
        if clearCode {
            user.totpSecret = nil
            user.totpLastStep = nil
        }
        let actor = admin.actor
        let now = self.now()
        let detail = clearCode ? "password reset and security code cleared" : "password reset"
        try await request.application.cme.service.audited(on: request.db) { tx in
            try await user.update(on: tx)
            try await WebSession.endAll(userID: try user.requireID(), on: tx)
            return ((), [Self.record(actor, .update, user: user, detail, at: now)])
        }
        request.logger.notice("sign-in reset by an administrator", metadata: ["code_cleared": "\(clearCode)"])
        return request.redirect(
            to: SiteURL.adminUsers.path(query: [
                "message":
                    "\(user.displayName) has a new password\(clearCode ? " and sets up a new security code at their next sign-in" : "")."
            ])
        )
    }

    /// The audit row of a change to a user.
    static func record(
        _ actor: Actor,
        _ action: AuditRecord.Action,
        user: UserModel,
        _ detail: String,
        at now: Date
    ) -> AuditRecord {
        AuditRecord(
            at: now,
            actor: actor,
            action: action,
            entityType: "user",
            entityID: user.id?.uuidString ?? "",
            childID: nil,
            detail: detail
        )
    }

    // MARK: organisations

    func organisations(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let orgs = try await OrganisationModel.query(on: request.db).sort(\.$kind).sort(\.$name).all()
        return AdminView.organisations(
            orgs,
            answers: [:],
            errors: FormErrors(),
            csrf: user.csrf,
            message: request.query[String.self, at: "message"]
        )
        .render(for: request)
    }

    func createOrganisation(_ request: Request) async throws -> Response {
        let admin = try request.requireWebUser()
        let form = try request.content.decode([String: String].self)
        func value(_ key: String) -> String? { form[key].submitted }
        var errors = FormErrors()
        let name = value("name") ?? ""
        if name.isEmpty || name.count > 200 { errors.add("name", "Enter the organisation's name") }
        let kind = value("kind").flatMap(OrganisationModel.Kind.init(rawValue:))
        if kind == nil { errors.add("kind", "Choose the kind of organisation") }
        let urn = value("urn")
        if kind == .school && (urn == nil || !(urn ?? "").allSatisfy(\.isNumber) || (urn ?? "").count != 6) {
            errors.add("urn", "Enter the school's URN: 6 digits")
        }
        if errors.isEmpty, let urn, try await OrganisationModel.query(on: request.db).filter(\.$urn == urn).count() > 0
        {
            errors.add("urn", "An organisation with this URN already exists")
        }
        guard errors.isEmpty, let kind else {
            let orgs = try await OrganisationModel.query(on: request.db).sort(\.$kind).sort(\.$name).all()
            var page = AdminView.organisations(orgs, answers: form, errors: errors, csrf: admin.csrf, message: nil)
            page.status = .unprocessableEntity
            return page.render(for: request)
        }
        let organisation = OrganisationModel(
            name: name,
            kind: kind,
            urn: kind == .school ? urn : nil,
            schoolType: value("schoolType"),
            policyID: request.application.cme.service.policy.id
        )
        let actor = admin.actor
        let now = self.now()
        try await request.application.cme.service.audited(on: request.db) { tx in
            try await organisation.create(on: tx)
            let record = AuditRecord(
                at: now,
                actor: actor,
                action: .create,
                entityType: "organisation",
                entityID: try organisation.requireID().uuidString,
                childID: nil,
                detail: "created as \(kind.rawValue.replacingOccurrences(of: "_", with: " "))"
            )
            return ((), [record])
        }
        return request.redirect(to: SiteURL.adminOrganisations.path(query: ["message": "\(name) added."]))
    }

    // MARK: policy

    func policy(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        let service = request.application.cme.service
        return AdminView.policy(service.policy, today: service.time.day(self.now())).render(for: request)
    }
}
