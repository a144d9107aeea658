/// What intake knew of a child's education when an episode opened: the facts a category history starts from.
/// These are what the referral said, not a judgement; the category on any day is derived from them, the episode's
/// events and the policy.
public struct CategoryBasis: Hashable, Sendable, Codable {
    public var dateOfBirth: Day
    public var whereaboutsKnown: Bool
    /// The first day without an education place, when the referral gave it.
    public var outOfEducationSince: Day?
    public var hasEHCP: Bool
    public var lookedAfter: Bool

    public init(
        dateOfBirth: Day,
        whereaboutsKnown: Bool,
        outOfEducationSince: Day? = nil,
        hasEHCP: Bool = false,
        lookedAfter: Bool = false
    ) {
        self.dateOfBirth = dateOfBirth
        self.whereaboutsKnown = whereaboutsKnown
        self.outOfEducationSince = outOfEducationSince
        self.hasEHCP = hasEHCP
        self.lookedAfter = lookedAfter
    }
}

/// One change of a child's category: from `day` on, the child is in `category`, for `reason` under `section`.
public struct CategoryChange: Hashable, Sendable, Codable {
    public var day: Day
    public var category: Category
    public var reason: String
    public var section: String
    /// The event that brought the change, or `nil` when time did (the threshold day, the school leaving date).
    public var cause: CaseEventKind?

    public init(day: Day, category: Category, reason: String, section: String, cause: CaseEventKind?) {
        self.day = day
        self.category = category
        self.reason = reason
        self.section = section
        self.cause = cause
    }
}

/// A child's categories over one episode of a case, derived from the episode's basis, its events and the policy.
public struct CategoryHistory: Hashable, Sendable {
    /// The changes, oldest first; the first is the category the episode opened in.
    public var changes: [CategoryChange]
    /// The next day on which time alone would change the category (a sweep re-derives the history then), or `nil`.
    public var nextReview: Day?

    /// The category on `day`, or `nil` before the episode opened.
    public func category(on day: Day) -> CategoryChange? { self.changes.last { $0.day <= day } }

    public var current: CategoryChange? { self.changes.last }
}

extension Category {
    /// Where a confirmed destination puts the child, by Suffolk Appendix 4 outcome code; `nil` when the outcome
    /// does not say where the child is (S2S: uploaded to School to School because not found) or is unknown.
    public static func afterOutcome(_ code: String) -> Category? {
        switch code {
        case "IND", "WLA": .placed
        case "OLA", "EMI": .leftArea
        case "EHE": .homeEducated
        case "NCA": .notCompulsorySchoolAge
        case "DEC": .deceased
        default: nil
        }
    }
}

extension ClassificationRules {
    /// The category history of one episode through `day`: `events` are the episode's, oldest first, starting
    /// with the referral or reopening that opened it. Category moves:
    /// - from without a place (not yet CME) to CME (WASP) on the policy's threshold day;
    /// - from missing to WASP (or not yet CME) when the child is located;
    /// - out of CME when the destination is confirmed (placed, home educated, left the area) and at the end of
    ///   compulsory school age;
    /// - to "case closed" when the case closes (a closed case no longer follows the child), unless the outcome
    ///   lasts (deceased, not of compulsory school age).
    /// A day beyond the policy's term dates keeps the category it had, rather than guessing.
    public func history(
        basis: CategoryBasis,
        events: [CaseEvent],
        through day: Day,
        calendar: SchoolCalendar
    ) -> CategoryHistory {
        let opening = events.first { $0.kind == .referralReceived || $0.kind == .reopened }
        guard let start = opening?.at.day ?? events.first?.at.day, start <= day else {
            return CategoryHistory(changes: [], nextReview: nil)
        }
        var facts = EducationFacts(
            dateOfBirth: basis.dateOfBirth,
            whereaboutsKnown: basis.whereaboutsKnown,
            outOfEducationSince: basis.outOfEducationSince,
            hasEHCP: basis.hasEHCP,
            lookedAfter: basis.lookedAfter
        )
        var changes: [CategoryChange] = []
        // Once the record says where the child went, or the case closed, time no longer moves the category.
        var settled = false
        var closed = false
        var nextTimeChange: Day?

        func note(_ verdict: Verdict, on when: Day, cause: CaseEventKind?) {
            nextTimeChange = verdict.becomesCMEOn
            if verdict.category != .notCompulsorySchoolAge {
                let leaving = SchoolAge(dateOfBirth: facts.dateOfBirth).schoolLeavingDate.adding(days: 1)
                nextTimeChange = [nextTimeChange, leaving].compactMap { $0 }.filter { $0 > when }.min()
            }
            guard changes.last?.category != verdict.category else { return }
            changes.append(
                CategoryChange(
                    day: when,
                    category: verdict.category,
                    reason: verdict.reason,
                    section: verdict.section,
                    cause: cause
                )
            )
        }
        func classify(on when: Day, cause: CaseEventKind?) {
            if let verdict = try? self.classify(facts, on: when, calendar: calendar) {
                note(verdict, on: when, cause: cause)
            } else if changes.isEmpty {
                // No term dates for the opening day: whereabouts decide, the threshold waits for the officer.
                let category: Category = facts.whereaboutsKnown ? .wasp : .missing
                note(
                    Verdict(
                        category: category,
                        reason: "no term dates for \(when): classified on whereabouts alone",
                        section: category == .missing ? self.definitionSection : self.waspThresholdSection
                    ),
                    on: when,
                    cause: cause
                )
                nextTimeChange = nil
            }
        }
        func advanceTime(to limit: Day) {
            while !settled, let next = nextTimeChange, next <= limit {
                nextTimeChange = nil
                classify(on: next, cause: nil)
                if nextTimeChange == next { nextTimeChange = nil }
            }
        }

        classify(on: start, cause: opening?.kind ?? .referralReceived)
        for event in events where event.at.day >= start && event.at.day <= day {
            advanceTime(to: event.at.day.adding(days: -1))
            guard !closed else { break }
            let when = event.at.day
            switch event.kind {
            case .childLocated:
                facts.whereaboutsKnown = true
                classify(on: when, cause: event.kind)
            case .destinationConfirmed:
                facts.whereaboutsKnown = true
                if let outcome = event.outcome, let category = Category.afterOutcome(outcome) {
                    settled = true
                    note(
                        Verdict(
                            category: category,
                            reason: "destination confirmed: \(outcome)\(event.destination.map { ", \($0)" } ?? "")",
                            section: self.notCMESection
                        ),
                        on: when,
                        cause: event.kind
                    )
                } else {
                    classify(on: when, cause: event.kind)
                }
            case .closed:
                // A closed case no longer follows the child: from the day it closes the record says so, unless the
                // outcome is itself a category that lasts (deceased, past compulsory school age).
                settled = true
                closed = true
                let lasting = event.outcome.flatMap(Category.afterOutcome).flatMap {
                    [.deceased, .notCompulsorySchoolAge].contains($0) ? $0 : nil
                }
                note(
                    Verdict(
                        category: lasting ?? .caseClosed,
                        reason: event.outcome.map { "case closed: \($0)" }
                            ?? "case closed without a confirmed destination",
                        section: self.notCMESection
                    ),
                    on: when,
                    cause: event.kind
                )
            default:
                continue
            }
        }
        if !settled { advanceTime(to: day) }
        return CategoryHistory(changes: changes, nextReview: settled ? nil : nextTimeChange)
    }
}
