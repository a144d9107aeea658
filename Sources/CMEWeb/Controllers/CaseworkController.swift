import CMECore
import CMEMatching
import CMEStorage
import Fluent
import Vapor

/// The LA's casework pages: dashboard, case list, case page and its actions, children search, the team
/// manager's queues and the EWO's own cases.
struct CaseworkController {
    let now: @Sendable () -> Date

    // MARK: dashboard

    func dashboard(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let queries = WorkQueries(db: request.db)
        let mine = try await queries.assigned(to: try user.user.requireID())
        let triage = try await queries.openSummaries(in: [.opened], limit: 20)
        let overdue = try await queries.pendingClocks(overdueOnly: true, limit: 50)
        // Every officer's dashboard shows the same counts over every open case: computed once while the cases are
        // unchanged, as the reports are (two counts of 20,000 cases took PostgreSQL 20 ms a dashboard).
        let counts = try await request.application.cme.reports.value(
            "open cases by category and reason",
            on: request.db
        ) {
            try await queries.openCounts()
        }
        let cases = mine + triage
        let model = DashboardView.Model(
            userName: user.user.displayName,
            myCases: mine,
            awaitingTriage: triage,
            overdue: overdue,
            byCategory: counts.byCategory,
            byReason: counts.byReason,
            owners: try await queries.userNames(Set(cases.compactMap(\.assigneeID))),
            openTotal: counts.total,
            awaitingTriageTotal: counts.awaitingTriage,
            overdueTotal: counts.overdueClocks,
            myCasesTotal: mine.count < 100
                ? mine.count : try await queries.assignedCount(to: try user.user.requireID()),
            policy: service.policy,
            today: service.time.day(self.now()),
            time: service.time,
            duties: try await service.duties(for: user.actor, on: request.db, at: self.now()),
            role: user.actor.role,
            csrf: user.csrf
        )
        return DashboardView.page(model).render(for: request)
    }

    // MARK: case list

    struct ListQuery: Content {
        var state: String?
        var category: String?
        var reason: String?
        var source: String?
        var owner: String?
        var school: String?
        var overdue: String?
        var open: String?
        var name: String?
        var page: Int?
    }

    func list(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let query = (try? request.query.decode(ListQuery.self)) ?? ListQuery()
        func value(_ text: String?) -> String? { text.submitted }
        var filter = CaseFilter()
        filter.state = value(query.state)
        filter.category = value(query.category)
        filter.reason = value(query.reason)
        filter.source = value(query.source)
        filter.schoolURN = value(query.school)
        filter.ownerID = value(query.owner).flatMap(UUID.init(uuidString:))
        filter.overdue = query.overdue == "true" ? true : nil
        filter.open = query.open == "true" ? true : nil
        filter.name = value(query.name).map { String($0.prefix(200)) }
        filter.page = max(1, min(query.page ?? 1, 10_000))
        filter.per = 50
        let result = try await service.list(filter, for: user.actor, on: request.db, at: self.now())
        let queries = WorkQueries(db: request.db)
        let ewos = try await UserModel.query(on: request.db).filter(\.$role == Role.ewo.rawValue).sort(\.$displayName)
            .all()
        return CaseListView.page(
            .init(
                query: query,
                filter: filter,
                cases: try result.items.map { try CaseSummary($0, childName: result.names[$0.$child.id] ?? "Unknown") },
                owners: try await queries.userNames(Set(result.items.compactMap(\.$assignee.id))),
                total: result.total,
                policy: service.policy,
                ewos: ewos.compactMap { user in user.id.map { ($0, user.displayName) } },
                time: service.time
            )
        ).render(for: request)
    }

    // MARK: case page

    func show(_ request: Request) async throws -> Response {
        let caseID = try Self.caseID(request)
        let reason = request.query[String.self, at: "accessReason"]
        var model: CasePageModel
        do {
            model = try await self.pageModel(caseID, request: request, accessReason: reason)
        } catch ServiceError.invalid(let problems) where problems.contains(where: { $0.field == "accessReason" }) {
            // A restricted record (UK GDPR Art. 18): ask why, then show it.
            let error = reason == nil ? nil : "Say why you need to read this record"
            return CasePageView.reasonRequired(caseID: caseID, error: error).render(for: request)
        }
        if let done = request.query[String.self, at: "done"], let kind = CaseEventKind(rawValue: done) {
            model.message = "Saved: \(kind.label.lowercased())."
        }
        return CasePageView.page(model).render(for: request)
    }

    struct EventForm: Content {
        var kind: String?
        var version: Int?
        var reason: String?
        var source: String?
        var outcome: String?
        var destination: String?
        var assigneeId: String?
        var target: String?
        var reference: String?
        var action: String?
        var note: String?
        var accessReason: String?
        var occurredAt: String?
    }

    func record(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let caseID = try Self.caseID(request)
        let service = request.application.cme.service
        // Someone who may not see the case learns nothing from the form's validation.
        try await service.requireVisible(caseID: caseID, for: user.actor, on: request.db)
        let form = try request.content.decode(EventForm.self)
        guard let rawKind = form.kind, let kind = CaseEventKind(rawValue: rawKind), kind.isCaseAction else {
            throw Abort(.unprocessableEntity, reason: "kind: choose an action on the case page")
        }
        guard let version = form.version else { throw Abort(.unprocessableEntity, reason: "version: missing") }
        func text(_ value: String?) -> String? { value.submitted }
        var problems: [FieldProblem] = []
        var assignee: UUID?
        if let raw = text(form.assigneeId) {
            assignee = UUID(uuidString: raw)
            if assignee == nil { problems.append(FieldProblem("assigneeId", "choose an education welfare officer")) }
        }
        if kind == .ewoAssigned && text(form.assigneeId) == nil {
            problems.append(FieldProblem("assigneeId", "choose an education welfare officer"))
        }
        if kind == .reasonAndSourceRecorded {
            if text(form.reason) == nil { problems.append(FieldProblem("reason", "choose the reason")) }
            if text(form.source) == nil { problems.append(FieldProblem("source", "choose the source")) }
        }
        // "When it happened", as the officer typed it: a local date and time.
        var occurredAt: Date?
        if let typed = text(form.occurredAt) {
            if let local = try? LocalDateTime(iso: typed) {
                occurredAt = service.time.date(local)
            } else {
                problems.append(
                    FieldProblem(
                        "occurredAt",
                        "enter when it happened as YYYY-MM-DD HH:MM, for example 2025-11-05 14:30"
                    )
                )
            }
        }
        let command = EventCommand(
            kind: kind,
            expectedVersion: version,
            reason: text(form.reason),
            source: text(form.source),
            outcome: text(form.outcome),
            destination: text(form.destination),
            assigneeID: assignee,
            target: text(form.target),
            reference: text(form.reference),
            action: text(form.action),
            note: text(form.note),
            accessReason: text(form.accessReason),
            occurredAt: occurredAt
        )
        do {
            if !problems.isEmpty { throw ServiceError.invalid(problems) }
            try await service.record(command, caseID: caseID, by: user.actor, on: request.db, at: self.now())
        } catch ServiceError.invalid(let problems) {
            var model = try await self.pageModel(caseID, request: request, accessReason: form.accessReason)
            model.errorKind = kind.rawValue
            model.errors = FormErrors(
                problems.map {
                    (
                        "\(kind.rawValue)-\($0.field == "kind" ? "note" : $0.field)",
                        FormErrors.sentence($0.message)
                    )
                }
            )
            return CasePageView.page(model).render(for: request)
        } catch ServiceError.conflict(let current, let unseen) {
            var model = try await self.pageModel(caseID, request: request, accessReason: form.accessReason)
            model.conflict =
                "Someone else changed this case while you were working on it (\(unseen.count) new entr\(unseen.count == 1 ? "y" : "ies") in the timeline, now version \(current)). Your change was not saved: check the timeline and try again."
            return CasePageView.page(model).render(for: request)
        }
        var query = ["done": kind.rawValue]
        query["accessReason"] = form.accessReason
        return request.redirect(to: SiteURL.caseDetail(caseID).path(query: query) + "#main")
    }

    func pageModel(_ caseID: UUID, request: Request, accessReason: String? = nil) async throws -> CasePageModel {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let now = self.now()
        let data = try await service.detail(
            caseID: caseID,
            for: user.actor,
            on: request.db,
            at: now,
            accessReason: accessReason
        )
        let childID = data.model.$child.id
        async let contacts = ChildContactModel.query(on: request.db).filter(\.$child.$id == childID).all()
        async let schools = ChildSchoolModel.query(on: request.db).filter(\.$child.$id == childID).all()
        async let ewos = UserModel.query(on: request.db).filter(\.$role == Role.ewo.rawValue).filter(\.$active == true)
            .sort(\.$displayName).all()
        var ids = Set(data.timeline.compactMap(\.$actor.id))
        ids.formUnion(data.timeline.compactMap(\.$assignee.id))
        if let assignee = data.model.$assignee.id { ids.insert(assignee) }
        let names = try await WorkQueries(db: request.db).userNames(ids)
        return CasePageModel(
            data: data,
            contacts: try await contacts,
            schools: try await schools,
            userNames: names,
            ewos: try await ewos.compactMap { ewo in
                ewo.id.map { ($0, "\(ewo.displayName)\(ewo.team.map { " (\($0) team)" } ?? "")") }
            },
            policy: service.policy,
            today: service.time.day(now),
            time: service.time,
            csrf: user.csrf,
            role: user.role,
            accessReason: accessReason
        )
    }

    static func caseID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("id", as: UUID.self) else {
            throw Abort(.notFound, reason: "There is no such case.")
        }
        return id
    }
}
