import CMECore
import Crypto
import Fluent
import Foundation
import SQLKit

/// A file handed to an import: its name for the record, and its SHA-256, by which the same file taken in twice is
/// recognised and changes nothing the second time.
public struct ImportedFile: Sendable, Equatable {
    public var name: String
    public var sha256: String

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.sha256 = Hex.string(SHA256.hash(data: bytes))
    }
}

/// What an import did.
public struct ImportReceipt: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case roll
        case returns
        case attendance
        case transfers
        /// A CTF sent to one of our schools: its pupils join the school's roll.
        case joinerCTF = "ctf"
    }

    public var kind: Kind
    public var id: UUID?
    public var rows: Int
    /// When the same file was taken in before: then nothing changed now.
    public var alreadyImportedAt: Date?
    /// One line for the person who ran it.
    public var summary: String
}

/// A row of `data_imports`: one file taken in.
public final class DataImportModel: Model, @unchecked Sendable {
    public static let schema = "data_imports"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    /// The school the file was for, or empty for a file of many schools.
    @Field(key: "school_urn") public var schoolURN: String
    @Field(key: "file_name") public var fileName: String
    @Field(key: "file_sha256") public var fileSHA256: String
    @Field(key: "rows") public var rows: Int
    @Field(key: "summary") public var summary: String
    @OptionalParent(key: "imported_by") public var importedBy: UserModel?
    @Field(key: "imported_at") public var importedAt: Date

    public init() {}
}

/// Row ids for bulk inserts: random (version 4) UUIDs from a generator seeded by the system once per import,
/// rather than a call into the system for each of a few hundred thousand rows.
struct RowIDs {
    private var generator: SeededIDGenerator

    init() {
        var system = SystemRandomNumberGenerator()
        self.generator = SeededIDGenerator(a: system.next(), b: system.next(), c: system.next(), d: system.next())
    }

    mutating func next() -> UUID {
        let high = self.generator.next()
        let low = self.generator.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (8 * index))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }
}

/// xoshiro256**: 256 bits of state from the system's generator.
struct SeededIDGenerator {
    var a: UInt64
    var b: UInt64
    var c: UInt64
    var d: UInt64

    mutating func next() -> UInt64 {
        let result = ((self.b &* 5) << 7 | (self.b &* 5) >> 57) &* 9
        let t = self.b << 17
        self.c ^= self.a
        self.d ^= self.b
        self.b ^= self.c
        self.a ^= self.d
        self.c ^= t
        self.d = self.d << 45 | self.d >> 19
        return result
    }
}

/// Progress of a long import: rows written so far of all there are.
public typealias ImportProgress = @Sendable (_ written: Int, _ of: Int) -> Void

extension CaseService {
    /// Who may take files in: the LA's CME team, and the command line.
    func requireImporter(_ actor: Actor) throws {
        guard Self.laWide.contains(actor.role) || actor == .system else {
            throw ServiceError.forbidden("\(actor.role.label) may not import files")
        }
    }

    /// Runs one import: refused for a role that may not import; the same file a second time is recognised and
    /// changes nothing; otherwise the file is recorded, `body` writes its rows in the same transaction and gives the
    /// summary, and the import is audited once committed. `Extra` is whatever else `body` has to say.
    func runImport<Extra: Sendable>(
        _ kind: ImportReceipt.Kind,
        school: String?,
        file: ImportedFile,
        rows: Int,
        by actor: Actor,
        on db: any Database,
        at now: Date,
        _ body: @escaping @Sendable (_ tx: any Database, _ importID: UUID) async throws -> (String, Extra)
    ) async throws -> (receipt: ImportReceipt, extra: Extra?) {
        try self.requireImporter(actor)
        let result = try await self.gate.transaction(db) { tx -> (ImportReceipt, Extra?) in
            if let earlier = try await DataImportModel.query(on: tx).filter(\.$kind == kind.rawValue)
                .filter(\.$schoolURN == (school ?? "")).filter(\.$fileSHA256 == file.sha256).first()
            {
                let receipt = ImportReceipt(
                    kind: kind,
                    id: earlier.id,
                    rows: earlier.rows,
                    alreadyImportedAt: earlier.importedAt,
                    summary: "already imported: \(earlier.summary)"
                )
                return (receipt, nil)
            }
            // SQLite: room in the page cache for a whole import, which would otherwise spill half-written pages to
            // disk again and again inside its one transaction. PostgreSQL sizes its own buffers.
            let sqlite = (tx as? any SQLDatabase)?.dialect.name == "sqlite"
            // Statement journals in memory too, not in a temporary file written page by page.
            if sqlite, let sql = tx as? any SQLDatabase {
                try await sql.raw("PRAGMA cache_size = -262144").run()
                try await sql.raw("PRAGMA temp_store = MEMORY").run()
            }
            // The file first: its rows refer to it.
            let model = DataImportModel()
            let id = UUID()
            model.id = id
            model.kind = kind.rawValue
            model.schoolURN = school ?? ""
            model.fileName = String(file.name.suffix(200))
            model.fileSHA256 = file.sha256
            model.rows = rows
            model.summary = ""
            model.$importedBy.id = actor.userID
            model.importedAt = now
            try await model.create(on: tx)
            let (summary, extra) = try await body(tx, id)
            if sqlite, let sql = tx as? any SQLDatabase { try await sql.raw("PRAGMA cache_size = -2000").run() }
            model.summary = summary
            try await model.update(on: tx)
            return (ImportReceipt(kind: kind, id: id, rows: rows, alreadyImportedAt: nil, summary: summary), extra)
        }
        if result.0.alreadyImportedAt == nil, let id = result.0.id {
            try await self.audit.record([
                AuditRecord(
                    at: now,
                    actor: actor,
                    action: .create,
                    entityType: "import",
                    entityID: id.uuidString,
                    childID: nil
                )
            ])
        }
        return result
    }

    /// `values` in slices small enough to bind in one statement on either database.
    static func slices<T>(_ values: [T]) -> [[T]] {
        stride(from: 0, to: values.count, by: BulkInsert.batch).map {
            Array(values[$0..<min($0 + BulkInsert.batch, values.count)])
        }
    }

    /// The import history, newest first.
    public func imports(on db: any Database, limit: Int = 100) async throws -> [DataImportModel] {
        try await DataImportModel.query(on: db).sort(\.$importedAt, .descending).limit(limit).all()
    }
}
