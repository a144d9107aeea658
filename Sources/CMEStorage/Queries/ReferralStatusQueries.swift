import CMECore
import Fluent
import Foundation
import SQLKit

/// What a referrer reads of one referral they sent (issue 16): the referral as they wrote it, its reference, its
/// progress in words, who to contact at the LA and the duties the policy puts on them. Never the case, its
/// timeline, other organisations' entries, or whether the child was already known.
public struct ReferralStatusData: Sendable {
    public var id: UUID
    public var reference: String
    public var kind: NoticeKind?
    public var receivedAt: Date
    /// The referral exactly as it was sent (nil only if a stored form no longer decodes).
    public var asSent: Referral?
    public var progress: ReferralProgress
    /// The LA's named CME contacts from the policy (Leicestershire 8.2; Suffolk 6.6).
    public var contacts: [PolicyContact]
    /// The clocks the policy puts on the reader's role.
    public var duties: [ClockRule]

    /// The child's name as the referrer wrote it.
    public var childName: String {
        guard let child = self.asSent?.child else { return "" }
        return "\(child.forename) \(child.surname)"
    }
}

extension CaseService {
    /// One referral, by its id or reference, if `actor` may read it (`CaseAccess.mayReadReferral`); any other is
    /// `notFound`, the same as one that does not exist. The read is audited.
    public func referralStatus(
        _ key: String,
        for actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> ReferralStatusData {
        let query = ReferralModel.query(on: db)
        if let id = UUID(uuidString: key) { query.filter(\.$id == id) } else { query.filter(\.$reference == key) }
        guard let model = try await query.first(),
            actor.caseAccess.mayReadReferral(from: model.$organisation.id)
        else { throw ServiceError.notFound("referral \(key)") }
        let status = try await self.statuses(of: [model], for: actor, on: db)[0]
        try await self.audit.record([Self.read(model, by: actor, at: now)])
        return status
    }

    /// One page of the referrals sent by `actor`'s organisation, newest first, with their progress and each
    /// child's name as the referrer wrote it, and how many there are in all. A school sends thousands over the
    /// years (13,333 from one demo school at 20,000 cases): the page and the API list `per` at a time (at most
    /// `maxPerPage`). The page is one audit row.
    public func ownReferrals(
        for actor: Actor,
        page: Int = 1,
        per: Int = ReferralPage.defaultPerPage,
        on db: any Database,
        at now: Date
    ) async throws -> ReferralPage {
        guard Role.organisationReferrers.contains(actor.role) else {
            throw ServiceError.forbidden("\(actor.role.label) does not send referrals from an organisation")
        }
        let per = min(max(1, per), ReferralPage.maxPerPage)
        guard let org = actor.organisationID else { return ReferralPage(items: [], total: 0, page: 1, per: per) }
        // COUNT(*), which the index on the organisation answers alone (Fluent's count of ids read every row: 7 ms
        // for one school's 13,333 referrals on PostgreSQL).
        let total =
            try await CaseRows.sql(db).raw(
                "SELECT COUNT(*) AS n FROM referrals WHERE organisation_id = \(bind: org)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let pages = max(1, (total + per - 1) / per)
        let page = min(max(1, page), pages)
        let models = try await ReferralModel.query(on: db).filter(\.$organisation.$id == org)
            .sort(\.$receivedAt, .descending).sort(\.$reference, .descending)
            .range(((page - 1) * per)..<(page * per)).all()
        let statuses = try await self.statuses(of: models, for: actor, on: db)
        // One row for the list (the names in it are the organisation's own words); opening one referral is a read
        // of that child's, audited with the child.
        try await self.audit.record([
            AuditRecord(
                at: now,
                actor: actor,
                action: .read,
                entityType: "referral_list",
                entityID: org.uuidString,
                childID: nil,
                detail: "\(models.count) referrals listed (page \(page) of \(pages))"
            )
        ])
        return ReferralPage(items: statuses, total: total, page: page, per: per)
    }

    /// A referral's progress now, for the answer to a repeated request: the maker already has the referral, so this
    /// is no new read of the child.
    public func progress(of referralID: UUID, on db: any Database) async throws -> ReferralProgress {
        guard let model = try await ReferralModel.find(referralID, on: db) else { return .received }
        return try await self.statuses(of: [model], for: .system, on: db)[0].progress
    }

    /// The audit row of a referrer reading one of its referrals.
    static func read(_ model: ReferralModel, by actor: Actor, at now: Date) -> AuditRecord {
        AuditRecord(
            at: now,
            actor: actor,
            action: .read,
            entityType: "referral",
            entityID: model.id?.uuidString ?? model.reference,
            childID: model.$child.id
        )
    }

    /// Each referral's progress from its case's state and what happened on the case after it arrived: one read of
    /// the cases and one of their events for the whole list.
    private func statuses(
        of models: [ReferralModel],
        for actor: Actor,
        on db: any Database
    ) async throws -> [ReferralStatusData] {
        let caseIDs = Array(Set(models.compactMap { $0.$case.id }))
        var states: [UUID: CaseState] = [:]
        var events: [UUID: [(Date, CaseEventKind)]] = [:]
        if !caseIDs.isEmpty, let earliest = models.map(\.receivedAt).min() {
            // Plain reads of the three columns used (whole case and event models through Fluent took most of a
            // school's referrals page at 20,000 cases), and only the events from the earliest referral's minute.
            let sql = try CaseRows.sql(db)
            for row in try await sql.raw("SELECT id, state FROM cases WHERE id IN (\(binds: caseIDs))").all() {
                states[try row.decode(column: "id", as: UUID.self)] = CaseState(
                    rawValue: try row.decode(column: "state", as: String.self)
                )
            }
            let since = Self.minute(earliest)
            for row in try await sql.raw(
                "SELECT case_id, kind, at FROM case_events WHERE case_id IN (\(binds: caseIDs)) AND at >= \(bind: since)"
            ).all() {
                guard let kind = CaseEventKind(rawValue: try row.decode(column: "kind", as: String.self)) else {
                    continue
                }
                events[try row.decode(column: "case_id", as: UUID.self), default: []].append(
                    (try row.decode(column: "at", as: Date.self), kind)
                )
            }
        }
        let contacts = self.policy.contacts.filter { $0.target == .cmeTeam }
        let duties = actor.caseAccess.duties(in: self.policy)
        return try models.map { model in
            // Timeline events keep the minute they happened; the referral, the second it arrived. Work recorded in
            // the minute the referral arrived counts as after it.
            let minute = Self.minute(model.receivedAt)
            let since = model.$case.id.map { id in
                (events[id] ?? []).filter { $0.0 >= minute }.map(\.1)
            }
            return ReferralStatusData(
                id: try model.requireID(),
                reference: model.reference,
                kind: NoticeKind(rawValue: model.kind),
                receivedAt: model.receivedAt,
                asSent: try? JSONDecoder().decode(Referral.self, from: model.form),
                progress: ReferralProgress.of(
                    caseState: model.$case.id.flatMap { states[$0] },
                    since: since ?? []
                ),
                contacts: contacts,
                duties: duties
            )
        }
    }

    /// The start of the minute `date` falls in.
    static func minute(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }
}
