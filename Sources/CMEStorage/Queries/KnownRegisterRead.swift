import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// What intake's duplicate check weighs a referral's names by (`KnownRegister`): how many children the register
/// holds, and how many carry each word of the referred child's names and each forename with each surname, read from
/// the search keys (one row per child and word, indexed by word).
extension CaseRows {
    static func register(for child: Child, children: Int, on db: any Database) async throws -> KnownRegister {
        let sql = try Self.sql(db)
        let forenames = Array(Normalise.words(child.forename).prefix(1))
        let surnames = ([child.surname] + child.aliases).compactMap { Normalise.words($0).last }
        let words = Array(Set(forenames + surnames)).sorted()
        guard !words.isEmpty else { return KnownRegister(children: children, nameCounts: [:]) }
        var counts: [String: Int] = [:]
        for row in try await sql.raw(
            "SELECT key, count(*) AS n FROM child_search_keys WHERE key IN (\(binds: words)) GROUP BY key"
        ).all() {
            counts[try row.decode(column: "key", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        var pairs: [String: Int] = [:]
        for forename in forenames {
            for surname in Set(surnames) where surname != forename {
                // The rarer word's children, each looked up under the other: an index probe a child.
                let (outer, inner) =
                    counts[forename, default: 0] <= counts[surname, default: 0]
                    ? (forename, surname) : (surname, forename)
                guard counts[outer, default: 0] > 0 else {
                    pairs[KnownRegister.pairKey(forename, surname)] = 0
                    continue
                }
                let row = try await sql.raw(
                    """
                    SELECT count(*) AS n FROM child_search_keys a
                    JOIN child_search_keys b ON b.key = \(bind: inner) AND b.child_id = a.child_id
                    WHERE a.key = \(bind: outer)
                    """
                ).first()
                pairs[KnownRegister.pairKey(forename, surname)] = try row?.decode(column: "n", as: Int.self) ?? 0
            }
        }
        return KnownRegister(children: children, nameCounts: counts, pairCounts: pairs)
    }
}

/// How many children the register holds, for intake's prior: counted at most once a minute of the time passed in, as
/// a prior need not move with each referral and counting every child for each would cost more than the check itself.
final class RegisterSize: @unchecked Sendable {
    private let lock = NSLock()
    private var counted: (children: Int, at: Date)?

    func children(on db: any Database, at now: Date) async throws -> Int {
        if let counted = self.lock.withLock({ self.counted }), counted.at <= now, now.timeIntervalSince(counted.at) < 60
        {
            return counted.children
        }
        let children = try await ChildModel.query(on: db).filter(\.$mergedInto == nil).count()
        self.lock.withLock { self.counted = (children, now) }
        return children
    }
}
