import CMECore
import CMEStorage
import Foundation

extension CasePageView {
    /// The timeline, newest first: what people recorded, and each change of the child's category on the day it
    /// came, derived from those events, the policy and the day (issue 17).
    static func timeline(_ model: CasePageModel) -> Markup {
        let events = model.data.timeline
        var entries: [(at: Date, order: Int, markup: Markup)] = events.map { event in
            (event.at, event.seq * 2, self.entry(event, model))
        }
        for entry in model.data.categoryHistory {
            let change = entry.change
            // A change an event brought follows that event; one time brought opens its day.
            let cause = events.first {
                $0.episode == entry.episode && $0.kind == change.cause?.rawValue
                    && model.time.day($0.at) == change.day
            }
            let at = cause?.at ?? model.time.date(LocalDateTime(day: change.day))
            entries.append((at, (cause?.seq ?? 0) * 2 + 1, self.entry(change, model)))
        }
        entries.sort { ($0.at, $0.order) > ($1.at, $1.order) }
        return H.group([
            H.tag("h2", [("class", "heading-m")], text: "Timeline"),
            H.tag("ol", [("class", "timeline"), ("reversed", nil)], entries.map(\.markup)),
        ])
    }

    static func entry(_ event: CaseEventModel, _ model: CasePageModel) -> Markup {
        let details = [
            event.reason.map { "Reason: \(Words.code($0, in: .reason, policy: model.policy))" },
            event.source.map { "Source: \(Words.code($0, in: .source, policy: model.policy))" },
            event.action.map { "Enquiry: \($0.replacingOccurrences(of: "_", with: " "))" },
            event.outcome.map { "Outcome: \(Words.code($0, in: .outcome, policy: model.policy))" },
            event.destination.map { "Destination: \($0)" },
            event.target.map { "To: \(EscalationTarget(rawValue: $0)?.label ?? $0)" },
            event.reference.map { "Reference: \($0)" },
            event.$assignee.id.flatMap { model.userNames[$0] }.map { "Assigned to \($0)" },
            event.note,
            model.data.joinedFrom(event).map {
                "Recorded on case \($0), joined into this case when two records of the child were merged"
            },
        ].compactMap { $0 }
        return H.tag(
            "li",
            [],
            [
                H.tag("p", [("class", "timeline__title")], text: Words.event(event.kind)),
                H.tag(
                    "p",
                    [("class", "timeline__by")],
                    text: Words.dateTime(event.at, time: model.time)
                        + (event.$actor.id.flatMap { model.userNames[$0] }.map { " by \($0)" } ?? "")
                        + (event.recordedLater.map { ", recorded \(Words.dateTime($0, time: model.time))" } ?? "")
                ),
            ] + details.map { H.p($0) }
        )
    }

    static func entry(_ change: CategoryChange, _ model: CasePageModel) -> Markup {
        H.tag(
            "li",
            [("class", "timeline__category")],
            [
                H.tag("p", [("class", "timeline__title")], text: "Category: \(change.category.label)"),
                H.tag(
                    "p",
                    [("class", "timeline__by")],
                    text: "From \(Words.day(change.day)), "
                        + (change.cause.map { "after \($0.label.lowercased())" } ?? "as time passed")
                ),
                H.p("\(change.reason) (\(change.section))"),
            ]
        )
    }
}
