/// A child's categories over every episode of a case, as the statutory counts read them: each change holds until
/// the next, across episodes (issue 17).
public struct CategoryTimeline: Hashable, Sendable {
    /// The changes, oldest first: (first day, category).
    public let changes: [(day: Day, category: Category)]

    /// `changes` in any order; each episode's, oldest first, in episode order, is what a case gives.
    public init(_ changes: [(day: Day, category: Category)]) {
        self.changes = changes.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }
            .map(\.element)
    }

    /// The category on `day`, or `nil` before the first change.
    public func category(on day: Day) -> Category? { self.changes.last { $0.day <= day }?.category }

    /// Whether the child was in one of `categories` on some day from `first` through `last`.
    public func wasIn(_ categories: Set<Category>, from first: Day, through last: Day) -> Bool {
        for (index, change) in self.changes.enumerated() where categories.contains(change.category) {
            let end = index + 1 < self.changes.count ? self.changes[index + 1].day.adding(days: -1) : last
            if change.day <= last && end >= first && change.day <= end { return true }
        }
        return false
    }

    /// The first day of the unbroken run in one of `categories` that includes `day`, or `nil` if `day` is not in
    /// one (time missing education counts from it).
    public func runStart(_ categories: Set<Category>, containing day: Day) -> Day? {
        guard let index = self.changes.lastIndex(where: { $0.day <= day }),
            categories.contains(self.changes[index].category)
        else { return nil }
        var start = index
        while start > 0, categories.contains(self.changes[start - 1].category) { start -= 1 }
        return self.changes[start].day
    }

    public static func == (lhs: CategoryTimeline, rhs: CategoryTimeline) -> Bool {
        lhs.changes.map(\.day) == rhs.changes.map(\.day) && lhs.changes.map(\.category) == rhs.changes.map(\.category)
    }

    public func hash(into hasher: inout Hasher) {
        for change in self.changes {
            hasher.combine(change.day)
            hasher.combine(change.category)
        }
    }
}

extension Category {
    /// The categories the DfE counts as children missing education: missing, and without a school place past the
    /// policy's threshold.
    public static let cme: Set<Category> = [.missing, .wasp]
}
