import CMECore
import CMEStorage
import Fluent
import Vapor

/// The possible-duplicates queue, comparing two children found by search, merging and undoing a merge (issue 18).
/// The service decides who may and what happens; these map forms to it.
struct DuplicatesController {
    let now: @Sendable () -> Date

    func list(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let status =
            request.query[String.self, at: "status"].flatMap(DuplicatePairModel.Status.init(rawValue:))
            ?? .open
        let pairs = try await service.duplicatePairs(status: status, for: user.actor, on: request.db, at: self.now())
        let done: String? =
            switch request.query[String.self, at: "done"] {
            case "merged": "The two records are now one. The merge is listed under Merged, where it can be undone."
            case "different": "Recorded as different children: this pair will not be proposed again."
            case "undone": "The merge was undone: both records are as they were before it."
            default: nil
            }
        return DuplicatesView.page(pairs, status: status, csrf: user.csrf, time: service.time, done: done)
            .render(for: request)
    }

    struct DecisionForm: Content {
        var decision: String?
    }

    func decide(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        guard let id = request.parameters.get("id", as: UUID.self) else {
            throw Abort(.notFound, reason: "There is no such pair.")
        }
        let form = try request.content.decode(DecisionForm.self)
        let keep: CaseService.KeptRecord?
        switch form.decision {
        case "keep_known": keep = .known
        case "keep_new": keep = .new
        case "different": keep = nil
        default:
            throw ServiceError.invalid([FieldProblem("decision", "choose whether these are the same child")])
        }
        try await service.decideDuplicate(
            id,
            sameChild: keep != nil,
            keep: keep ?? .known,
            by: user.actor,
            on: request.db,
            at: self.now()
        )
        return request.redirect(to: SiteURL.duplicates.path(query: ["done": keep == nil ? "different" : "merged"]))
    }

    func compare(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let ids = (request.query[[String].self, at: "child"] ?? []).compactMap(UUID.init(uuidString:))
        guard ids.count == 2, ids[0] != ids[1] else {
            throw ServiceError.invalid([FieldProblem("child", "choose two different children to compare")])
        }
        let (a, b, duplicate) = try await service.compareChildren(
            ids[0],
            ids[1],
            for: user.actor,
            on: request.db,
            at: self.now()
        )
        return DuplicatesView.compare(a, b, duplicate: duplicate, csrf: user.csrf).render(for: request)
    }

    struct MergeForm: Content {
        var keep: String?
        var a: String?
        var b: String?
    }

    func merge(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let form = try request.content.decode(MergeForm.self)
        let pair = [form.a, form.b].compactMap { $0.flatMap(UUID.init(uuidString:)) }
        guard pair.count == 2 else {
            throw ServiceError.invalid([FieldProblem("child", "choose two different children to merge")])
        }
        guard let keep = form.keep.flatMap(UUID.init(uuidString:)), pair.contains(keep) else {
            throw ServiceError.invalid([FieldProblem("keep", "choose which record is kept")])
        }
        try await request.application.cme.service.mergeChildren(
            keep: keep,
            merge: pair[0] == keep ? pair[1] : pair[0],
            by: user.actor,
            on: request.db,
            at: self.now()
        )
        return request.redirect(to: SiteURL.duplicates.path(query: ["status": "merged", "done": "merged"]))
    }

    func undo(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        guard let id = request.parameters.get("id", as: UUID.self) else {
            throw Abort(.notFound, reason: "There is no such merge.")
        }
        try await request.application.cme.service.unmerge(id, by: user.actor, on: request.db, at: self.now())
        return request.redirect(to: SiteURL.duplicates.path(query: ["status": "different", "done": "undone"]))
    }
}
