import CMECore
import CMEStorage
import Foundation

/// The team manager's pages: the assignment queue, the team's caseload and the reviews due.
enum TeamView {
    /// `assignable`: the cases the state machine lets the manager assign now; the others say what comes first.
    static func queue(
        cases: [CaseModel],
        assignable: Set<UUID>,
        names: [UUID: String],
        ewos: [(UUID, String)],
        csrf: String,
        time: LocalTime
    ) -> Page {
        let rows: [[Markup]] = cases.map { model in
            let id = "assign-\(model.reference)"
            return [
                H.link(model.reference, SiteURL.caseDetail(model.id).href),
                H.text(names[model.$child.id] ?? ""),
                H.text(Words.state(model.state)),
                H.text(Words.day(time.day(model.openedAt))),
                !assignable.contains(model.id ?? UUID())
                    ? H.link(
                        "Record the reason and source for \(model.reference) first",
                        SiteURL.caseDetail(model.id).href
                    )
                    : UI.form(
                        action: SiteURL.caseEvents(model.id).href,
                        csrf: csrf,
                        [
                            UI.hidden("kind", CaseEventKind.ewoAssigned.rawValue),
                            UI.hidden("version", String(model.version)),
                            UI.select(
                                "assigneeId",
                                id: id,
                                label: "Assign \(model.reference) to",
                                options: ewos.map { ($0.0.uuidString.lowercased(), $0.1) }
                            ),
                            UI.button("Assign", secondary: true),
                        ]
                    ),
            ]
        }
        return Page(
            "Assignment queue",
            [
                H.tag("h1", [("class", "heading-l")], text: "Assignment queue"),
                H.p("Open cases no education welfare officer has yet, newest first."),
                rows.isEmpty
                    ? H.p("Every open case has an owner.")
                    : UI.table(
                        caption: "Cases waiting for an EWO",
                        head: ["Case", "Child", "Status", "Opened", "Assign"],
                        rows: rows
                    ),
            ]
        )
    }

    static func caseload(_ rows: [(user: UserModel, open: Int, overdue: Int)]) -> Page {
        Page(
            "Team caseload",
            [
                H.tag("h1", [("class", "heading-l")], text: "Team caseload"),
                UI.table(
                    caption: "Open cases by education welfare officer",
                    head: ["Officer", "Team", "Open cases", "With overdue deadlines"],
                    rows: rows.map { row in
                        [
                            row.user.id.map {
                                H.link(
                                    row.user.displayName,
                                    SiteURL.cases.path(query: ["owner": $0.uuidString.lowercased(), "open": "true"])
                                )
                            }
                                ?? H.text(row.user.displayName),
                            H.text(row.user.team ?? "None"),
                            H.text(String(row.open)),
                            row.overdue > 0 ? UI.tag(String(row.overdue), colour: "red") : H.text("0"),
                        ]
                    }
                ),
            ]
        )
    }

    static func reviews(clocks: [PendingClock], policy: Policy, today: Day) -> Page {
        Page(
            "Reviews",
            [
                H.tag("h1", [("class", "heading-l")], text: "Reviews due"),
                H.p("Case reviews the policy asks the team manager to hold, the most urgent first."),
                clocks.isEmpty
                    ? H.p("No reviews are due.")
                    : UI.table(
                        caption: "Reviews due",
                        head: ["Case", "Child", "Review", "Due", "Status"],
                        rows: clocks.map { clock in
                            let (label, colour) = Words.clockState(clock.state)
                            return [
                                H.link(clock.reference, SiteURL.caseDetail(clock.caseID).href),
                                H.text(clock.childName),
                                H.text(policy.clocks.first { $0.id == clock.ruleID }?.title ?? clock.ruleID),
                                H.text(Words.due(stored: clock.due, today: today)),
                                UI.tag(label, colour: colour),
                            ]
                        }
                    ),
            ]
        )
    }
}
