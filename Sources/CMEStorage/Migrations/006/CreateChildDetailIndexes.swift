import Fluent
import SQLKit

/// A case's detail, and every referral about a known child, read the child's addresses, aliases, contacts and
/// schools by `child_id`: without an index each of those reads scanned its whole table (20,000 rows in the
/// benchmark LA). The name searches (the case list's name filter, the child search) read `search_surname` and
/// `search_forename`.
struct CreateChildDetailIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, column: String)] = [
        ("child_addresses_child", "child_addresses", "child_id"),
        ("child_aliases_child", "child_aliases", "child_id"),
        ("child_contacts_child", "child_contacts", "child_id"),
        ("child_schools_child", "child_schools", "child_id"),
        ("sibling_links_sibling", "sibling_links", "sibling_id"),
        ("alerts_case", "alerts", "case_id"),
        ("children_search_surname", "children", "search_surname"),
        ("children_search_forename", "children", "search_forename"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes {
            // IF NOT EXISTS (both databases have it): an interrupted run can simply be repeated. The names are the
            // constants above.
            try await sql.raw(
                "CREATE INDEX IF NOT EXISTS \(ident: index.name) ON \(ident: index.table) (\(ident: index.column))"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes { try await sql.raw("DROP INDEX IF EXISTS \(ident: index.name)").run() }
    }
}
