import CMECore
import Fluent
import Foundation

/// What joining one open case into another changed, so that an unmerge parts them exactly (issue 18).
struct CaseJoin: Codable, Equatable {
    /// A clock of the joined case as it stood: joining settles those still running.
    struct Clock: Codable, Equatable {
        var id: UUID
        var state: String
        var settledAt: Date?
        var alertedAt: Date?
    }

    /// The case joined, and the case it joined.
    var joined: UUID
    var into: UUID
    /// The joined case's own state, closing day, next review day and overdue count before it was joined.
    var state: String
    var closedAt: Date?
    var categoryReviewOn: String?
    var overdueClocks: Int
    var clocks: [Clock]
    /// The triage facts the joined case brought to the case kept, which it did not have.
    var addedFacts: [String]
    /// Cases joined into the joined case by an earlier merge, which now follow it into the case kept.
    var repointed: [UUID]
}

/// One child, one case (issue 18, Suffolk 9.5): when a merge leaves the child with two open cases, the one opened
/// later joins the one opened first, as a further referral would have attached to it. The joined case is closed
/// as joined, and nothing more is recorded on it; its events show on the kept case's timeline and count toward
/// its clocks and category (`CaseRows.events`, `coreEvents`); the kept case's own state is its own. Reports count
/// the kept case alone. An unmerge parts them again (`part`).
extension CaseService {
    /// Joins the child's open cases into the one whose episode opened first; returns what each join changed.
    func joinOpenCases(of child: UUID, on tx: any Database, at now: Date) async throws -> [CaseJoin] {
        let open = try await CaseModel.query(on: tx).filter(\.$child.$id == child).filter(\.$joinedInto == nil)
            .filter(\.$state != CaseState.closed.rawValue).all()
            .sorted { ($0.episodeOpenedAt, $0.reference) < ($1.episodeOpenedAt, $1.reference) }
        guard let kept = open.first, open.count > 1 else { return [] }
        var joins: [CaseJoin] = []
        for other in open.dropFirst() { joins.append(try await self.join(other, into: kept, on: tx, at: now)) }
        try await kept.save(on: tx)
        try await self.syncDerived(kept, on: tx, at: now)
        return joins
    }

    private func join(
        _ joined: CaseModel,
        into kept: CaseModel,
        on tx: any Database,
        at now: Date
    ) async throws
        -> CaseJoin
    {
        let id = try joined.requireID()
        let keptID = try kept.requireID()
        let clocks = try await ClockModel.query(on: tx).filter(\.$case.$id == id).all()
        var join = CaseJoin(
            joined: id,
            into: keptID,
            state: joined.state,
            closedAt: joined.closedAt,
            categoryReviewOn: joined.categoryReviewOn,
            overdueClocks: joined.overdueClocks,
            clocks: try clocks.map {
                CaseJoin.Clock(
                    id: try $0.requireID(),
                    state: $0.state,
                    settledAt: $0.settledAt,
                    alertedAt: $0.alertedAt
                )
            },
            addedFacts: Set(joined.facts).subtracting(kept.facts).sorted(),
            repointed: []
        )
        for earlier in try await CaseModel.query(on: tx).filter(\.$joinedInto == id).all() {
            earlier.joinedInto = keptID
            try await earlier.save(on: tx)
            join.repointed.append(try earlier.requireID())
        }
        // Its clocks no longer run: the kept case's clocks do the asking now.
        let unsettled: Set<String> = [
            ClockState.running.rawValue, ClockState.overdue.rawValue, ClockState.waiting.rawValue,
            ClockState.reached.rawValue,
        ]
        for clock in clocks where unsettled.contains(clock.state) {
            clock.state = ClockState.cancelled.rawValue
            clock.settledAt = now
            try await clock.save(on: tx)
        }
        joined.joinedInto = keptID
        joined.state = CaseState.closed.rawValue
        joined.closedAt = now
        joined.categoryReviewOn = nil
        joined.overdueClocks = 0
        try await joined.save(on: tx)
        kept.facts = Array(Set(kept.facts).union(joined.facts)).sorted()
        return join
    }

    /// Parts a join: the joined case stands as it stood, with its clocks, and both cases' derived state is taken
    /// again from their own events at `now`. Whatever was recorded on the kept case since stays with it.
    func part(_ join: CaseJoin, on tx: any Database, at now: Date) async throws {
        guard let joined = try await CaseModel.find(join.joined, on: tx),
            let kept = try await CaseModel.find(join.into, on: tx)
        else { throw ServiceError.notFound("case") }
        joined.joinedInto = nil
        joined.state = join.state
        joined.closedAt = join.closedAt
        joined.categoryReviewOn = join.categoryReviewOn
        joined.overdueClocks = join.overdueClocks
        try await joined.save(on: tx)
        let repointed =
            join.repointed.isEmpty ? [] : try await CaseModel.query(on: tx).filter(\.$id ~~ join.repointed).all()
        for earlier in repointed where earlier.joinedInto == join.into {
            earlier.joinedInto = join.joined
            try await earlier.save(on: tx)
        }
        let saved = Dictionary(uniqueKeysWithValues: join.clocks.map { ($0.id, $0) })
        for clock in try await ClockModel.query(on: tx).filter(\.$case.$id == join.joined).all() {
            guard let id = clock.id, let before = saved[id] else { continue }
            (clock.state, clock.settledAt, clock.alertedAt) = (before.state, before.settledAt, before.alertedAt)
            try await clock.save(on: tx)
        }
        let added = Set(join.addedFacts)
        kept.facts = kept.facts.filter { !added.contains($0) }
        try await kept.save(on: tx)
        try await self.syncDerived(joined, on: tx, at: now)
        try await self.syncDerived(kept, on: tx, at: now)
    }

    /// Refuses a command on a case joined into another: the one it joined is where the work goes on.
    func refuseIfJoined(_ model: CaseModel, on db: any Database) async throws {
        guard let into = model.joinedInto else { return }
        let reference = try await CaseModel.find(into, on: db)?.reference ?? "another case"
        throw ServiceError.invalid([
            FieldProblem(
                "kind",
                "\(model.reference) was joined into \(reference) when two records of the child were merged: record it on \(reference)"
            )
        ])
    }
}
