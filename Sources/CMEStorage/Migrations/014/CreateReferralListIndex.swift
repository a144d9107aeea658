import Fluent
import SQLKit

/// An organisation's referrals, newest first, a page at a time: without this index the database read every
/// referral the organisation ever sent and sorted them for each page (13,333 from one school in the 20,000-case
/// demo: 16 ms of PostgreSQL's time a page). It leads with the organisation, so it also serves what the index on
/// `organisation_id` alone served.
struct CreateReferralListIndex: AsyncMigration {
    static let name = "referrals_organisation_received"

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw StorageFault.notSQL }
        try await sql.raw(
            """
            CREATE INDEX IF NOT EXISTS \(ident: Self.name) ON referrals (organisation_id, received_at, reference)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw StorageFault.notSQL }
        try await sql.raw("DROP INDEX IF EXISTS \(ident: Self.name)").run()
    }
}
