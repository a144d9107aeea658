import Fluent
import Foundation
import SQLKit

/// What the reports were computed from, read in one cheap query: how many cases were ever opened (the numbering
/// counters every new case takes its reference from) and how many children's records retention disposed of, the
/// latest change to any case (every command, intake and the sweep's re-derivation save the case) or to any child
/// (a restriction hides an area), and the number of kept monthly records. A report computed at one generation is
/// the report at any time the generation is unchanged. Counting the cases instead cost PostgreSQL a visit to every
/// case row not yet vacuumed: 14 ms a report page at 20,000 cases.
public struct ReportGeneration: Hashable, Sendable {
    public var casesOpened: Int
    public var disposals: Int
    public var latestChange: Date?
    public var latestChildChange: Date?
    public var keptRecords: Int

    /// The counter retention moves on each time it disposes of a child's record (and its cases).
    static let disposalCounter = "records-disposed"

    public static func current(on db: any Database) async throws -> ReportGeneration {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let row = try await sql.raw(
            """
            SELECT (SELECT COALESCE(CAST(sum(value) AS BIGINT), 0) FROM counters WHERE name LIKE 'CME-%') AS opened,
            (SELECT COALESCE(max(value), 0) FROM counters WHERE name = \(bind: Self.disposalCounter)) AS disposed,
            (SELECT max(updated_at) FROM cases) AS latest, (SELECT max(updated_at) FROM children) AS child,
            (SELECT count(*) FROM kept_monthly_records) AS kept
            """
        ).first()
        return ReportGeneration(
            casesOpened: try row?.decode(column: "opened", as: Int.self) ?? 0,
            disposals: try row?.decode(column: "disposed", as: Int.self) ?? 0,
            latestChange: try row?.decode(column: "latest", as: Date?.self),
            latestChildChange: try row?.decode(column: "child", as: Date?.self),
            keptRecords: try row?.decode(column: "kept", as: Int.self) ?? 0
        )
    }
}

/// Reports computed over every case, kept while nothing they were computed from has changed (issue 17: a county's
/// 20,000 cases took seconds a report; a report page and each of its drill-downs read it from here instead). The
/// cache is per server process and holds a few reports; every read first checks the generation, so a report is
/// never shown from data that has since changed. It is the one fast path of the reports, behind this type.
public actor ReportCache {
    private var entries: [String: (generation: ReportGeneration, value: any Sendable, used: Int)] = [:]
    /// Computations under way: a request arriving meanwhile for the same report at the same generation waits for
    /// it rather than computing it again (16 requests at once had each computed the report for 20,000 cases).
    private var computing: [String: (generation: ReportGeneration, task: Task<any Sendable, any Error>)] = [:]
    private var uses = 0
    private let capacity: Int

    public init(capacity: Int = 24) { self.capacity = capacity }

    /// The value under `key` at the current generation, computed by `compute` if it is not held.
    public func value<T: Sendable>(
        _ key: String,
        on db: any Database,
        compute: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let generation = try await ReportGeneration.current(on: db)
        self.uses += 1
        if let entry = self.entries[key], entry.generation == generation, let value = entry.value as? T {
            self.entries[key]?.used = self.uses
            return value
        }
        let task: Task<any Sendable, any Error>
        if let running = self.computing[key], running.generation == generation {
            task = running.task
        } else {
            task = Task { try await compute() as any Sendable }
            self.computing[key] = (generation, task)
        }
        let computed: any Sendable
        do {
            computed = try await task.value
        } catch {
            // A failed computation is not kept: the next request tries again.
            if self.computing[key]?.generation == generation { self.computing[key] = nil }
            throw error
        }
        if self.computing[key]?.generation == generation { self.computing[key] = nil }
        guard let value = computed as? T else { return try await compute() }
        // Showing a finished month keeps its record, which moves the generation on: when nothing but kept records
        // changed meanwhile, the value (which shows that record) holds for the new generation too. Otherwise the
        // next reader computed the report again at once (the monthly page's p99 was 750 ms at 20,000 cases).
        var holds = generation
        if let after = try? await ReportGeneration.current(on: db), after != generation,
            after.casesOpened == generation.casesOpened, after.disposals == generation.disposals,
            after.latestChange == generation.latestChange,
            after.latestChildChange == generation.latestChildChange
        {
            holds = after
        }
        self.entries[key] = (holds, value, self.uses)
        if self.entries.count > self.capacity,
            let oldest = self.entries.min(by: { $0.value.used < $1.value.used })?.key
        {
            self.entries[oldest] = nil
        }
        return value
    }
}
