import CMEAPI
import CMECore
import CMEStorage
import Fluent
import Foundation
import Vapor

/// Referrals: making one, and a referrer reading what they sent (issue 16).
extension APIHandler {
    func createReferral(_ input: Operations.CreateReferral.Input) async throws -> Operations.CreateReferral.Output {
        let context = try self.context()
        guard Role.referrers.contains(context.actor.role) else {
            return .forbidden(.init(body: .json(.init("\(context.actor.role.label) may not make referrals"))))
        }
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let referral: Referral
        do {
            referral = try ReferralMapping.referral(from: body, policy: self.service.policy)
        } catch let error as ServiceError {
            return .unprocessableContent(.init(body: .json(Self.problem(error))))
        }
        let key = input.headers.idempotencyKey
        if let key, let problem = IdempotencyKeys.problem(key) {
            return .unprocessableContent(
                .init(body: .json(Self.problem(.invalid([FieldProblem("Idempotency-Key", problem)]))))
            )
        }
        let now = self.now()
        let db = context.request.db
        do {
            // A retry with a key already used gets the first answer, and nothing is filed again.
            if let key, let user = context.actor.userID,
                let earlier = try await IdempotencyKeys.find(key, user: user, at: now, on: db)
            {
                return .created(
                    .init(body: .json(try await self.answer(earlier, repeated: true, context: context, at: now)))
                )
            }
            let result: IntakeResult
            do {
                result = try await self.service.intake(
                    referral,
                    by: context.actor,
                    on: db,
                    at: now,
                    answering: true,
                    idempotencyKey: key
                )
            } catch let failure where (failure as? any DatabaseError)?.isConstraintFailure == true && key != nil {
                // The same key raced in: the referral that won is the answer.
                guard let key, let user = context.actor.userID,
                    let earlier = try await IdempotencyKeys.find(key, user: user, at: now, on: db)
                else { throw failure }
                return .created(
                    .init(body: .json(try await self.answer(earlier, repeated: true, context: context, at: now)))
                )
            }
            return .created(.init(body: .json(try await self.answer(result, context: context, at: now))))
        } catch let error as ServiceError {
            switch error {
            case .invalid: return .unprocessableContent(.init(body: .json(Self.problem(error))))
            case .forbidden: return .forbidden(.init(body: .json(Self.problem(error))))
            default: throw error
            }
        }
    }

    /// What a referral's maker is told: its id and status; and what intake did with the case, and the case, only
    /// for those who may read it (told to a referrer, it would say whether the child was already known).
    private func answer(
        _ result: IntakeResult,
        repeated: Bool = false,
        context: RequestContext,
        at now: Date
    ) async throws -> Components.Schemas.ReferralResult {
        var answer = Components.Schemas.ReferralResult(referralId: result.reference, status: .received)
        if let data = result.detail {
            answer.attached = result.attached
            answer.newEpisode = result.newEpisode
            answer._case = CaseMapping.detail(data, time: self.service.time, now: now)
        } else if let caseID = result.caseID, context.actor.role.readsCases {
            do {
                let data = try await self.service.detail(
                    caseID: caseID,
                    for: context.actor,
                    on: context.request.db,
                    at: now
                )
                answer.attached = result.attached
                answer.newEpisode = result.newEpisode
                answer._case = CaseMapping.detail(data, time: self.service.time, now: now)
            } catch ServiceError.notFound, ServiceError.forbidden {
                // The referral is made even when its maker may not read the case (an EWO reads the cases
                // assigned to their team): the answer leaves the case out rather than deny what was done.
            }
        }
        // Whether the new record waits in the possible-duplicates queue (issue 18), for those who decide it.
        if !repeated && context.actor.caseAccess.mayReviewDuplicates {
            answer.possibleDuplicates = result.possibleDuplicates.count
        }
        // A new referral has just been received; a repeated request reads where the first one stands now.
        if repeated {
            let progress = try await self.service.progress(of: result.referralID, on: context.request.db)
            answer.status = .init(rawValue: progress.rawValue) ?? .received
        }
        return answer
    }

    func listReferrals(_ input: Operations.ListReferrals.Input) async throws -> Operations.ListReferrals.Output {
        let context = try self.context()
        do {
            let list = try await self.service.ownReferrals(
                for: context.actor,
                page: input.query.page ?? 1,
                per: input.query.per ?? ReferralPage.defaultPerPage,
                on: context.request.db,
                at: self.now()
            )
            return .ok(.init(headers: .init(xTotalCount: list.total), body: .json(list.items.map(Self.status))))
        } catch let error as ServiceError {
            if case .forbidden = error { return .forbidden(.init(body: .json(Self.problem(error)))) }
            throw error
        }
    }

    func getReferral(_ input: Operations.GetReferral.Input) async throws -> Operations.GetReferral.Output {
        let context = try self.context()
        do {
            let status = try await self.service.referralStatus(
                input.path.referralId,
                for: context.actor,
                on: context.request.db,
                at: self.now()
            )
            return .ok(.init(body: .json(Self.status(status))))
        } catch let error as ServiceError {
            if case .notFound = error { return .notFound(.init(body: .json(Self.problem(error)))) }
            throw error
        }
    }

    static func status(_ data: ReferralStatusData) -> Components.Schemas.ReferralStatus {
        .init(
            referralId: data.reference,
            kind: data.kind?.rawValue ?? "",
            kindLabel: data.kind?.label ?? "",
            sentAt: data.receivedAt,
            status: .init(rawValue: data.progress.rawValue) ?? .received,
            statusLabel: data.progress.label,
            explanation: data.progress.explanation,
            referral: data.asSent.flatMap(ReferralEcho.input),
            contacts: data.contacts.map {
                .init(name: $0.name, telephone: $0.telephone, email: $0.email, section: $0.section)
            },
            duties: data.duties.map { .init(title: $0.title, within: $0.length.description, section: $0.section) }
        )
    }
}

/// Restriction of processing (UK GDPR Art. 18).
extension APIHandler {
    func setRestriction(_ input: Operations.SetRestriction.Input) async throws -> Operations.SetRestriction.Output {
        let context = try self.context()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let childID = UUID(uuidString: input.path.childId) else {
            return .notFound(.init(body: .json(.init("child \(input.path.childId) not found"))))
        }
        if body.restricted && (body.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            return .unprocessableContent(
                .init(body: .json(Self.problem(.invalid([FieldProblem("reason", "say why the record is restricted")]))))
            )
        }
        do {
            try await self.service.setProcessingRestriction(
                childID: childID,
                reason: body.restricted ? body.reason : nil,
                by: context.actor,
                on: context.request.db,
                at: self.now()
            )
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
}
