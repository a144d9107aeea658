import Fluent
import SQLKit

/// The case list sorts by `opened_at` under filters (`state != 'closed'`) that the `(state, opened_at)` index cannot
/// serve; an index on `opened_at` alone lets a page be read in order without sorting every case.
struct UpdateCasesAddOpenedAtIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "cases_opened_at").on("cases").column("opened_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "cases_opened_at").run()
    }
}
