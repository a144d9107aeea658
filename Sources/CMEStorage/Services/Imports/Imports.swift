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
        self.sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

/// What an import did.
public struct ImportReceipt: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case roll
        case returns
        case attendance
        case transfers
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

/// Progress of a long import: rows written so far of all there are.
public typealias ImportProgress = @Sendable (_ written: Int, _ of: Int) -> Void

extension CaseService {
    /// Rows per INSERT: inside SQLite's and PostgreSQL's limits on bound parameters for the widest table.
    static let insertBatch = 500

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

    /// Inserts `rows` (each in `columns` order) into `table`, a batch per statement.
    static func insert(
        _ rows: [[any Encodable & Sendable]],
        into table: String,
        columns: [String],
        on db: any Database,
        ignoringConflicts: Bool = false,
        progress: ImportProgress? = nil
    ) async throws {
        guard let sql = db as? any SQLDatabase else { throw ServiceError.notFound("SQL database") }
        for start in stride(from: 0, to: rows.count, by: Self.insertBatch) {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + Self.insertBatch, rows.count)] { insert = insert.values(row) }
            if ignoringConflicts { insert = insert.ignoringConflicts() }
            try await insert.run()
            progress?(min(start + Self.insertBatch, rows.count), rows.count)
        }
    }

    /// The import history, newest first.
    public func imports(on db: any Database, limit: Int = 100) async throws -> [DataImportModel] {
        try await DataImportModel.query(on: db).sort(\.$importedAt, .descending).limit(limit).all()
    }
}
