import CMECore
import CMEMatching
import Fluent
import Foundation

/// What intake did with a referral.
public struct IntakeResult: Sendable {
    public var referralID: UUID
    public var reference: String
    public var childID: UUID
    /// The case the referral opened, attached to or reopened; `nil` for a notice that opens no case.
    public var caseID: UUID?
    /// The child was already known and had an open case: the referral attached to it (Suffolk 9.5).
    public var attached: Bool
    /// The child was known with a closed case: it reopened as a new episode.
    public var newEpisode: Bool
    /// How the child was recognised, when they were.
    public var matchEvidence: String?
    /// The known children a person is asked to compare with this one: the child was new to intake, but resembles
    /// them (issue 18's possible-duplicates queue).
    public var possibleDuplicates: [UUID] = []
    /// The case as its referrer may see it, when they asked for it (`IntakeRequest.answering`) and the referral
    /// opened a case they may read; its read is in the audit trail with the referral.
    public var detail: CaseDetailData?
}

/// The children duplicate checks could find in the database, oldest record first: those with any of the checked
/// children's UPNs, and those born on any date the checks read. An intake batch reads them once for all its
/// referrals; that read is good until the batch first writes in place, which a referral about a known child does.
struct KnownChildren {
    var withUPN: [ChildCandidate]
    var bornOn: [ChildCandidate]

    static func read(for children: [Child], on db: any Database) async throws -> KnownChildren {
        let upns = Set(children.compactMap(\.upn?.value))
        let dates = Set(children.flatMap { CaseService.datesRead(for: $0.dateOfBirth) })
        let withUPN = try await CaseRows.children(upns: upns.sorted(), on: db)
        let bornOn = try await CaseRows.children(bornOn: dates.sorted(), on: db)
        // Their postcodes in one read for the batch, not one a referral.
        let both = try await CaseRows.withPostcodes(withUPN + bornOn, on: db)
        return KnownChildren(withUPN: Array(both.prefix(withUPN.count)), bornOn: Array(both.dropFirst(withUPN.count)))
    }
}

/// An error raised inside a batch's transaction, by one of its referrals or a statement it ran: the transaction
/// rolled back, so each referral can be taken in again alone. An error from BEGIN or COMMIT is not wrapped.
struct RefusedInBatch: Error {
    let error: any Error

    /// The error a caller sees.
    static func unwrap(_ error: any Error) -> any Error {
        (error as? RefusedInBatch)?.error ?? error
    }
}

/// The other names and addresses intake added to a child's record.
struct AddedDetails {
    var aliases: [String] = []
    var addresses: [ChildAddressModel] = []
}

extension CaseService {
    /// Takes in a referral or notice: finds or creates the child, then opens, attaches to or reopens their case.
    /// Referrals that arrive together are taken in together, in one transaction (`IntakeQueue`).
    public func intake(
        _ referral: Referral,
        by actor: Actor,
        on db: any Database,
        at now: Date,
        answering: Bool = false,
        idempotencyKey: String? = nil
    ) async throws -> IntakeResult {
        var request = IntakeRequest(referral, by: actor, at: now, answering: answering, idempotencyKey: idempotencyKey)
        request.near = try await self.nearChildren(referral.child, on: db)
        request.register = try await self.knownRegister(referral.child, on: db, at: now)
        return try await self.intakes.submit(request, to: self, on: db)
    }

    /// Takes in several referrals, in order, in one transaction with their audit rows; returns each one's result.
    /// When something inside the transaction fails, each referral is taken in alone, so that one the database
    /// refuses never costs the others their place: every result is that referral's own, and nothing of a failed one
    /// is kept.
    public func intake(_ requests: [IntakeRequest], on db: any Database) async -> [Result<IntakeResult, any Error>] {
        // Long lists (failure to transfer) go in batches of the queue's size: bounded transactions and reads.
        guard requests.count <= IntakeQueue.largestBatch else {
            var results: [Result<IntakeResult, any Error>] = []
            for start in stride(from: 0, to: requests.count, by: IntakeQueue.largestBatch) {
                let end = min(start + IntakeQueue.largestBatch, requests.count)
                results += await self.intake(Array(requests[start..<end]), on: db)
            }
            return results
        }
        var results = [Result<IntakeResult, any Error>](
            repeating: .failure(ServiceError.notFound("result")),
            count: requests.count
        )
        var valid: [Int] = []
        for (index, request) in requests.enumerated() {
            do {
                // Who may refer is the core's list; the command line acts as the system (imports, demo data).
                guard Role.referrers.contains(request.actor.role) || request.actor == .system else {
                    throw ServiceError.forbidden("\(request.actor.role.label) may not make referrals")
                }
                try self.checkCodes(request.referral)
                try self.checkPlausible(request.referral, at: request.at)
                valid.append(index)
            } catch {
                results[index] = .failure(error)
            }
        }
        do {
            let taken = try await self.takeIn(valid.map { requests[$0] }, on: db)
            for (index, result) in zip(valid, taken) { results[index] = .success(result) }
        } catch is RefusedInBatch where valid.count > 1 {
            for index in valid {
                do {
                    results[index] = .success(try await self.takeIn([requests[index]], on: db)[0])
                } catch {
                    results[index] = .failure(RefusedInBatch.unwrap(error))
                }
            }
        } catch {
            // Refused alone, or the transaction itself failed (BEGIN, COMMIT): whether a failed COMMIT landed is
            // not known, so nothing is taken in again; each caller has the error.
            for index in valid { results[index] = .failure(RefusedInBatch.unwrap(error)) }
        }
        return results
    }

    /// The referral's codes, checked before it joins a transaction.
    /// The core's checks that need the day (a date of birth in the future or out of scope).
    func checkPlausible(_ referral: Referral, at now: Date) throws {
        let problems = self.policy.implausibilities(of: referral, on: self.time.day(now))
        guard problems.isEmpty else { throw ServiceError.invalid(problems.map { FieldProblem($0.field, $0.message) }) }
    }

    func checkCodes(_ referral: Referral) throws {
        var problems: [FieldProblem] = []
        if let reason = referral.reason, (try? self.policy.codes.validate(reason, in: .reason)) == nil {
            problems.append(
                FieldProblem(
                    "reason",
                    CodeError.unknown(.reason, reason, allowed: self.policy.codes.reasons.map(\.code)).description
                )
            )
        }
        if let source = referral.source, (try? self.policy.codes.validate(source, in: .source)) == nil {
            problems.append(
                FieldProblem(
                    "source",
                    CodeError.unknown(.source, source, allowed: self.policy.codes.sources.map(\.code)).description
                )
            )
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
    }

    /// Who created or changed what: the referral, the child, and the case when there is one, which the referrer
    /// also read when it came back with the result.
    static func auditRows(_ result: IntakeResult, _ request: IntakeRequest) -> [AuditRecord] {
        var rows = [
            AuditRecord(
                at: request.at,
                actor: request.actor,
                action: .create,
                entityType: "referral",
                entityID: result.referralID.uuidString,
                childID: result.childID
            ),
            AuditRecord(
                at: request.at,
                actor: request.actor,
                action: result.matchEvidence == nil ? .create : .update,
                entityType: "child",
                entityID: result.childID.uuidString,
                childID: result.childID
            ),
        ]
        if let caseID = result.caseID {
            let action: AuditRecord.Action = result.attached || result.newEpisode ? .update : .create
            rows.append(
                AuditRecord(
                    at: request.at,
                    actor: request.actor,
                    action: action,
                    entityType: "case",
                    entityID: caseID.uuidString,
                    childID: result.childID
                )
            )
            if result.detail != nil {
                rows.append(
                    AuditRecord(
                        at: request.at,
                        actor: request.actor,
                        action: .read,
                        entityType: "case",
                        entityID: caseID.uuidString,
                        childID: result.childID
                    )
                )
            }
        }
        return rows
    }

    /// The referrals in one transaction. A child not known before reads nothing back, so their rows are queued and
    /// written together at the end, each table in one statement (`RowQueue`). A referral about a known child, one
    /// in the database or one queued earlier in the batch, reads and writes in place once the queue is written.
    func takeIn(_ requests: [IntakeRequest], on db: any Database) async throws -> [IntakeResult] {
        guard !requests.isEmpty else { return [] }
        return try await self.gate.transaction(db) { tx -> [IntakeResult] in
            do {
                return try await self.takeIn(requests, inside: tx)
            } catch {
                throw RefusedInBatch(error: error)
            }
        }
    }

    private func takeIn(_ requests: [IntakeRequest], inside tx: any Database) async throws -> [IntakeResult] {
        let queue = RowQueue()
        // One read for every duplicate check, while nothing in the batch has been written in place.
        var read: KnownChildren? =
            requests.count > 1 ? try await KnownChildren.read(for: requests.map(\.referral.child), on: tx) : nil
        var taken: [() throws -> IntakeResult] = []
        for request in requests { taken.append(try await self.takeIn(request, queue: queue, read: &read, on: tx)) }
        try await queue.write(on: tx)
        let results = try taken.map { try $0() }
        try await IdempotencyKeys.record(requests, results, on: tx)
        // The audit rows commit with what they record.
        try await self.audit.append(zip(results, requests).flatMap { Self.auditRows($0, $1) }, on: tx)
        return results
    }
}
