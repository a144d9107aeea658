import CMEMatching
import CMEStorage
import Vapor

/// The lost-pupil review queue: run a search from uploaded CSVs, then confirm or reject each pair.
struct TracingController {
    let now: @Sendable () -> Date

    func page(_ request: Request) async throws -> Response {
        try await self.render(request, message: request.query[String.self, at: "message"], errors: FormErrors())
    }

    func render(_ request: Request, message: String?, errors: FormErrors) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        var page = TracingView.page(
            pending: try await service.pendingCandidates(on: request.db),
            decided: try await service.decidedCandidates(on: request.db),
            csrf: user.csrf,
            message: message,
            errors: errors,
            time: service.time
        )
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return page.render(for: request)
    }

    struct SearchForm: Content {
        var lost: File?
        var roll: File?
    }

    func search(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let form = try request.content.decode(SearchForm.self)
        var errors = FormErrors()
        let lost = UploadedCSV.read(
            form.lost,
            field: "lost",
            missing: "Choose the CSV file of lost pupils",
            errors: &errors
        )
        let roll = UploadedCSV.read(form.roll, field: "roll", missing: nil, errors: &errors)
        guard errors.isEmpty, let lost else { return try await self.render(request, message: nil, errors: errors) }
        let service = request.application.cme.service
        var ours = roll?.records ?? []
        if roll == nil { ours = try await service.storedRoll(on: request.db, onRollOn: service.time.day(self.now())) }
        let result = try await service.lostPupilSearch(
            lost: lost.records,
            roll: ours,
            by: user.actor,
            on: request.db,
            at: self.now()
        )
        let skipped = lost.skipped.count + (roll?.skipped.count ?? 0)
        var message =
            "Searched \(result.lost) lost pupils against \(result.searched) of ours: \(result.queued) new pairs to check"
        if result.alreadyDecided > 0 { message += ", \(result.alreadyDecided) already decided (not shown again)" }
        if result.alreadyQueued > 0 { message += ", \(result.alreadyQueued) already waiting" }
        if skipped > 0 {
            let lines = (lost.skipped + (roll?.skipped ?? [])).prefix(5).map(\.description).joined(separator: "; ")
            message += ". \(skipped) malformed rows skipped: \(lines)"
        }
        return request.redirect(to: SiteURL.tracing.path(query: ["message": message + "."]))
    }

    func decide(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        guard let id = request.parameters.get("id", as: UUID.self) else {
            throw Abort(.notFound, reason: "There is no such pair.")
        }
        let decision = try? request.content.get(String.self, at: "decision")
        guard decision == "confirm" || decision == "reject" else {
            throw Abort(.unprocessableEntity, reason: "decision: choose confirm or reject")
        }
        try await request.application.cme.service.decide(
            candidateID: id,
            confirm: decision == "confirm",
            by: user.actor,
            on: request.db,
            at: self.now()
        )
        let message =
            decision == "confirm" ? "Confirmed as the same child." : "Rejected: this pair will not be proposed again."
        return request.redirect(to: SiteURL.tracing.path(query: ["message": message]))
    }
}
