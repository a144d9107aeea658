import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// Everything a case page or the API shows about one case.
public struct CaseDetailData: Sendable {
    public var model: CaseModel
    public var child: ChildModel
    public var addresses: [ChildAddressModel]
    public var aliases: [String]
    public var episodes: Int
    public var timeline: [CaseEventModel]
    public var clocks: [ClockStatus]
    /// Recommended escalations with their status (outstanding or done), derived from the timeline.
    public var recommendations: [SettledRecommendation]
    public var allowedEvents: [CaseEventKind]
    /// What the case asks of the officer now (close with NCA past the school leaving date).
    public var prompts: [CasePrompt]
    /// Whether the viewer may read restricted addresses (Cromford 8.0).
    public var mayReadRestricted: Bool
    /// The child's category on the day of reading, derived from the events, the policy and the day.
    public var category: CategoryChange?
    /// Every change of category, each episode's oldest first: the timeline shows them on their days.
    public var categoryHistory: [CategoryEntry]
    /// The references of the other cases this one names (issue 18): the case it was joined into, and those joined
    /// into it, whose events are on its timeline.
    public var caseReferences: [UUID: String] = [:]

    /// The case this one was joined into by a merge, with its reference.
    public var joinedInto: (id: UUID, reference: String)? {
        self.model.joinedInto.map { ($0, self.caseReferences[$0] ?? "another case") }
    }

    /// The reference of the case a timeline entry was recorded on, when that is a case joined into this one.
    public func joinedFrom(_ event: CaseEventModel) -> String? {
        event.$case.id == self.model.id ? nil : self.caseReferences[event.$case.id] ?? "a joined case"
    }
}

/// Filters for the case list.
public struct CaseFilter: Sendable, Equatable {
    public var open: Bool?
    public var state: String?
    public var category: String?
    public var ownerID: UUID?
    public var schoolURN: String?
    public var overdue: Bool?
    public var reason: String?
    public var source: String?
    public var minAge: Int?
    public var maxAge: Int?
    /// The child's name, exactly but in any case and with or without accents ("zainab okafor", "Okafor").
    public var name: String?
    public var page: Int = 1
    public var per: Int = 50

    /// The highest page asked for (50 cases a page reaches five million cases).
    public static let maxPage = 100_000
    /// Ages a filter may name.
    public static let ages = 0...30

    public init() {}

    /// The page, page size and ages outside what the list accepts, each named.
    public var rangeProblems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if !(1...Self.maxPage).contains(self.page) {
            problems.append(FieldProblem("page", "must be from 1 to \(Self.maxPage)"))
        }
        for (field, age) in [("minAge", self.minAge), ("maxAge", self.maxAge)] {
            if let age, !Self.ages.contains(age) {
                problems.append(FieldProblem(field, "must be from \(Self.ages.lowerBound) to \(Self.ages.upperBound)"))
            }
        }
        if !(1...200).contains(self.per) { problems.append(FieldProblem("per", "must be from 1 to 200")) }
        return problems
    }
}

extension CaseService {
    /// A case with its child, timeline, clocks and recommendations, if `actor` may see it. The read is audited.
    /// A restricted child's record (UK GDPR Art. 18) is read only with `accessReason`, which the audit row keeps.
    public func detail(
        caseID: UUID,
        for actor: Actor,
        on db: any Database,
        at now: Date,
        accessReason: String? = nil
    ) async throws -> CaseDetailData {
        guard actor.role.readsCases else {
            throw ServiceError.forbidden("\(actor.role.label) may not read cases")
        }
        guard let read = try await CaseRows.caseWithChild(caseID, on: db),
            try await self.maySee(read.model, actor: actor, on: db)
        else {
            throw ServiceError.notFound("case \(caseID)")
        }
        let model = read.model
        let restricted = try self.restrictedReadDetail(read.child, for: actor, reason: accessReason)
        let data = try await self.assemble(
            model,
            child: read.child,
            addresses: read.addresses,
            aliases: read.aliases,
            for: actor,
            on: db,
            at: now
        )
        try await self.audit.record([
            AuditRecord(
                at: now,
                actor: actor,
                action: .read,
                entityType: "case",
                entityID: caseID.uuidString,
                childID: model.$child.id,
                detail: restricted
            )
        ])
        return data
    }

    /// Throws `notFound` unless `actor` may see the case: the same answer whether it exists or not.
    public func requireVisible(caseID: UUID, for actor: Actor, on db: any Database) async throws {
        guard actor.role.readsCases,
            let model = try await CaseRows.caseModel(caseID, on: db), try await self.maySee(model, actor: actor, on: db)
        else { throw ServiceError.notFound("case \(caseID)") }
    }

    func assemble(
        _ model: CaseModel,
        child: ChildModel,
        addresses: [ChildAddressModel],
        aliases: [String],
        for actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> CaseDetailData {
        let id = try model.requireID()
        let timeline = try await CaseRows.events(of: id, on: db)
        var data = self.assembled(
            model,
            child: child,
            addresses: addresses,
            aliases: aliases,
            timeline: timeline,
            earlierCategories: try await self.earlierCategoryEntries(of: model, on: db),
            for: actor,
            at: now
        )
        // Only a case a merge joined reads the other cases' references.
        let others = Set(timeline.map(\.$case.id) + [model.joinedInto].compactMap { $0 }).subtracting([id])
        if !others.isEmpty {
            for other in try await CaseModel.query(on: db).filter(\.$id ~~ others).all() {
                if let otherID = other.id { data.caseReferences[otherID] = other.reference }
            }
        }
        return data
    }

    /// The same, from the case's timeline already in hand.
    func assembled(
        _ model: CaseModel,
        child: ChildModel,
        addresses: [ChildAddressModel],
        aliases: [String],
        timeline: [CaseEventModel],
        earlierCategories: [CategoryEntry] = [],
        for actor: Actor,
        at now: Date
    ) -> CaseDetailData {
        let events = self.coreEvents(of: model, rows: timeline)
        let history = self.categoryHistory(of: model, events: events, at: now)
        let baseFacts = Set(model.facts.compactMap(TriageFact.init(rawValue:)))
        let clocks =
            (try? self.policy.clockEngine.evaluate(events: events, facts: baseFacts, at: self.time.local(now))) ?? []
        let snapshot = self.snapshot(of: model)
        let staff = actor.role.readsCases
        let recommendations =
            staff && snapshot.state.isOpen
            ? SettledRecommendation.settle(self.policy.recommend(self.facts(of: model, clocks: clocks)), events: events)
            : []
        // A recommendation can be declined only while one is outstanding (the service refuses any other).
        let declinable = recommendations.contains { $0.status == .outstanding }
        return CaseDetailData(
            model: model,
            child: child,
            addresses: addresses,
            aliases: aliases,
            episodes: model.episode,
            timeline: timeline,
            // A joined case's clocks are the kept case's now (issue 18).
            clocks: staff && model.joinedInto == nil ? clocks : [],
            recommendations: recommendations,
            allowedEvents: staff
                ? self.allowedEvents(on: model, for: actor).filter { $0 != .recommendationDeclined || declinable } : [],
            prompts: staff
                ? (try? Day(iso: model.dateOfBirth)).map {
                    CasePrompt.prompts(dateOfBirth: $0, state: snapshot.state, on: self.time.day(now))
                } ?? [] : [],
            mayReadRestricted: self.policy.maySeeRestrictedAddress(actor.role),
            category: history.current,
            categoryHistory: earlierCategories
                + history.changes.map { CategoryEntry(episode: model.episode, change: $0) }
        )
    }

    /// One page of the cases `actor` may see, newest first, with the total.
    public func list(
        _ filter: CaseFilter,
        for actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> (items: [CaseModel], names: [UUID: String], total: Int) {
        guard actor.role.readsCases else {
            throw ServiceError.forbidden("\(actor.role.label) may not list cases")
        }
        let sql = try CaseRows.sql(db)
        // SQLKit rather than Fluent models: decoding fifty models and their children by reflection took most of a
        // page's time (BENCHMARKS.md). The same filters, as one WHERE clause shared by the count and the page.
        var conditions: [SQLQueryString] = []
        if actor.role == .ewo { conditions.append(Self.ewoCases(actor)) }
        if let open = filter.open {
            conditions.append(
                open
                    ? "cases.state <> \(bind: CaseState.closed.rawValue)"
                    : "cases.state = \(bind: CaseState.closed.rawValue)"
            )
        }
        if let state = filter.state { conditions.append("cases.state = \(bind: state)") }
        if let category = filter.category { conditions.append("cases.category = \(bind: category)") }
        if let owner = filter.ownerID { conditions.append("cases.assignee_id = \(bind: owner)") }
        if let urn = filter.schoolURN { conditions.append("cases.school_urn = \(bind: urn)") }
        if let overdue = filter.overdue {
            conditions.append(overdue ? "cases.overdue_clocks > 0" : "cases.overdue_clocks = 0")
        }
        if let reason = filter.reason { conditions.append("cases.reason = \(bind: reason)") }
        if let source = filter.source { conditions.append("cases.source = \(bind: source)") }
        if let name = filter.name {
            let words = Normalise.words(name)
            let children: SQLQueryString
            if words.count == 1 {
                children = "search_surname = \(bind: words[0]) OR search_forename = \(bind: words[0])"
            } else if words.count > 1 {
                let rest = words.dropFirst().joined(separator: " ")
                children = "search_forename = \(bind: words[0]) AND search_surname = \(bind: rest)"
            } else {
                children = "1 = 0"
            }
            conditions.append("cases.child_id IN (SELECT id FROM children WHERE \(children))")
        }
        let today = self.time.day(now)
        let problems = filter.rangeProblems
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        // Age bounds become date-of-birth bounds (stored as sortable YYYY-MM-DD).
        if let minAge = filter.minAge,
            let latest = Day(year: today.year - minAge, month: today.month, day: min(today.day, 28))
        {
            conditions.append("cases.date_of_birth <= \(bind: latest.description)")
        }
        if let maxAge = filter.maxAge,
            let earliest = Day(year: today.year - maxAge - 1, month: today.month, day: min(today.day, 28))
        {
            conditions.append("cases.date_of_birth > \(bind: earliest.description)")
        }
        var clause: SQLQueryString = ""
        for (index, condition) in conditions.enumerated() {
            clause = clause + (index == 0 ? " WHERE " : " AND ") + condition
        }
        let counted = try await sql.raw("SELECT COUNT(*) AS total FROM cases\(clause)").first()
        let total = try counted?.decode(column: "total", as: Int.self) ?? 0
        let offset = (filter.page - 1) * filter.per
        let rows = try await sql.raw(
            """
            SELECT cases.*, children.forename AS ch_forename, children.surname AS ch_surname
            FROM cases JOIN children ON children.id = cases.child_id\(clause)
            ORDER BY cases.opened_at DESC, cases.reference DESC LIMIT \(literal: filter.per) OFFSET \(literal: offset)
            """
        ).all()
        var items: [CaseModel] = []
        var names: [UUID: String] = [:]
        for row in rows {
            let model = try CaseRows.caseModel(row)
            items.append(model)
            names[model.$child.id] =
                "\(try row.decode(column: "ch_forename", as: String.self)) \(try row.decode(column: "ch_surname", as: String.self))"
        }
        return (items, names, total)
    }
}
