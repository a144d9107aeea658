import FluentPostgresDriver
import Foundation
import SQLKit

/// A read that runs on nearly every request, whose text never changes: only its values do. PostgreSQL parses and
/// plans a statement sent with its values every time it arrives, and for the case detail's four-table join the
/// planning cost several times the run (ADR 0012). On PostgreSQL such a read is prepared once per connection under
/// its name and from then on sent with its values alone; SQLite, which plans in-process in microseconds, and
/// PostgreSQL inside a transaction (the writes' own reads, not the hot ones) are sent the same text with a bound
/// value in place of each. The text and the decoding of the rows are shared.
public protocol PreparedRead: SendableMetatype {
    /// The name PostgreSQL keeps the statement under, on each connection that has run it.
    static var name: String { get }
    /// The text around the values: a value goes between each part and the next, in order. Name the columns rather
    /// than `*`: PostgreSQL refuses a prepared statement whose columns have changed since it was prepared.
    static var parts: [String] { get }
}

/// One value of a prepared read.
public enum PreparedValue: Sendable {
    case uuid(UUID)
    case text(String)
}

extension PreparedRead {
    /// The text PostgreSQL prepares: `$1`, `$2`, … between the parts.
    static var postgresText: String {
        var text = Self.parts[0]
        for (index, part) in Self.parts.dropFirst().enumerated() { text += "$\(index + 1)" + part }
        return text
    }

    /// The rows for `values` (one between each pair of parts), on SQLite or PostgreSQL.
    public static func rows(_ values: [PreparedValue], on db: any Database) async throws -> [any SQLRow] {
        precondition(values.count == Self.parts.count - 1, "\(Self.name) takes \(Self.parts.count - 1) values")
        // Inside a transaction the read goes unprepared: a failure there must reach the transaction as itself, and
        // closing the connection (below) would end the transaction with a different error.
        if let postgres = db as? any PostgresDatabase, !db.inTransaction {
            var bindings = PostgresBindings(capacity: values.count)
            for value in values {
                switch value {
                case .uuid(let id): bindings.append(id)
                case .text(let text): bindings.append(text)
                }
            }
            let statement = PostgresStatement<Self>(bindings: bindings)
            let logger = db.logger
            return try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    do {
                        var rows: [any SQLRow] = []
                        for try await row in try await connection.execute(statement, logger: logger) {
                            rows.append(row.sql())
                        }
                        return rows
                    } catch {
                        // PostgresNIO remembers a statement that failed to prepare and fails it on that connection
                        // ever after, even once the cause has gone (a table renamed by a migration and back, a lock
                        // timeout). Closing the connection forgets it: the pool opens a fresh one in its place.
                        try? await connection.close()
                        throw error
                    }
                }
            }.get()
        }
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        var query = SQLQueryString(Self.parts[0])
        for (value, part) in zip(values, Self.parts.dropFirst()) {
            switch value {
            case .uuid(let id): query.appendInterpolation(bind: id)
            case .text(let text): query.appendInterpolation(bind: text)
            }
            query.appendLiteral(part)
        }
        return try await sql.raw(query).all()
    }
}

/// The read as PostgresNIO wants it, which prepares a statement name once per connection and reuses it after.
private struct PostgresStatement<Read: PreparedRead>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { Read.name }
    static var sql: String { Read.postgresText }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { self.bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
