import CMECore
import CMEStorage
import Vapor

/// The data subject's rights on a child's record (UK GDPR Art. 15, 18; issue 16): the subject access export, for
/// the LA's officers and managers and the auditor (the data protection officer).
struct DataProtectionController {
    let now: @Sendable () -> Date

    /// The export as a page; every export is in the audit trail.
    func subjectAccess(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let record = try await service.subjectAccess(
            childID: try Self.childID(request),
            for: user.actor,
            on: request.db,
            at: self.now()
        )
        var page = SubjectAccessView.page(record, time: service.time)
        page.content.insert(
            H.tag(
                "p",
                [],
                [H.link("Download it as JSON", SiteURL.subjectAccessJSON(record.childID).href, [("download", nil)])]
            ),
            at: 3
        )
        return page.render(for: request)
    }

    /// The export as JSON, to keep or send.
    func subjectAccessJSON(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let childID = try Self.childID(request)
        let record = try await request.application.cme.service.subjectAccess(
            childID: childID,
            for: user.actor,
            on: request.db,
            at: self.now()
        )
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"subject-access-\(childID.uuidString.lowercased()).json\""
        )
        return Response(status: .ok, headers: headers, body: .init(data: try record.json))
    }

    struct RestrictionForm: Content {
        var restricted: String?
        var reason: String?
        var `case`: String?
    }

    /// Restricts a child's record, or lifts the restriction, from the case page; back to the case.
    func restriction(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let childID = try Self.childID(request)
        let form = try request.content.decode(RestrictionForm.self)
        let restrict = form.restricted == "yes"
        let reason = form.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if restrict && (reason ?? "").isEmpty {
            throw Abort(.unprocessableEntity, reason: "reason: say why the record is restricted")
        }
        try await request.application.cme.service.setProcessingRestriction(
            childID: childID,
            reason: restrict ? reason : nil,
            by: user.actor,
            on: request.db,
            at: self.now()
        )
        guard let caseID = form.case.flatMap(UUID.init(uuidString:)) else {
            return request.redirect(to: SiteURL.children.href)
        }
        // Restricted now: the case page asks why before it shows the record again.
        return request.redirect(to: SiteURL.caseDetail(caseID).href)
    }

    static func childID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("id", as: UUID.self) else {
            throw Abort(.notFound, reason: "There is no such child.")
        }
        return id
    }
}
