import CMEAPI
import CMECore
import CMEStorage
import Foundation
import Vapor

/// The possible-duplicates queue, merges and their undoing (issue 18): the service decides; this maps.
extension APIHandler {
    func listDuplicates(_ input: Operations.ListDuplicates.Input) async throws -> Operations.ListDuplicates.Output {
        let context = try self.context()
        let status = input.query.status.flatMap { DuplicatePairModel.Status(rawValue: $0.rawValue) } ?? .open
        do {
            let pairs = try await self.service.duplicatePairs(
                status: status,
                for: context.actor,
                on: context.request.db,
                at: self.now()
            )
            return .ok(.init(body: .json(pairs.map(Self.pair))))
        } catch let error as ServiceError {
            if case .forbidden = error { return .forbidden(.init(body: .json(Self.problem(error)))) }
            throw error
        }
    }

    func decideDuplicate(_ input: Operations.DecideDuplicate.Input) async throws -> Operations.DecideDuplicate.Output {
        let context = try self.context()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        do {
            try self.service.requireDuplicateReviewer(context.actor)
            guard let id = UUID(uuidString: input.path.pairId) else {
                throw ServiceError.notFound("possible duplicate \(input.path.pairId)")
            }
            let keep = try body.keep.map { text -> CaseService.KeptRecord in
                guard let id = UUID(uuidString: text) else {
                    throw ServiceError.invalid([FieldProblem("keep", "'\(text)' is not a child's id")])
                }
                return .record(id)
            }
            let merge = try await self.service.decideDuplicate(
                id,
                sameChild: body.decision == .sameChild,
                keep: keep ?? .known,
                by: context.actor,
                on: context.request.db,
                at: self.now()
            )
            return .ok(
                .init(
                    body: .json(
                        .init(
                            status: merge == nil ? .different : .merged,
                            mergeId: merge?.merge.uuidString,
                            keptChildId: merge?.kept.uuidString
                        )
                    )
                )
            )
        } catch let error as ServiceError {
            switch error {
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            case .notFound: return .notFound(.init(body: .json(Self.problem(error))))
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            default: throw error
            }
        }
    }

    func mergeChildren(_ input: Operations.MergeChildren.Input) async throws -> Operations.MergeChildren.Output {
        let context = try self.context()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        do {
            try self.service.requireDuplicateReviewer(context.actor)
            var problems: [FieldProblem] = []
            let keep = UUID(uuidString: body.keep)
            let merge = UUID(uuidString: body.merge)
            if keep == nil { problems.append(FieldProblem("keep", "'\(body.keep)' is not a child's id")) }
            if merge == nil { problems.append(FieldProblem("merge", "'\(body.merge)' is not a child's id")) }
            guard let keep, let merge else { throw ServiceError.invalid(problems) }
            let id = try await self.service.mergeChildren(
                keep: keep,
                merge: merge,
                by: context.actor,
                on: context.request.db,
                at: self.now()
            )
            return .created(
                .init(body: .json(.init(status: .merged, mergeId: id.uuidString, keptChildId: keep.uuidString)))
            )
        } catch let error as ServiceError {
            switch error {
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            case .notFound: return .notFound(.init(body: .json(Self.problem(error))))
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            default: throw error
            }
        }
    }

    func undoMerge(_ input: Operations.UndoMerge.Input) async throws -> Operations.UndoMerge.Output {
        let context = try self.context()
        do {
            try self.service.requireDuplicateReviewer(context.actor)
            guard let id = UUID(uuidString: input.path.mergeId) else {
                throw ServiceError.notFound("merge \(input.path.mergeId)")
            }
            try await self.service.unmerge(id, by: context.actor, on: context.request.db, at: self.now())
            return .noContent(.init())
        } catch let error as ServiceError {
            switch error {
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            case .notFound: return .notFound(.init(body: .json(Self.problem(error))))
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            default: throw error
            }
        }
    }

    static func pair(_ view: DuplicatePairView) -> Components.Schemas.DuplicatePair {
        .init(
            id: view.pair.id?.uuidString ?? "",
            score: (view.pair.score * 1000).rounded() / 1000,
            agreeing: view.pair.agreeing,
            differing: view.pair.differing,
            status: .init(rawValue: view.pair.status) ?? .open,
            statusLabel: DuplicatePairModel.Status(rawValue: view.pair.status)?.label ?? view.pair.status,
            referralReference: view.pair.referralReference,
            createdAt: view.pair.createdAt,
            child: Self.record(view.child),
            other: Self.record(view.other),
            mergeId: view.merge?.uuidString
        )
    }

    static func record(_ summary: ChildRecordSummary) -> Components.Schemas.ChildRecord {
        let child = summary.child
        return .init(
            id: child.id?.uuidString ?? "",
            forename: child.forename,
            middleNames: child.middleNames,
            surname: child.surname,
            dateOfBirth: child.dateOfBirth,
            upn: child.upn,
            otherNames: summary.otherNames,
            postcodes: summary.addresses.compactMap(\.postcode),
            schools: summary.schools.map(\.name),
            cases: summary.cases.map {
                .init(
                    id: $0.id.uuidString,
                    reference: $0.reference,
                    state: $0.state.rawValue,
                    stateLabel: $0.state.label
                )
            }
        )
    }
}
