import Fluent

/// Every migration, in order. Append-only: a shipped migration is never edited; fix with a new one.
public enum Migrations {
    public static let all: [any Migration] = [
        // 001: organisations, users, children, referrals, cases and their timeline, clocks, audit trail
        CreateOrganisations(),
        CreateUsers(),
        CreateAPITokens(),
        CreateChildren(),
        CreateCases(),
        CreateAuditEntries(),
        // 002: the case list's order
        UpdateCasesAddOpenedAtIndex(),
        // 003: web sign-in (sessions, lockout, second factor) and referral drafts
        CreateSessions(),
        UpdateUsersAddSignIn(),
        CreateReferralDrafts(),
        // 004: the tracing review queue
        CreateTracingCandidates(),
        // 005: imported rolls, returns, attendance and transfer lists; monthly snapshots
        CreateDataExchange(),
        // 006: indexes for reading a child's details and searching names
        CreateChildDetailIndexes(),
        // 007: sign-in lockout, spent public-form stamps and rate limits, shared by every instance; audit detail; idempotency keys;
        // restriction of processing; kept monthly records
        CreateThrottles(),
        UpdateAuditEntriesAddDetail(),
        CreateIdempotencyKeys(),
        UpdateChildrenAddProcessingRestriction(),
        CreateKeptMonthlyRecords(),
        // 008: each case's derived category history (issue 17)
        CreateCaseCategories(),
        // 009: organisations' own recurring duties (issue 17)
        CreateOrganisationDuties(),
        // 010: the keys a child is found by: every name, its sound, every UPN and postcode (issue 18)
        CreateChildSearchKeys(),
        // 011: the possible-duplicates queue, and merges that can be undone (issue 18)
        CreateDuplicateReview(),
        // 012: a case joined into the child's other open case by a merge (issue 18)
        UpdateCasesAddJoinedInto(),
        // 013: near-birth keys for intake's possible-duplicates read (issues 17 and 18)
        RebuildSearchKeysWithNearBirth(),
        // 014: an organisation's referrals a page at a time (issue 17)
        CreateReferralListIndex(),
    ]
}
