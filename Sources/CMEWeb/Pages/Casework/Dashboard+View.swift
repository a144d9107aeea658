import CMECore
import CMEStorage
import Foundation

/// The CME officer's and team manager's dashboard.
enum DashboardView {
    struct Model {
        var userName: String
        var myCases: [CaseSummary]
        var awaitingTriage: [CaseSummary]
        var overdue: [PendingClock]
        var byCategory: [(String, Int)]
        var byReason: [(String, Int)]
        var owners: [UUID: String]
        var openTotal: Int
        /// What the cards count, in all (the lists show the newest or most urgent few).
        var awaitingTriageTotal: Int
        var overdueTotal: Int
        var myCasesTotal: Int
        var policy: Policy
        var today: Day
        var time: LocalTime
        /// The LA's own regular duties (Suffolk 11.7), with what the viewer may record.
        var duties: [OrganisationDuty] = []
        var role: Role = .cmeOfficer
        var csrf: String = ""
    }

    static func page(_ model: Model) -> Page {
        let overdueRows: [[Markup]] = model.overdue.map { clock in
            [
                H.link(clock.reference, SiteURL.caseDetail(clock.caseID).href),
                H.text(clock.childName),
                H.text(model.policy.clocks.first { $0.id == clock.ruleID }?.title ?? clock.ruleID),
                H.text(Words.due(stored: clock.due, today: model.today)),
                H.text(Role(rawValue: clock.ownerRole)?.label ?? clock.ownerRole),
            ]
        }
        return Page(
            "Dashboard",
            [
                H.tag("h1", [("class", "heading-l")], text: "Dashboard"),
                H.tag(
                    "div",
                    [("class", "cards")],
                    [
                        self.card("Open cases", model.openTotal, link: SiteURL.cases.path(query: ["open": "true"])),
                        self.card(
                            "New referrals awaiting triage",
                            model.awaitingTriageTotal,
                            link: SiteURL.cases.path(query: ["state": CaseState.opened.rawValue])
                        ),
                        self.card(
                            "Overdue clocks",
                            model.overdueTotal,
                            link: SiteURL.cases.path(query: ["overdue": "true"]),
                            alert: model.overdueTotal > 0
                        ),
                        self.card("My cases", model.myCasesTotal, link: nil),
                    ]
                ),
                DutiesView.section(
                    model.duties,
                    policy: model.policy,
                    role: model.role,
                    csrf: model.csrf,
                    back: SiteURL.dashboard.href,
                    today: model.today,
                    time: model.time
                ),
                CaseRows.table(
                    caption: self.caption(
                        "New referrals awaiting triage",
                        "newest",
                        model.awaitingTriage.count,
                        model.awaitingTriageTotal
                    ),
                    cases: model.awaitingTriage,
                    owners: model.owners,
                    time: model.time,
                    empty: "No new referrals are waiting."
                ),
                model.overdue.isEmpty
                    ? H.group([
                        H.tag("h2", [("class", "heading-m")], text: "Overdue clocks"), H.p("Nothing is overdue."),
                    ])
                    : UI.table(
                        caption: self.caption(
                            "Overdue clocks",
                            "longest overdue",
                            model.overdue.count,
                            model.overdueTotal
                        ),
                        head: ["Case", "Child", "What is overdue", "Was due", "Owner"],
                        rows: overdueRows
                    ),
                CaseRows.table(
                    caption: self.caption(
                        "My tasks: cases assigned to you",
                        "most overdue",
                        model.myCases.count,
                        model.myCasesTotal
                    ),
                    cases: model.myCases,
                    owners: model.owners,
                    time: model.time,
                    empty: "No cases are assigned to you."
                ),
                H.tag(
                    "div",
                    [("class", "columns")],
                    [
                        UI.barChart(
                            title: "Open cases by category",
                            id: "chart-category",
                            bars: model.byCategory.map { (Category(rawValue: $0.0)?.label ?? $0.0, $0.1) }
                        ),
                        UI.barChart(
                            title: "Open cases by reason",
                            id: "chart-reason",
                            bars: model.byReason.map { ($0.0.isEmpty ? "Not recorded" : $0.0, $0.1) }
                        ),
                    ]
                ),
            ]
        )
    }

    /// A list's caption, saying which of how many it shows when it shows only some.
    static func caption(_ title: String, _ which: String, _ shown: Int, _ total: Int) -> String {
        shown < total ? "\(title): the \(shown) \(which) of \(total)" : title
    }

    static func card(_ title: String, _ figure: Int, link: String?, alert: Bool = false) -> Markup {
        H.tag(
            "div",
            [("class", alert ? "card card--alert" : "card")],
            [
                H.tag("span", [("class", "card__figure")], text: String(figure)),
                link.map { H.link(title, $0) } ?? H.text(title),
            ]
        )
    }
}
