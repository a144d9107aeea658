import CMECore
import Fluent
import Foundation

/// A change of category in one episode of a case, as the case page and the API show it on the timeline.
public struct CategoryEntry: Sendable, Equatable {
    public var episode: Int
    public var change: CategoryChange

    public init(episode: Int, change: CategoryChange) {
        self.episode = episode
        self.change = change
    }
}

extension CaseService {
    /// What a referral tells intake about the child's education: the facts the category history starts from.
    func categoryBasis(for referral: Referral) -> CategoryBasis {
        let unknown =
            referral.kind == .lostPupilNotice || referral.indicators[.whereaboutsUnknown]?.present == true
            || !referral.child.addresses.contains { $0.kind == .current }
        return CategoryBasis(
            dateOfBirth: referral.child.dateOfBirth,
            whereaboutsKnown: !unknown,
            outOfEducationSince: referral.firstDayOfAbsence(on: self.policy.calendar)
                ?? referral.dateLastAttended?.adding(days: 1),
            hasEHCP: referral.child.hasEHCP,
            lookedAfter: referral.child.inCare
        )
    }

    /// Stores `basis` on the case for its current episode.
    func setBasis(_ basis: CategoryBasis, on model: CaseModel) throws {
        model.categoryBasis = String(decoding: try JSONEncoder().encode(basis), as: UTF8.self)
    }

    /// The case's basis; a case written before bases were kept is read from its own columns (whereabouts from the
    /// category intake gave it, out of education from the first day of absence).
    func basis(of model: CaseModel) -> CategoryBasis {
        if let text = model.categoryBasis,
            let basis = try? JSONDecoder().decode(CategoryBasis.self, from: Data(text.utf8))
        {
            return basis
        }
        return CategoryBasis(
            dateOfBirth: (try? Day(iso: model.dateOfBirth)) ?? self.time.day(model.openedAt),
            whereaboutsKnown: model.category != CMECore.Category.missing.rawValue,
            outOfEducationSince: model.firstAbsenceDay.flatMap { try? Day(iso: $0) }
        )
    }

    /// The current episode's category history through the day of `now` (pure: the core derives it).
    func categoryHistory(of model: CaseModel, events: [CaseEvent], at now: Date) -> CategoryHistory {
        self.policy.classification.history(
            basis: self.basis(of: model),
            events: events,
            through: self.time.day(now),
            calendar: self.policy.calendar
        )
    }

    /// Sets the case's current category and next review day from `history`; whether either changed.
    @discardableResult
    func apply(_ history: CategoryHistory, to model: CaseModel) -> Bool {
        // A new case has no category yet: read the field's value, not the field.
        let before = (model.$category.value, model.$categoryReviewOn.value ?? nil)
        let category = history.current?.category.rawValue ?? before.0 ?? CMECore.Category.missing.rawValue
        let review = history.nextReview?.description
        model.category = category
        model.categoryReviewOn = review
        return before.0 != category || before.1 != review
    }

    /// Category rows for `history`, not yet written.
    func categoryRows(_ history: CategoryHistory, of model: CaseModel) throws -> [CategoryChangeModel] {
        let id = try model.requireID()
        return history.changes.map { change in
            let row = CategoryChangeModel()
            row.episode = model.episode
            row.day = change.day.description
            row.category = change.category.rawValue
            row.reason = change.reason
            row.section = change.section
            row.cause = change.cause?.rawValue
            row.$case.id = id
            return row
        }
    }

    /// Re-derives the current episode's category history and stores what changed: the rows of the episode, and
    /// the case's category and review day (the caller saves the case).
    func syncCategory(_ model: CaseModel, events: [CaseEvent], on db: any Database, at now: Date) async throws {
        let history = self.categoryHistory(of: model, events: events, at: now)
        self.apply(history, to: model)
        let id = try model.requireID()
        let stored = try await CategoryChangeModel.query(on: db).filter(\.$case.$id == id)
            .filter(\.$episode == model.episode).sort(\.$day).all()
        let rows = try self.categoryRows(history, of: model)
        func key(_ row: CategoryChangeModel) -> [String?] {
            [row.day, row.category, row.reason, row.section, row.cause]
        }
        guard stored.map(key) != rows.map(key) else { return }
        try await CategoryChangeModel.query(on: db).filter(\.$case.$id == id).filter(\.$episode == model.episode)
            .delete()
        try await CategoryChangeModel.insert(rows, on: db)
    }

    /// The category changes of a case's earlier episodes, as stored when each ended (the case page shows them
    /// before the current episode's, which it derives at the moment of reading).
    func earlierCategoryEntries(of model: CaseModel, on db: any Database) async throws -> [CategoryEntry] {
        guard model.episode > 1 else { return [] }
        let earlier = try await CategoryChangeModel.query(on: db).filter(\.$case.$id == model.requireID())
            .filter(\.$episode < model.episode).sort(\.$episode).sort(\.$day).all()
        return earlier.compactMap { row in
            guard let day = try? Day(iso: row.day), let category = CMECore.Category(rawValue: row.category)
            else { return nil }
            return CategoryEntry(
                episode: row.episode,
                change: CategoryChange(
                    day: day,
                    category: category,
                    reason: row.reason,
                    section: row.section,
                    cause: row.cause.flatMap(CaseEventKind.init(rawValue:))
                )
            )
        }
    }
}
