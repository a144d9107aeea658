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

    public init(
        at: Date,
        actor: Actor,
        action: Action,
        entityType: String,
        entityID: String,
        childID: UUID?
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
    }
}

/// The append-only, hash-chained audit trail, written with group commit: rows that arrive together are written in
/// one transaction, and each caller resumes only once its row is committed (no acknowledged row is lost).
public actor AuditLog {
    public static let genesis = String(repeating: "0", count: 64)
    /// An arbitrary constant: the PostgreSQL advisory lock that serialises chain writers across server instances.
    static let chainLockKey = 4_721_930_611

    private let database: any Database
    private let isPostgres: Bool
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

    private func write(_ records: [AuditRecord]) async throws {
        let isPostgres = self.isPostgres
        try await self.gate.transaction(self.database) { tx in
            if isPostgres, let sql = tx as? any SQLDatabase {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.chainLockKey))").run()
            }
            let last = try await AuditEntryModel.query(on: tx).sort(\.$seq, .descending).first()
            var seq = last?.seq ?? 0
            var previous = last?.hash ?? Self.genesis
            var models: [AuditEntryModel] = []
            for record in records {
                seq += 1
                let model = AuditEntryModel()
                model.seq = seq
                model.at = record.at
                model.userID = record.userID
                model.role = record.role
                model.action = record.action.rawValue
                model.entityType = record.entityType
                model.entityID = record.entityID
                model.childID = record.childID
                model.clientAddress = record.clientAddress
                model.requestID = record.requestID
                model.prevHash = previous
                model.hash = Self.hash(of: model, previous: previous)
                previous = model.hash
                models.append(model)
            }
            try await models.create(on: tx)
        }
    }

    /// SHA-256 over the row's fields and the previous row's hash.
    static func hash(of entry: AuditEntryModel, previous: String) -> String {
        let millis = Int64((entry.at.timeIntervalSince1970 * 1000).rounded())
        let fields = [
            String(entry.seq), String(millis), entry.userID?.uuidString ?? "", entry.role, entry.action,
            entry.entityType, entry.entityID, entry.childID?.uuidString ?? "", entry.clientAddress ?? "",
            entry.requestID ?? "", previous,
        ]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
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
