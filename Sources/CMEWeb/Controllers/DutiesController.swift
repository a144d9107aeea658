import CMECore
import CMEStorage
import Vapor

/// Records that the signed-in person's organisation did one of its regular duties, then goes back to the page
/// the button was on.
struct DutiesController {
    let now: @Sendable () -> Date

    struct Form: Content {
        var kind: String?
        var back: String?
    }

    func record(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        do {
            try request.application.cme.service.requireDutyRecorder(user.actor)
        } catch ServiceError.forbidden(let why) {
            throw Abort(.forbidden, reason: why)
        }
        let form = try request.content.decode(Form.self)
        guard let kind = form.kind.flatMap(CaseEventKind.init(rawValue:)) else {
            throw Abort(.unprocessableEntity, reason: "kind: choose a duty on your page")
        }
        do {
            _ = try await request.application.cme.service.recordDuty(
                kind,
                note: nil,
                by: user.actor,
                on: request.db,
                at: self.now()
            )
        } catch ServiceError.forbidden(let why) {
            throw Abort(.forbidden, reason: why)
        }
        // Only back to one of our own pages.
        let back = form.back.flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
        return request.redirect(to: back)
    }
}
