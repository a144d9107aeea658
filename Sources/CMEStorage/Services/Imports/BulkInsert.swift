import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// One value of a row for `BulkInsert`.
enum BulkValue: Sendable {
    case text(String)
    case int(Int)
    case double(Double)
    case uuid(UUID)
    case date(Date)
    case data([UInt8])
    case null

    static func text(_ value: String?) -> BulkValue { value.map { .text($0) } ?? .null }
    static func int(_ value: Int?) -> BulkValue { value.map { .int($0) } ?? .null }
}

/// Writes many rows with one multi-row INSERT per batch, binding the values straight to the driver: going through
/// `Encodable` for each of millions of values cost more than SQLite's or PostgreSQL's own work. The statement is the
/// same INSERT on both with its ON CONFLICT clause; SQLite gets rows of `?` placeholders, PostgreSQL the rows as
/// column arrays. Values are stored as Fluent stores them: on SQLite UUIDs as text and dates as seconds since 1970,
/// on PostgreSQL `uuid` and `timestamptz`.
enum BulkInsert {
    /// Rows per statement on SQLite: 20 columns × 500 rows stays inside its limit on bound parameters. PostgreSQL
    /// takes a column per parameter, so many more.
    static let batch = 500
    static let postgresBatch = 20_000

    /// Inserts `rows` (each in `columns` order), a batch per statement. `tail` follows each statement's VALUES
    /// (an `ON CONFLICT` clause, in the syntax both databases share).
    static func run(
        _ rows: [[BulkValue]],
        into table: String,
        columns: [String],
        tail: String = "",
        on db: any Database,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws {
        let size = db is any PostgresDatabase ? Self.postgresBatch : Self.batch
        for start in stride(from: 0, to: rows.count, by: size) {
            let slice = rows[start..<min(start + size, rows.count)]
            if let sqlite = db as? any SQLiteDatabase {
                let sql = Self.sqliteInsert(into: table, columns: columns, rows: slice.count, tail: tail)
                var binds: [SQLiteData] = []
                binds.reserveCapacity(slice.count * columns.count)
                for values in slice {
                    for value in values {
                        switch value {
                        case .text(let text): binds.append(.text(text))
                        case .int(let number): binds.append(.integer(number))
                        case .double(let number): binds.append(.float(number))
                        case .uuid(let id): binds.append(.text(id.uuidString))
                        case .date(let date): binds.append(.float(date.timeIntervalSince1970))
                        case .data(let bytes): binds.append(.blob(ByteBuffer(bytes: bytes)))
                        case .null: binds.append(.null)
                        }
                    }
                }
                _ = try await sqlite.query(sql, binds)
            } else if let postgres = db as? any PostgresDatabase {
                try await Self.postgres(
                    slice,
                    into: table,
                    columns: columns,
                    tail: tail,
                    on: postgres,
                    logger: db.logger
                )
            } else {
                throw StorageFault.notSQL
            }
            progress?(min(start + size, rows.count), rows.count)
        }
    }

    /// The statement SQLite is sent for `rows` rows: a group of `?` placeholders per row, then `tail`.
    static func sqliteInsert(into table: String, columns: [String], rows: Int, tail: String = "") -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ") + " " + tail
    }

    /// PostgreSQL: one array per column, unnested into rows: a statement with twenty parameters rather than ten
    /// thousand, which PostgreSQL plans far faster. Arrays carry no NULLs here, so in a column with NULLs in the
    /// batch a NULL is sent as an empty string (-1 for a number, the epoch for a date, no bytes for data) that NULLIF
    /// turns back into NULL; the imports never store any of those in a column that can be NULL.
    static func postgres(
        _ rows: ArraySlice<[BulkValue]>,
        into table: String,
        columns: [String],
        tail: String,
        on postgres: any PostgresDatabase,
        logger: Logger
    ) async throws {
        guard let first = rows.first else { return }
        enum Kind { case text, int, double, uuid, date, data, null }
        // A column's kind is that of its first non-null value; a column of NULLs only is not sent at all.
        let kinds: [Kind] = first.indices.map { column in
            for row in rows {
                switch row[column] {
                case .text: return .text
                case .int: return .int
                case .double: return .double
                case .uuid: return .uuid
                case .date: return .date
                case .data: return .data
                case .null: continue
                }
            }
            return .null
        }
        let nullable: [Bool] = first.indices.map { column in
            rows.contains { if case .null = $0[column] { true } else { false } }
        }
        var bindings = PostgresBindings(capacity: columns.count)
        var selects: [String] = []
        var arrays: [String] = []
        var names: [String] = []
        for (index, kind) in kinds.enumerated() {
            let name = "c\(index)"
            let parameter = arrays.count + 1
            if kind != .null { names.append(name) }
            switch kind {
            case .null:
                selects.append("NULL")
            case .text:
                bindings.append(rows.map { row -> String in if case .text(let v) = row[index] { v } else { "" } })
                arrays.append("$\(parameter)::text[]")
                selects.append(nullable[index] ? "NULLIF(\(name), '')" : name)
            case .int:
                bindings.append(rows.map { row -> Int in if case .int(let v) = row[index] { v } else { -1 } })
                arrays.append("$\(parameter)::bigint[]")
                selects.append(nullable[index] ? "NULLIF(\(name), -1)" : name)
            case .double:
                bindings.append(rows.map { row -> Double in if case .double(let v) = row[index] { v } else { 0 } })
                arrays.append("$\(parameter)::float8[]")
                selects.append(name)
            case .uuid:
                bindings.append(
                    rows.map { row -> String in if case .uuid(let v) = row[index] { v.uuidString } else { "" } }
                )
                arrays.append("$\(parameter)::text[]")
                selects.append(nullable[index] ? "NULLIF(\(name), '')::uuid" : "\(name)::uuid")
            case .date:
                let epoch = Date(timeIntervalSince1970: 0)
                bindings.append(rows.map { row -> Date in if case .date(let v) = row[index] { v } else { epoch } })
                arrays.append("$\(parameter)::timestamptz[]")
                selects.append(nullable[index] ? "NULLIF(\(name), 'epoch'::timestamptz)" : name)
            case .data:
                bindings.append(
                    rows.map { row -> ByteBuffer in
                        if case .data(let v) = row[index] { ByteBuffer(bytes: v) } else { ByteBuffer() }
                    }
                )
                arrays.append("$\(parameter)::bytea[]")
                selects.append(nullable[index] ? "NULLIF(\(name), ''::bytea)" : name)
            }
        }
        let sql =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT \(selects.joined(separator: ", ")) "
            + "FROM unnest(\(arrays.joined(separator: ", "))) AS u(\(names.joined(separator: ", "))) \(tail)"
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        _ = try await postgres.withConnection { connection in connection.query(query, logger: logger) }.get()
    }
}
