import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// What intake's duplicate check weighs a referral's names by (`KnownRegister`): how many children the register
/// holds, and how many carry each word of the referred child's names and each forename with each surname, read from
/// the search keys (one row per child and word, indexed by word).
extension CaseRows {
    /// How many children carry each of `words` in any of their names (words no child carries are left out).
    static func nameCounts(_ words: [String], on db: any Database) async throws -> [String: Int] {
        guard !words.isEmpty else { return [:] }
        var counts: [String: Int] = [:]
        for row in try await Self.sql(db).raw(
            "SELECT key, count(*) AS n FROM child_search_keys WHERE key IN (\(binds: words)) GROUP BY key"
        ).all() {
            counts[try row.decode(column: "key", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// How many children carry both `rarer` and `other`: the rarer word's children, each looked up under the other.
    static func pairCount(_ rarer: String, _ other: String, on db: any Database) async throws -> Int {
        let row = try await Self.sql(db).raw(
            """
            SELECT count(*) AS n FROM child_search_keys a
            JOIN child_search_keys b ON b.key = \(bind: other) AND b.child_id = a.child_id
            WHERE a.key = \(bind: rarer)
            """
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}

/// The register's counts for intake's prior and name weights, each kept for a minute of the time passed in: a prior
/// need not move with each referral, and counting a common name's children for each of a list's hundreds of
/// referrals cost more than the rest of intake (1.3 ms a referral at 20,000 children on SQLite, where the same few
/// names recur). At most `largest` readings are kept: past that, those no longer fresh are dropped, and all of
/// them if that is not enough.
final class RegisterCounts: @unchecked Sendable {
    static let fresh: TimeInterval = 60
    static let largest = 20_000
    private let lock = NSLock()
    private var readings: [String: (count: Int, at: Date)] = [:]

    /// The counts under `keys` still fresh at `now`.
    private func fresh(_ keys: [String], at now: Date) -> [String: Int] {
        self.lock.withLock {
            var found: [String: Int] = [:]
            for key in keys {
                if let reading = self.readings[key], reading.at <= now, now.timeIntervalSince(reading.at) < Self.fresh {
                    found[key] = reading.count
                }
            }
            return found
        }
    }

    private func keep(_ counts: [String: Int], at now: Date) {
        self.lock.withLock {
            if self.readings.count + counts.count > Self.largest {
                self.readings = self.readings.filter { now.timeIntervalSince($0.value.at) < Self.fresh }
                if self.readings.count + counts.count > Self.largest { self.readings = [:] }
            }
            for (key, count) in counts { self.readings[key] = (count, now) }
        }
    }

    /// The children on the register, not merged into another record.
    func children(on db: any Database, at now: Date) async throws -> Int {
        if let count = self.fresh(["=children"], at: now)["=children"] { return count }
        let count = try await ChildModel.query(on: db).filter(\.$mergedInto == nil).count()
        self.keep(["=children": count], at: now)
        return count
    }

    /// The register as `child`'s names see it: how many children carry the first word of the forename and the last
    /// word of each surname, and both.
    func register(for child: Child, on db: any Database, at now: Date) async throws -> KnownRegister {
        let children = try await self.children(on: db, at: now)
        let forenames = Array(Normalise.words(child.forename).prefix(1))
        let surnames = Array(Set(([child.surname] + child.aliases).compactMap { Normalise.words($0).last })).sorted()
        let words = Array(Set(forenames + surnames)).sorted()
        var counts = self.fresh(words, at: now)
        let missing = words.filter { counts[$0] == nil }
        if !missing.isEmpty {
            let read = try await CaseRows.nameCounts(missing, on: db)
            // A word no child carries is a reading too: none.
            let readings = Dictionary(uniqueKeysWithValues: missing.map { ($0, read[$0] ?? 0) })
            self.keep(readings, at: now)
            counts.merge(readings) { $1 }
        }
        var pairs: [String: Int] = [:]
        for forename in forenames {
            for surname in surnames where surname != forename {
                let key = KnownRegister.pairKey(forename, surname)
                if let count = self.fresh([key], at: now)[key] {
                    pairs[key] = count
                    continue
                }
                let (rarer, other) =
                    counts[forename, default: 0] <= counts[surname, default: 0]
                    ? (forename, surname) : (surname, forename)
                let count = counts[rarer, default: 0] == 0 ? 0 : try await CaseRows.pairCount(rarer, other, on: db)
                self.keep([key: count], at: now)
                pairs[key] = count
            }
        }
        return KnownRegister(children: children, nameCounts: counts, pairCounts: pairs)
    }
}
