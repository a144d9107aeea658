import CMECore
import CMEStorage
import Fluent
import Vapor

/// Schools' notices of roll changes and home education (Suffolk 9.4-9.6, Derbyshire 5.3, 5.4).
extension ReferralsController {
    // MARK: notices

    func noticesPage(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        return NoticeView.choose().render(for: request)
    }

    static func noticeKind(_ request: Request) throws -> (String, NoticeKind) {
        guard let slug = request.parameters.get("kind"), let found = NoticeView.kinds.first(where: { $0.0 == slug })
        else {
            throw Abort(.notFound, reason: "There is no such notice.")
        }
        return (found.0, found.1)
    }

    func noticePage(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let (slug, kind) = try Self.noticeKind(request)
        return NoticeView.form(slug: slug, kind: kind, answers: [:], errors: FormErrors(), csrf: user.csrf).render(
            for: request
        )
    }

    func sendNotice(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let (slug, kind) = try Self.noticeKind(request)
        let service = request.application.cme.service
        let form = try request.content.decode([String: String].self)
        var answers: [String: String] = [:]
        for key in [
            "child-forename", "child-surname", "child-upn", "additionalInformation", "address-line1",
            "address-postcode",
        ] {
            answers[key] = form[key].map { String($0.prefix(1000)) }
        }
        for key in ["child-dateOfBirth", "dateLastAttended"] {
            answers[key] =
                ReferralForm.date(day: form["\(key)-day"], month: form["\(key)-month"], year: form["\(key)-year"]) ?? ""
        }
        if let org = user.actor.organisationID, let school = try await OrganisationModel.find(org, on: request.db),
            school.kind == .school
        {
            answers["child-schoolName"] = school.name
            answers["child-schoolUrn"] = school.urn
        }
        answers["referrerName"] = user.user.displayName
        answers["referrerPosition"] = user.role.label
        answers["referrerContact"] = user.user.email
        var errors = FormErrors()
        if (answers["dateLastAttended"] ?? "").isEmpty { errors.add("dateLastAttended", "Enter the date") }
        switch ReferralForm.validate(kind: kind, answers: answers, policy: service.policy) {
        case .failure(let problems):
            errors.items = problems.items + errors.items
        case .success(let referral) where errors.isEmpty:
            let result = try await service.intake(referral, by: user.actor, on: request.db, at: self.now())
            return ReferralStepView.confirmation(reference: result.reference, kind: kind).render(for: request)
        case .success:
            break
        }
        var page = NoticeView.form(slug: slug, kind: kind, answers: answers, errors: errors, csrf: user.csrf)
        page.status = .unprocessableEntity
        return page.render(for: request)
    }
}
