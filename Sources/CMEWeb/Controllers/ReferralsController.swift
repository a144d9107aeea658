import CMECore
import CMEStorage
import Fluent
import Vapor

/// Schools, AP providers, partner agencies and other LAs: the multi-step referral with saved drafts, notices,
/// updates to a referral, and the status of their own referrals (and nothing else).
struct ReferralsController {
    let now: @Sendable () -> Date

    // MARK: list and status

    func list(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        guard let org = user.actor.organisationID else {
            throw Abort(.forbidden, reason: "You do not belong to an organisation.")
        }
        let referrals = try await service.ownReferrals(
            for: user.actor,
            page: request.query[Int.self, at: "page"] ?? 1,
            on: request.db,
            at: self.now()
        )
        let drafts = try await ReferralDraftModel.query(on: request.db).filter(\.$user.$id == user.user.requireID())
            .sort(\.$updatedAt, .descending).all()
        let organisation = try await OrganisationModel.find(org, on: request.db)?.name ?? ""
        let duties = DutiesView.section(
            try await service.duties(for: user.actor, on: request.db, at: self.now()),
            policy: service.policy,
            role: user.actor.role,
            csrf: user.csrf,
            back: SiteURL.referrals.href,
            today: service.time.day(self.now()),
            time: service.time
        )
        return ReferralsView.list(
            rows: referrals,
            drafts: drafts,
            organisation: organisation,
            time: service.time,
            duties: duties
        )
        .render(for: request)
    }

    /// One of the organisation's own referrals; any other id is 404, the same as one that does not exist.
    func ownReferral(_ request: Request) async throws -> ReferralModel {
        let user = try request.requireWebUser()
        guard let id = request.parameters.get("id", as: UUID.self),
            let referral = try await ReferralModel.find(id, on: request.db),
            user.actor.caseAccess.mayReadReferral(from: referral.$organisation.id)
        else { throw Abort(.notFound, reason: "There is no such referral.") }
        return referral
    }

    /// What the referrer sent and its progress, never the case (issue 16).
    func show(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        guard let id = request.parameters.get("id", as: UUID.self) else {
            throw Abort(.notFound, reason: "There is no such referral.")
        }
        let status: ReferralStatusData
        do {
            status = try await service.referralStatus(id.uuidString, for: user.actor, on: request.db, at: self.now())
        } catch ServiceError.notFound {
            throw Abort(.notFound, reason: "There is no such referral.")
        }
        return ReferralsView.show(status, csrf: user.csrf, time: service.time).render(for: request)
    }

    /// Starts an update: a draft holding the referral's answers, opened at its last step (Suffolk 9.5: an update
    /// attaches to the child's open case, never a second case).
    func update(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let referral = try await self.ownReferral(request)
        var answers = Self.answers(from: (try? JSONDecoder().decode(Referral.self, from: referral.form)))
        answers["additionalInformation"] = "Update to referral \(referral.reference): "
        let draft = try ReferralDraftModel(
            userID: try user.user.requireID(),
            kind: NoticeKind.cmeReferral.rawValue,
            answers: answers
        )
        try await self.write(draft, .create, request: request, actor: user.actor)
        return request.redirect(to: SiteURL.draft(draft.id, step: ReferralForm.Step.assessment.rawValue).href)
    }

    /// A stored referral's answers, to prefill an update.
    static func answers(from referral: Referral?) -> [String: String] {
        guard let referral else { return [:] }
        let child = referral.child
        var answers: [String: String] = [
            "child-forename": child.forename, "child-surname": child.surname,
            "child-dateOfBirth": child.dateOfBirth.description, "child-gender": child.gender.rawValue,
            "child-sen": child.sen.rawValue,
        ]
        answers["child-middleNames"] = child.middleNames
        answers["child-upn"] = child.upn?.description
        answers["child-ethnicity"] = child.ethnicity
        answers["child-schoolName"] = child.schools.first?.name
        answers["child-schoolUrn"] = child.schools.first?.urn
        answers["referrerName"] = referral.referrer.name
        answers["referrerPosition"] = referral.referrer.position
        answers["referrerContact"] = referral.referrer.contactDetails
        return answers
    }

    // MARK: the multi-step referral

    func startPage(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        return Page(
            "Make a CME referral",
            back: ("Back to referrals", SiteURL.referrals.href),
            [
                H.tag("h1", [("class", "heading-l")], text: "Make a children missing education referral"),
                H.p(
                    "Use this form when a child of compulsory school age is missing education or you cannot find them."
                ),
                H.p(
                    "It takes about 15 minutes. Your answers are saved at every step, so you can come back to a draft."
                ),
                H.tag("h2", [("class", "heading-m")], text: "Before you start"),
                H.p(
                    "Have ready the child's details, their last known address and carers, when they last attended, and what you have already done to find them (Leicestershire Appendix A)."
                ),
                H.p(
                    "If you think the child is at immediate risk of harm, call the police on 999 and children's social care now; do not wait to finish this form."
                ),
                UI.form(action: SiteURL.referralStart.href, csrf: user.csrf, [UI.button("Start now")]),
            ]
        ).render(for: request)
    }

    func start(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        var answers: [String: String] = [
            "referrerName": user.user.displayName, "referrerPosition": user.role.label,
            "referrerContact": user.user.email,
        ]
        if let org = user.actor.organisationID,
            let organisation = try await OrganisationModel.find(org, on: request.db),
            organisation.kind == .school
        {
            answers["child-schoolName"] = organisation.name
            answers["child-schoolUrn"] = organisation.urn
        }
        let draft = try ReferralDraftModel(
            userID: try user.user.requireID(),
            kind: NoticeKind.cmeReferral.rawValue,
            answers: answers
        )
        try await self.write(draft, .create, request: request, actor: user.actor)
        return request.redirect(to: SiteURL.draft(draft.id, step: 1).href)
    }

    /// Writes a draft (a referral being typed: child details, unsent) with its audit row, in one transaction.
    func write(
        _ draft: ReferralDraftModel,
        _ action: AuditRecord.Action,
        request: Request,
        actor: Actor
    ) async throws {
        let now = self.now()
        try await request.application.cme.service.audited(on: request.db) { tx in
            switch action {
            case .create: try await draft.create(on: tx)
            case .delete: try await draft.delete(on: tx)
            default: try await draft.save(on: tx)
            }
            let record = AuditRecord(
                at: now,
                actor: actor,
                action: action,
                entityType: "referral_draft",
                entityID: try draft.requireID().uuidString,
                childID: nil
            )
            return ((), [record])
        }
    }

    /// The user's own draft; anyone else's is 404.
    func ownDraft(_ request: Request) async throws -> ReferralDraftModel {
        let user = try request.requireWebUser()
        guard let id = request.parameters.get("id", as: UUID.self),
            let draft = try await ReferralDraftModel.find(id, on: request.db), draft.$user.id == user.user.id
        else { throw Abort(.notFound, reason: "There is no such draft.") }
        return draft
    }

    static func step(_ request: Request) throws -> ReferralForm.Step {
        guard let raw = request.parameters.get("step", as: Int.self), let step = ReferralForm.Step(rawValue: raw) else {
            throw Abort(.notFound, reason: "There is no such step.")
        }
        return step
    }

    func stepPage(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let draft = try await self.ownDraft(request)
        let step = try Self.step(request)
        var errors = FormErrors()
        if request.query[String.self, at: "check"] == "1",
            case .failure(let all) = ReferralForm.validate(
                kind: .cmeReferral,
                answers: draft.answerValues,
                policy: request.application.cme.service.policy
            )
        {
            errors = FormErrors(all.items.filter { ReferralForm.step(of: $0.field) == step })
        }
        return ReferralStepView.page(
            .init(
                draftID: try draft.requireID(),
                step: step,
                answers: draft.answerValues,
                errors: errors,
                csrf: user.csrf,
                policy: request.application.cme.service.policy
            )
        ).render(for: request)
    }

    func saveStep(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let draft = try await self.ownDraft(request)
        let step = try Self.step(request)
        let policy = request.application.cme.service.policy
        let form = try request.content.decode([String: String].self)
        var answers = draft.answerValues
        for key in step.fields {
            if step.dateFields.contains(key) {
                answers[key] =
                    ReferralForm.date(day: form["\(key)-day"], month: form["\(key)-month"], year: form["\(key)-year"])
                    ?? ""
            } else if step.checkboxes.contains(key) {
                answers[key] = form[key] == "yes" ? "yes" : "no"
            } else if let value = form[key] {
                answers[key] = String(value.prefix(10_000))
            }
        }
        draft.answerValues = answers
        try await self.write(draft, .update, request: request, actor: user.actor)
        let id = try draft.requireID()
        if form["later"] == "yes" {
            return request.redirect(to: SiteURL.referrals.href)
        }
        if case .failure(let all) = ReferralForm.validate(kind: .cmeReferral, answers: answers, policy: policy) {
            let mine = FormErrors(all.items.filter { ReferralForm.step(of: $0.field) == step })
            if !mine.isEmpty {
                var page = ReferralStepView.page(
                    .init(draftID: id, step: step, answers: answers, errors: mine, csrf: user.csrf, policy: policy)
                )
                page.status = .unprocessableEntity
                return page.render(for: request)
            }
        }
        if let next = ReferralForm.Step(rawValue: step.rawValue + 1) {
            return request.redirect(to: SiteURL.draft(id, step: next.rawValue).href)
        }
        return request.redirect(to: SiteURL.draftCheck(id).href)
    }

    func checkPage(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let draft = try await self.ownDraft(request)
        return ReferralStepView.check(
            draftID: try draft.requireID(),
            answers: draft.answerValues,
            errors: FormErrors(),
            csrf: user.csrf,
            policy: request.application.cme.service.policy
        ).render(for: request)
    }

    func submit(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let draft = try await self.ownDraft(request)
        let service = request.application.cme.service
        switch ReferralForm.validate(kind: .cmeReferral, answers: draft.answerValues, policy: service.policy) {
        case .failure(let errors):
            // Send the user to the first step with a problem, showing them all of that step's problems.
            let first =
                errors.items.compactMap { ReferralForm.step(of: $0.field) }.min { $0.rawValue < $1.rawValue } ?? .child
            return request.redirect(to: SiteURL.draft(draft.id, step: first.rawValue).path(query: ["check": "1"]))
        case .success(let referral):
            let result = try await service.intake(referral, by: user.actor, on: request.db, at: self.now())
            try await self.write(draft, .delete, request: request, actor: user.actor)
            return ReferralStepView.confirmation(reference: result.reference, kind: .cmeReferral).render(for: request)
        }
    }
}
