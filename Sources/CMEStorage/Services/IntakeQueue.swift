import CMECore
import CMEMatching
import Fluent
import Foundation

/// One referral to take in: what was sent, by whom, when.
public struct IntakeRequest: Sendable {
    public let referral: Referral
    public var actor: Actor
    public var at: Date
    /// The referrer is shown the case: a case the referral opens comes back in the result (`IntakeResult.detail`).
    public var answering: Bool
    /// The whole form as stored with the referral, encoded by the caller rather than inside the batch's
    /// transaction, where every referral waits for the one before; `nil` if it would not encode, and the batch
    /// tries again and fails that referral with the reason.
    let form: Data?
    /// The client's `Idempotency-Key`: recorded with the referral, in its transaction (`IdempotencyKeys`).
    public var idempotencyKey: String?
    /// The known children sharing a surname with the referred child and born near the day, read by the caller
    /// before the batch (`CaseService.nearChildren`), for the possible-duplicates check: reading them inside the
    /// batch, where every referral waits for the one before, cost a quarter of create referral's pace.
    var near: [(UUID, IntakeDecision.Candidate)]?
    /// How common the referred child's names are on the register (`CaseService.knownRegister`), read before the
    /// batch with `near`.
    var register: KnownRegister?

    public init(
        _ referral: Referral,
        by actor: Actor,
        at: Date,
        answering: Bool = false,
        idempotencyKey: String? = nil
    ) {
        self.referral = referral
        self.actor = actor
        self.at = at
        self.answering = answering
        self.idempotencyKey = idempotencyKey
        self.form = try? JSONEncoder().encode(referral)
    }
}

/// Group commit of whole intakes (ADR 0009). Referrals that arrive while a batch is being written wait, and go in
/// together in the next batch: one transaction, one commit (on SQLite, one sync of the log) for the group. Each
/// caller is answered once its batch has committed with its audit rows, so an acknowledged referral is never lost.
/// Every batch runs on the database of the caller that started the drain: callers pass the application's database
/// (a request's `db`), never a transaction of their own.
actor IntakeQueue {
    /// The most referrals in one transaction.
    static let largestBatch = 64

    private var waiting: [(request: IntakeRequest, answer: CheckedContinuation<IntakeResult, any Error>)] = []
    private var database: (any Database)?
    private var writing = false
    /// Batches written since start-up, and the referrals in them.
    private(set) var batches = 0
    private(set) var referrals = 0

    /// Takes in one referral with whichever others are waiting, and returns its result once committed.
    func submit(_ request: IntakeRequest, to service: CaseService, on db: any Database) async throws -> IntakeResult {
        try await withCheckedThrowingContinuation { answer in
            self.waiting.append((request, answer))
            if !self.writing {
                self.writing = true
                self.database = db
                Task { await self.drain(service) }
            }
        }
    }

    private func drain(_ service: CaseService) async {
        while !self.waiting.isEmpty, let db = self.database {
            let batch = Array(self.waiting.prefix(Self.largestBatch))
            self.waiting.removeFirst(batch.count)
            self.batches += 1
            self.referrals += batch.count
            let results = await service.intake(batch.map(\.request), on: db)
            for (entry, result) in zip(batch, results) { entry.answer.resume(with: result) }
        }
        self.writing = false
        self.database = nil
    }
}

/// New rows of an intake batch, held until the batch writes them: each table's rows in one multi-row INSERT,
/// parents first. Only the rows of a child not known before are queued: the child and their details, the case
/// opened for them, its first event, clocks and category, the referral. The duplicate check looks for queued children here
/// as well as in the database; a referral about a known child, queued or not, has the queue written first and then
/// reads and writes in place. A reference of a queued row (`CME-2026-000123`) is numbered when the queue is
/// written, one counter statement a series, in the order the rows were queued. Used by one transaction at a time.
final class RowQueue: @unchecked Sendable {
    /// Tables in the order their foreign keys need.
    static let order = [
        ChildModel.schema, "child_search_keys", ChildAliasModel.schema, ChildAddressModel.schema,
        ChildContactModel.schema,
        ChildSchoolModel.schema, CaseModel.schema, CaseEventModel.schema, ClockModel.schema,
        CategoryChangeModel.schema, ReferralModel.schema, DuplicatePairModel.schema,
    ]

    private var tables: [String: (columns: [String], rows: [() -> [RowInsert.Value]])] = [:]
    private var references: [(prefix: String, year: Int, assign: (String) -> Void)] = []
    /// The children queued, with their other names.
    private(set) var children: [(ChildModel, aliases: [String])] = []

    var isEmpty: Bool { self.tables.isEmpty && self.references.isEmpty }

    func add(_ table: String, columns: [String], row: @escaping () -> [RowInsert.Value]) {
        precondition(Self.order.contains(table), "an intake batch does not queue rows of \(table)")
        self.tables[table, default: (columns, [])].rows.append(row)
    }

    /// Numbers a reference when the queue is written, and hands it to `assign` before any row is built.
    func number(prefix: String, year: Int, assign: @escaping (String) -> Void) {
        self.references.append((prefix, year, assign))
    }

    /// Notes a queued child with their other names: the duplicate check cannot find them in the database until
    /// the queue is written, so it also looks here.
    func holds(_ child: ChildModel, aliases: [String]) {
        self.children.append((child, aliases))
    }

    /// Numbers the references, writes every queued row, and empties the queue.
    func write(on db: any Database) async throws {
        var counts: [String: Int] = [:]
        var series: [String] = []
        for reference in self.references {
            let name = "\(reference.prefix)-\(reference.year)"
            if counts[name] == nil { series.append(name) }
            counts[name, default: 0] += 1
        }
        var next: [String: Int] = [:]
        for name in series {
            let count = counts[name] ?? 0
            next[name] = try await CaseService.nextValue(name, count: count, on: db) - count + 1
        }
        for reference in self.references {
            let name = "\(reference.prefix)-\(reference.year)"
            let number = next[name] ?? 1
            next[name] = number + 1
            reference.assign(CaseService.reference(prefix: reference.prefix, year: reference.year, number: number))
        }
        for table in Self.order {
            guard let queued = self.tables[table] else { continue }
            try await RowInsert.run(queued.rows.map { $0() }, into: table, columns: queued.columns, on: db)
        }
        self.tables = [:]
        self.references = []
        self.children = []
    }
}
