import CMEAPI
import CMECore
import CMEMatching
import CMEStorage
import Foundation
import Vapor

/// The `/api/v1` handlers: decode, call the casework service, map the result. Generated from openapi.yaml.
struct APIHandler: APIProtocol {
    let service: CaseService
    let now: @Sendable () -> Date

    func context() throws -> RequestContext {
        guard let context = RequestContext.current else { throw Abort(.unauthorized) }
        return context
    }

    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        let context = try self.context()
        let q = input.query
        var filter = CaseFilter()
        var problems: [FieldProblem] = []
        if let status = q.status { filter.open = status == .open }
        filter.state = q.state
        if let state = q.state, CaseState(rawValue: state) == nil {
            problems.append(
                FieldProblem(
                    "state",
                    "unknown state '\(state)'; allowed: \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            )
        }
        filter.category = q.category
        if let category = q.category, CMECore.Category(rawValue: category) == nil {
            problems.append(
                FieldProblem(
                    "category",
                    "unknown category '\(category)'; allowed: \(CMECore.Category.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            )
        }
        if let owner = q.owner {
            if let id = UUID(uuidString: owner) {
                filter.ownerID = id
            } else {
                problems.append(FieldProblem("owner", "must be a user id"))
            }
        }
        filter.schoolURN = q.school
        filter.overdue = q.overdue
        for (field, code, list) in [("reason", q.reason, CodeList.reason), ("source", q.source, .source)] {
            if let code, (try? self.service.policy.codes.validate(code, in: list)) == nil {
                problems.append(
                    FieldProblem(
                        field,
                        CodeError.unknown(list, code, allowed: self.service.policy.codes[list].map(\.code)).description
                    )
                )
            }
        }
        filter.reason = q.reason
        filter.source = q.source
        filter.minAge = q.minAge
        filter.maxAge = q.maxAge
        filter.page = q.page ?? 1
        filter.per = q.per ?? 50
        problems += filter.rangeProblems
        guard problems.isEmpty else {
            return .unprocessableContent(.init(body: .json(Self.problem(.invalid(problems)))))
        }
        do {
            let page = try await self.service.list(filter, for: context.actor, on: context.request.db, at: self.now())
            let items = page.items.map { CaseMapping.summary($0, childName: page.names[$0.$child.id] ?? "") }
            return .ok(.init(body: .json(.init(items: items, page: filter.page, per: filter.per, total: page.total))))
        } catch let error as ServiceError {
            switch error {
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            default: throw error
            }
        }
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        let context = try self.context()
        guard let id = UUID(uuidString: input.path.caseId) else {
            return .notFound(.init(body: .json(.init("case \(input.path.caseId) not found"))))
        }
        do {
            let now = self.now()
            let data = try await self.service.detail(
                caseID: id,
                for: context.actor,
                on: context.request.db,
                at: now,
                accessReason: input.query.accessReason
            )
            return .ok(.init(body: .json(CaseMapping.detail(data, time: self.service.time, now: now))))
        } catch let error as ServiceError {
            switch error {
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            case .notFound: return .notFound(.init(body: .json(Self.problem(error))))
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            default: throw error
            }
        }
    }

    func postCaseEvent(_ input: Operations.PostCaseEvent.Input) async throws -> Operations.PostCaseEvent.Output {
        let context = try self.context()
        guard let id = UUID(uuidString: input.path.caseId) else {
            return .notFound(.init(body: .json(.init("case \(input.path.caseId) not found"))))
        }
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let kind = CaseEventKind(rawValue: body.kind) else {
            let allowed = CaseEventKind.allCases.map(\.rawValue).joined(separator: ", ")
            return .unprocessableContent(
                .init(
                    body: .json(
                        Self.problem(
                            .invalid([FieldProblem("kind", "unknown event '\(body.kind)'; allowed: \(allowed)")])
                        )
                    )
                )
            )
        }
        var assignee: UUID?
        if let text = body.assigneeId {
            guard let parsed = UUID(uuidString: text) else {
                return .unprocessableContent(
                    .init(body: .json(Self.problem(.invalid([FieldProblem("assigneeId", "must be a user id")]))))
                )
            }
            assignee = parsed
        }
        let command = EventCommand(
            kind: kind,
            expectedVersion: body.expectedVersion,
            reason: body.reason,
            source: body.source,
            outcome: body.outcome,
            destination: body.destination,
            assigneeID: assignee,
            target: body.target,
            reference: body.reference,
            action: body.action,
            note: body.note,
            accessReason: input.query.accessReason,
            occurredAt: body.occurredAt
        )
        let db = context.request.db
        do {
            let now = self.now()
            _ = try await self.service.record(command, caseID: id, by: context.actor, on: db, at: now)
            let data = try await self.service.detail(
                caseID: id,
                for: context.actor,
                on: db,
                at: now,
                accessReason: input.query.accessReason
            )
            return .created(.init(body: .json(CaseMapping.detail(data, time: self.service.time, now: now))))
        } catch let error as ServiceError {
            switch error {
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            case .notFound: return .notFound(.init(body: .json(Self.problem(error))))
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            case .conflict(let version, let unseen):
                let events = try await CaseMapping.timeline(ids: unseen, on: db, time: self.service.time)
                return .conflict(
                    .init(
                        body: .json(
                            .init(
                                error: true,
                                reason: error.description,
                                currentVersion: version,
                                unseen: events
                            )
                        )
                    )
                )
            }
        }
    }

    func searchChildren(_ input: Operations.SearchChildren.Input) async throws -> Operations.SearchChildren.Output {
        let context = try self.context()
        let q = input.query
        var dob: Day?
        if let text = q.dob {
            guard let day = try? Day(iso: text) else {
                return .unprocessableContent(
                    .init(
                        body: .json(
                            Self.problem(
                                .invalid([FieldProblem("dob", "'\(text)' is not a date in the form YYYY-MM-DD")])
                            )
                        )
                    )
                )
            }
            dob = day
        }
        do {
            let found = try await self.service.searchChildren(
                ChildSearchQuery(name: q.name, dateOfBirth: dob, upn: q.upn, postcode: q.postcode),
                name: q.name,
                page: q.page ?? 1,
                for: context.actor,
                on: context.request.db,
                at: self.now()
            )
            return .ok(
                .init(
                    headers: .init(xTotalCount: found.total),
                    body: .json(
                        found.results.map { result in
                            .init(
                                id: result.child.id?.uuidString ?? "",
                                name: "\(result.child.forename) \(result.child.surname)",
                                dateOfBirth: result.child.dateOfBirth,
                                upn: result.child.upn,
                                openCaseId: result.openCase?.uuidString,
                                score: (result.score * 1000).rounded() / 1000,
                                reasons: result.reasons
                            )
                        }
                    )
                )
            )
        } catch let error as ServiceError {
            switch error {
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            default: throw error
            }
        }
    }

    static func problem(_ error: ServiceError) -> Components.Schemas.Problem {
        if case .invalid(let problems) = error {
            return .init(error.description, fields: problems.map { .init(field: $0.field, message: $0.message) })
        }
        return .init(error.description)
    }
}
