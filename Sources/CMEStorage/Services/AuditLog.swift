import Crypto
import Fluent
import Foundation
import SQLKit

/// What one audit row says: who did what to which record, from where. Identifiers only, never a child's data.
public struct AuditRecord: Sendable, Equatable {
    public enum Action: String, Sendable {
        case read
        case create
        case update
        case search
        case delete
    }

    public var at: Date
    public var userID: UUID?
    public var role: String
    public var action: Action
    public var entityType: String
    public var entityID: String
    public var childID: UUID?
    public var clientAddress: String?
    public var requestID: String?
    /// What was done, in words, where the action and entity do not say it (user administration, disposal).
    public var detail: String?

    public init(
        at: Date,
        actor: Actor,
        action: Action,
        entityType: String,
        entityID: String,
        childID: UUID?,
        detail: String? = nil
    ) {
        // Milliseconds: the precision both databases keep, so the hash can be recomputed from what is stored.
        self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.userID = actor.userID
        self.role = actor.role.rawValue
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.childID = childID
        self.clientAddress = actor.clientAddress
        self.requestID = actor.requestID
        self.detail = detail
    }
}

/// The append-only, hash-chained audit trail, written with group commit: rows that arrive together are written in
/// one transaction, and each caller resumes only once its row is committed (no acknowledged row is lost).
public actor AuditLog {
    public static let genesis = String(repeating: "0", count: 64)
    /// An arbitrary constant: the PostgreSQL advisory lock that serialises chain writers across server instances.
    static let chainLockKey = 4_721_930_611

    private let database: any Database
    let isPostgres: Bool
    private let gate: WriteGate
    private var pending: [(AuditRecord, CheckedContinuation<Void, any Error>?)] = []
    private var flushing = false

    public init(database: any Database, isPostgres: Bool, gate: WriteGate = .none) {
        self.database = database
        self.isPostgres = isPostgres
        self.gate = gate
    }

    /// Appends rows and returns once they are committed.
    public func record(_ records: [AuditRecord]) async throws {
        guard !records.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            for (index, record) in records.enumerated() {
                // Only the last row resumes the caller; the batch is all-or-nothing.
                self.pending.append((record, index == records.count - 1 ? continuation : nil))
            }
            if !self.flushing {
                self.flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !self.pending.isEmpty {
            let batch = self.pending
            self.pending = []
            do {
                try await self.write(batch.map(\.0))
                for (_, continuation) in batch { continuation?.resume() }
            } catch {
                for (_, continuation) in batch { continuation?.resume(throwing: error) }
            }
        }
        self.flushing = false
    }

    static let columns = [
        "id", "seq", "at", "user_id", "role", "action", "entity_type", "entity_id", "child_id", "client_address",
        "request_id", "prev_hash", "hash", "detail",
    ]

    /// One batch in its own transaction.
    private func write(_ records: [AuditRecord]) async throws {
        try await self.gate.transaction(self.database) { tx in try await self.append(records, on: tx) }
    }

    /// Appends rows to the chain inside the caller's transaction, so that they commit with what they record (an
    /// intake batch writes its rows this way). The caller's transaction must be one the chain's writers take in
    /// turn: on SQLite one that went through the write gate; on PostgreSQL the advisory lock taken here does it.
    /// The chain's last row, then every new row in one multi-row INSERT. Plain SQL rather than Fluent models:
    /// building and encoding a model per row cost more than the database's own work.
    nonisolated func append(_ records: [AuditRecord], on tx: any Database) async throws {
        guard !records.isEmpty else { return }
        guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
        if self.isPostgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.chainLockKey))").run()
        }
        let last = try await sql.raw("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").first()
        var seq = try last?.decode(column: "seq", as: Int.self) ?? 0
        var previous = try last?.decode(column: "hash", as: String.self) ?? Self.genesis
        var rows: [[BulkValue]] = []
        rows.reserveCapacity(records.count)
        for record in records {
            seq += 1
            let hash = Self.hash(of: record, seq: seq, previous: previous)
            rows.append([
                .uuid(UUID.timeOrdered(at: record.at)), .int(seq), .date(record.at),
                record.userID.map { .uuid($0) } ?? .null,
                .text(record.role), .text(record.action.rawValue), .text(record.entityType),
                .text(record.entityID), record.childID.map { .uuid($0) } ?? .null, .text(record.clientAddress),
                .text(record.requestID), .text(previous), .text(hash), .text(record.detail),
            ])
            previous = hash
        }
        try await BulkInsert.run(rows, into: AuditEntryModel.schema, columns: Self.columns, on: tx)
    }

    /// SHA-256 over the row's fields and the previous row's hash. A row without a detail hashes as rows did before
    /// the detail was added, so a chain written then still verifies.
    static func hash(of entry: AuditEntryModel, previous: String) -> String {
        self.hash(
            seq: entry.seq,
            at: entry.at,
            fields: [
                entry.userID?.uuidString ?? "", entry.role, entry.action, entry.entityType, entry.entityID,
                entry.childID?.uuidString ?? "", entry.clientAddress ?? "", entry.requestID ?? "",
            ] + (entry.detail.map { [$0] } ?? []),
            previous: previous
        )
    }

    static func hash(of record: AuditRecord, seq: Int, previous: String) -> String {
        self.hash(
            seq: seq,
            at: record.at,
            fields: [
                record.userID?.uuidString ?? "", record.role, record.action.rawValue, record.entityType,
                record.entityID, record.childID?.uuidString ?? "", record.clientAddress ?? "", record.requestID ?? "",
            ] + (record.detail.map { [$0] } ?? []),
            previous: previous
        )
    }

    private static func hash(seq: Int, at: Date, fields: [String], previous: String) -> String {
        let millis = Int64((at.timeIntervalSince1970 * 1000).rounded())
        let all = [String(seq), String(millis)] + fields + [previous]
        return Hex.string(SHA256.hash(data: Data(all.joined(separator: "\u{1F}").utf8)))
    }

    /// Checks the whole chain: positions without gaps, each row linked to the one before, each hash recomputed.
    /// Returns `nil` when intact, or the first broken position and why.
    public static func verify(on database: any Database) async throws -> (seq: Int, problem: String)? {
        var expectedSeq = 1
        var previous = Self.genesis
        var offset = 0
        let page = 5000
        while true {
            let rows = try await AuditEntryModel.query(on: database).sort(\.$seq).range(offset..<(offset + page)).all()
            if rows.isEmpty { return nil }
            for row in rows {
                if row.seq != expectedSeq {
                    return (expectedSeq, "row \(expectedSeq) is missing (next row is \(row.seq))")
                }
                if row.prevHash != previous { return (row.seq, "does not link to the row before it") }
                if row.hash != Self.hash(of: row, previous: previous) { return (row.seq, "has been changed") }
                previous = row.hash
                expectedSeq += 1
            }
            offset += page
        }
    }
}
