import Fluent

/// The children already recorded get their near-birth keys (`SearchKeys.nearBirth`), which intake's
/// possible-duplicates read looks up (issue 17's create referral figures, issue 18's queue): the keys are rebuilt
/// from the records as they stand.
struct RebuildSearchKeysWithNearBirth: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await SearchKeyIndex.rebuild(on: database)
    }

    /// The near-birth keys are harmless to the code before them (nothing looks them up), so they stay.
    func revert(on database: any Database) async throws {}
}
