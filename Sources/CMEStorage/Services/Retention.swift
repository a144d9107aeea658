import CMECore
import Fluent
import Foundation
import SQLKit

/// What a retention run disposed of, or would (`dryRun`).
public struct RetentionReport: Sendable, Equatable {
    /// Children whose whole record was deleted, with the day it fell due.
    public var children: [(id: UUID, due: Day)]
    /// Feed rows deleted, by table.
    public var feedRows: [String: Int]
    public var dryRun: Bool

    public static func == (lhs: RetentionReport, rhs: RetentionReport) -> Bool {
        lhs.children.map(\.id) == rhs.children.map(\.id) && lhs.children.map(\.due) == rhs.children.map(\.due)
            && lhs.feedRows == rhs.feedRows && lhs.dryRun == rhs.dryRun
    }
}

/// The tables a child's record spans, in the order they are deleted (each row before what it points at). Audit rows
/// stay: they hold identifiers only, and say the record was disposed of.
private let childTables: [(table: String, rows: @Sendable (UUID) -> SQLQueryString)] = [
    ("alerts", { "case_id IN (SELECT id FROM cases WHERE child_id = \(bind: $0))" }),
    ("case_categories", { "case_id IN (SELECT id FROM cases WHERE child_id = \(bind: $0))" }),
    ("clocks", { "case_id IN (SELECT id FROM cases WHERE child_id = \(bind: $0))" }),
    ("case_events", { "case_id IN (SELECT id FROM cases WHERE child_id = \(bind: $0))" }),
    ("tracing_candidates", { "case_id IN (SELECT id FROM cases WHERE child_id = \(bind: $0))" }),
    ("idempotency_keys", { "referral_id IN (SELECT id FROM referrals WHERE child_id = \(bind: $0))" }),
    ("referrals", { "child_id = \(bind: $0)" }),
    ("cases", { "child_id = \(bind: $0)" }),
    ("sibling_links", { "child_id = \(bind: $0) OR sibling_id = \(bind: $0)" }),
    ("child_schools", { "child_id = \(bind: $0)" }),
    ("child_contacts", { "child_id = \(bind: $0)" }),
    ("child_addresses", { "child_id = \(bind: $0)" }),
    ("child_aliases", { "child_id = \(bind: $0)" }),
    ("child_search_keys", { "child_id = \(bind: $0)" }),
    // A record merged into this one (issue 18) holds nothing of its own any more, and goes with it.
    (
        "duplicate_pairs",
        {
            """
            child_id = \(bind: $0) OR other_id = \(bind: $0)
            OR child_id IN (SELECT id FROM children WHERE merged_into = \(bind: $0))
            OR other_id IN (SELECT id FROM children WHERE merged_into = \(bind: $0))
            """
        }
    ),
    (
        "child_merges",
        {
            """
            kept_id = \(bind: $0) OR merged_id = \(bind: $0)
            OR kept_id IN (SELECT id FROM children WHERE merged_into = \(bind: $0))
            OR merged_id IN (SELECT id FROM children WHERE merged_into = \(bind: $0))
            """
        }
    ),
    ("children", { "merged_into = \(bind: $0)" }),
    ("children", { "id = \(bind: $0)" }),
]

/// Feed tables and the column that says which day a row is about (ISO dates sort as text).
private let feedTables: [(table: String, day: String)] = [
    ("attendance_marks", "day"), ("roll_changes", "day"), ("school_returns", "day"), ("roll_pupils", "leaving_date"),
]

extension CaseService {
    /// Disposes of what the policy's retention rules say is due on the day of `now` (UK GDPR Art. 5(1)(e)): each
    /// child's whole record in a transaction of its own with an audit row that names what went and under which
    /// rule; then feed rows past their months, with one audit row per table. `dryRun` counts and changes nothing.
    public func runRetention(
        by actor: Actor,
        dryRun: Bool,
        on db: any Database,
        at now: Date
    ) async throws -> RetentionReport {
        guard actor == .system || actor.role == .administrator else {
            throw ServiceError.forbidden("\(actor.role.label) may not dispose of records")
        }
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let rules = self.policy.retention
        let today = self.time.day(now)
        // Children with no open case, born before the latest birthday that could be due today.
        let latestBirth = today.adding(months: -12 * (rules.childYearsAfterLeaving + 15))
        let candidates = try await sql.raw(
            """
            SELECT id, date_of_birth FROM children WHERE date_of_birth <= \(bind: latestBirth.description)
            AND merged_into IS NULL
            AND id NOT IN (SELECT child_id FROM cases WHERE state <> \(bind: CaseState.closed.rawValue))
            ORDER BY date_of_birth, id
            """
        ).all()
        var report = RetentionReport(children: [], feedRows: [:], dryRun: dryRun)
        for row in candidates {
            guard let born = try? Day(iso: row.decode(column: "date_of_birth", as: String.self)),
                rules.childIsDue(dateOfBirth: born, hasOpenCase: false, on: today)
            else { continue }
            let id = try row.decode(column: "id", as: UUID.self)
            report.children.append((id, rules.childDue(dateOfBirth: born)))
            if !dryRun { try await self.dispose(child: id, by: actor, rule: rules.childRule, on: db, at: now) }
        }
        let cutoff = rules.feedCutoff(on: today).description
        for (table, column) in feedTables {
            let counted = try await sql.raw(
                "SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(ident: column) < \(bind: cutoff)"
            ).first()
            let count = try counted?.decode(column: "n", as: Int.self) ?? 0
            report.feedRows[table] = count
            guard !dryRun, count > 0 else { continue }
            try await self.audited(on: db) { tx in
                guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
                try await sql.raw("DELETE FROM \(ident: table) WHERE \(ident: column) < \(bind: cutoff)").run()
                let record = AuditRecord(
                    at: now,
                    actor: actor,
                    action: .delete,
                    entityType: table,
                    entityID: "before \(cutoff)",
                    childID: nil,
                    detail: "retention: \(count) rows about days before \(cutoff), \(rules.feedRule)"
                )
                return ((), [record])
            }
        }
        return report
    }

    /// Deletes one child's whole record and writes the audit row that says so, in one transaction.
    private func dispose(child id: UUID, by actor: Actor, rule: String, on db: any Database, at now: Date) async throws
    {
        try await self.audited(on: db) { tx in
            guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
            var counts: [String] = []
            for (table, rows) in childTables {
                let predicate = rows(id)
                let counted = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(predicate)").first()
                let count = try counted?.decode(column: "n", as: Int.self) ?? 0
                if count > 0 { counts.append("\(count) \(table.replacingOccurrences(of: "_", with: " "))") }
                try await sql.raw("DELETE FROM \(ident: table) WHERE \(predicate)").run()
            }
            // The reports computed before no longer hold (`ReportGeneration`).
            _ = try await Self.nextValue(ReportGeneration.disposalCounter, on: tx)
            let record = AuditRecord(
                at: now,
                actor: actor,
                action: .delete,
                entityType: "child",
                entityID: id.uuidString,
                childID: id,
                detail: "retention: \(rule); disposed of \(counts.joined(separator: ", "))"
            )
            return ((), [record])
        }
    }
}

extension CaseService {
    /// The sweep's retention run: at most once a day, whichever instance gets there first.
    public func runRetentionDaily(on db: any Database, at now: Date) async throws -> RetentionReport? {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let today = self.time.day(now).ordinal
        let claimed = try await sql.raw(
            """
            INSERT INTO counters (name, value) VALUES ('retention-day', \(bind: today))
            ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE counters.value < excluded.value
            RETURNING value
            """
        ).first()
        guard claimed != nil else { return nil }
        return try await self.runRetention(by: .system, dryRun: false, on: db, at: now)
    }
}
