import CMEAPI
import CMECore
import CMEStorage
import Foundation
import Vapor

/// An organisation's own recurring duties (issue 17): list them, record one done.
extension APIHandler {
    func listDuties(_ input: Operations.ListDuties.Input) async throws -> Operations.ListDuties.Output {
        let context = try self.context()
        let duties = try await self.service.duties(for: context.actor, on: context.request.db, at: self.now())
        return .ok(.init(body: .json(Self.dutyList(duties, time: self.service.time))))
    }

    func recordDuty(_ input: Operations.RecordDuty.Input) async throws -> Operations.RecordDuty.Output {
        let context = try self.context()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        do {
            try self.service.requireDutyRecorder(context.actor)
        } catch let error as ServiceError {
            return .forbidden(.init(body: .json(Self.problem(error))))
        }
        guard let kind = CaseEventKind(rawValue: body.kind) else {
            return .unprocessableContent(
                .init(body: .json(Self.problem(.invalid([FieldProblem("kind", "unknown duty '\(body.kind)'")]))))
            )
        }
        do {
            let duties = try await self.service.recordDuty(
                kind,
                note: body.note,
                occurredAt: body.occurredAt,
                by: context.actor,
                on: context.request.db,
                at: self.now()
            )
            return .created(.init(body: .json(Self.dutyList(duties, time: self.service.time))))
        } catch let error as ServiceError {
            switch error {
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            default: throw error
            }
        }
    }

    static func dutyList(_ duties: [OrganisationDuty], time: LocalTime) -> Components.Schemas.DutyList {
        .init(
            items: duties.map { duty in
                let status = duty.status
                return .init(
                    id: status.rule.id,
                    title: status.rule.title,
                    section: status.rule.section,
                    due: status.due.description,
                    state: status.state == .overdue ? .overdue : .running,
                    stateLabel: Words.clockState(status.state.rawValue).0,
                    owner: status.rule.owner.rawValue,
                    whenOverdue: status.rule.whenOverdue,
                    doneBy: status.rule.stoppedBy.map(\.rawValue),
                    lastDone: duty.lastDone
                )
            }
        )
    }
}
