import CMECore
import Fluent
import Foundation

/// The command model's rules for case events: what may be recorded now, by whom, with which fields. Every channel
/// goes through them (issue 17).
extension CaseService {
    /// What `actor` may record on the case now: what the state machine allows in its state, of what their role may
    /// record. The case page, the API's `allowedEvents` and the assignment queue all offer exactly these (issue 17:
    /// one rule, every channel).
    public func allowedEvents(on model: CaseModel, for actor: Actor) -> [CaseEventKind] {
        // A case joined into another (issue 18) takes nothing more: the work goes on in the one it joined.
        guard model.joinedInto == nil else { return [] }
        return self.policy.caseMachine.allowedEvents(in: self.snapshot(of: model)).filter {
            (try? self.authorise($0, actor: actor)) != nil
        }
    }

    /// Which roles may record which events (the API checks the same before calling).
    func authorise(_ kind: CaseEventKind, actor: Actor) throws {
        switch actor.role {
        case .cmeOfficer, .teamManager:
            return
        case .ewo:
            let allowed: Set<CaseEventKind> = [
                .ewoResponded, .enquiryRecorded, .homeVisitRecorded, .noteAdded, .escalated, .childLocated,
            ]
            guard allowed.contains(kind) else {
                throw ServiceError.forbidden(
                    "an EWO may record enquiries, home visits, notes, escalations and a located child, not '\(kind.rawValue)'"
                )
            }
        default:
            throw ServiceError.forbidden("\(actor.role.label) may not record case events")
        }
    }

    /// Refuses to decline a recommendation the case does not have outstanding now.
    func checkDecline(_ command: EventCommand, on model: CaseModel, on db: any Database, at now: Date) async throws {
        guard command.kind == .recommendationDeclined, let target = command.target else { return }
        let events = try await self.coreEvents(of: model, on: db)
        let clocks = self.clockStatuses(of: model, events: events, at: now) ?? []
        let outstanding = SettledRecommendation.settle(
            self.policy.recommend(self.facts(of: model, clocks: clocks)),
            events: events
        ).filter { $0.status == .outstanding }.map(\.recommendation.target)
        guard outstanding.contains(where: { $0.rawValue == target }) else {
            let open = outstanding.map(\.label).joined(separator: ", ")
            throw ServiceError.invalid([
                FieldProblem(
                    "target",
                    "there is no outstanding recommendation to escalate to '\(target)'"
                        + (open.isEmpty ? "" : "; outstanding: \(open)")
                )
            ])
        }
    }

    func validate(_ command: EventCommand) throws {
        var problems: [FieldProblem] = []
        if command.kind == .recommendationDeclined {
            if command.target == nil {
                problems.append(FieldProblem("target", "say which recommended escalation is declined"))
            }
            if (command.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(FieldProblem("note", "give the reason the escalation is not being made"))
            }
        }
        if command.kind == .escalated {
            if let target = command.target {
                if EscalationTarget(rawValue: target) == nil {
                    problems.append(
                        FieldProblem(
                            "target",
                            "unknown target '\(target)'; allowed: \(EscalationTarget.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    )
                }
            } else {
                problems.append(FieldProblem("target", "an escalation needs a target"))
            }
        }
        if command.kind == .enquiryRecorded, let action = command.action, EnquiryAction(rawValue: action) == nil {
            problems.append(
                FieldProblem(
                    "action",
                    "unknown enquiry '\(action)'; allowed: \(EnquiryAction.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            )
        }
        if command.kind == .ewoAssigned && command.assigneeID == nil {
            problems.append(FieldProblem("assigneeId", "an assignment needs the EWO's id"))
        }
        // The same rules on every channel (issue 17): a visit says what happened, an enquiry which one was made.
        if command.kind == .homeVisitRecorded && (command.outcome ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(FieldProblem("outcome", "say what happened at the visit"))
        }
        if command.kind == .enquiryRecorded && command.action == nil {
            problems.append(FieldProblem("action", "say which enquiry was made"))
        }
        if let note = command.note, note.count > 10_000 {
            problems.append(FieldProblem("note", "must be at most 10,000 characters"))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
    }
}
