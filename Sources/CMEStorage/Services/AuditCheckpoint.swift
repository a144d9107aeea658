import Fluent
import Foundation

/// The head of the audit chain at one moment (row count, last hash, time), kept by an operator somewhere the
/// database's users cannot write (issue 16). The chain alone cannot show that its newest rows were deleted, nor that
/// it was rewritten from some row on with fresh hashes; a checkpoint taken earlier shows both.
public struct AuditCheckpoint: Sendable, Equatable {
    public var seq: Int
    public var hash: String
    public var at: Date

    public init(seq: Int, hash: String, at: Date) {
        self.seq = seq
        self.hash = hash
        self.at = at
    }

    /// One line of a checkpoint file: `seq<TAB>hash<TAB>ISO 8601 time`.
    public var line: String {
        "\(self.seq)\t\(self.hash)\t\(Self.format(self.at))"
    }

    /// The checkpoints of a file's text; a line that is not one is an error naming its number.
    public static func parse(_ text: String) throws -> [AuditCheckpoint] {
        var checkpoints: [AuditCheckpoint] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: "\t")
            guard parts.count == 3, let seq = Int(parts[0]), seq >= 0, parts[1].count == 64,
                let at = ISO8601DateFormatter().date(from: String(parts[2]))
            else {
                throw CheckpointError.malformed(line: index + 1)
            }
            checkpoints.append(AuditCheckpoint(seq: seq, hash: String(parts[1]), at: at))
        }
        return checkpoints
    }

    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case malformed(line: Int)

    public var description: String {
        switch self {
        case .malformed(let line): "line \(line) is not 'seq<TAB>hash<TAB>time'"
        }
    }
}

extension AuditLog {
    /// The chain's head now: its last row's position and hash (0 and the genesis hash when it is empty).
    public static func head(on db: any Database, at now: Date) async throws -> AuditCheckpoint {
        let last = try await AuditEntryModel.query(on: db).sort(\.$seq, .descending).first()
        return AuditCheckpoint(seq: last?.seq ?? 0, hash: last?.hash ?? Self.genesis, at: now)
    }

    /// Checks the chain against checkpoints taken earlier: each one's row must still be there with the hash it
    /// had. Returns nil when all hold, or the first that does not and why.
    public static func verify(
        _ checkpoints: [AuditCheckpoint],
        on db: any Database
    ) async throws -> (checkpoint: AuditCheckpoint, problem: String)? {
        for checkpoint in checkpoints where checkpoint.seq > 0 {
            guard let row = try await AuditEntryModel.query(on: db).filter(\.$seq == checkpoint.seq).first() else {
                let count = try await AuditEntryModel.query(on: db).count()
                return (
                    checkpoint,
                    "row \(checkpoint.seq) is gone (the trail now has \(count) rows): rows were removed"
                )
            }
            if row.hash != checkpoint.hash {
                return (checkpoint, "row \(checkpoint.seq) no longer has the hash it had: rows up to it were changed")
            }
        }
        return nil
    }
}

/// Appending checkpoints to their file: one line each, never rewriting what is there.
public enum AuditCheckpointFile {
    public static func append(_ checkpoint: AuditCheckpoint, to path: String) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard
                manager.createFile(
                    atPath: path,
                    contents: Data("# CME Tracker audit checkpoints: seq, hash, time\n".utf8)
                )
            else { throw CocoaError(.fileWriteNoPermission) }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((checkpoint.line + "\n").utf8))
        try handle.synchronize()
    }
}
