import CMECore
import CMEStorage
import Foundation

/// The case list with its filters (a GET form, so a filtered list can be bookmarked).
enum CaseListView {
    struct Model {
        var query: CaseworkController.ListQuery
        var filter: CaseFilter
        var cases: [CaseSummary]
        var owners: [UUID: String]
        var total: Int
        var policy: Policy
        var ewos: [(UUID, String)]
        var time: LocalTime
    }

    static func page(_ model: Model) -> Page {
        let q = model.query
        let filters = H.tag(
            "form",
            [("method", "get"), ("action", SiteURL.cases.href), ("class", "filters")],
            [
                H.tag("h2", [("class", "heading-s")], text: "Filter cases"),
                H.tag(
                    "div",
                    [("class", "filters__row")],
                    [
                        UI.input(
                            "name",
                            label: "Child's name",
                            value: q.name,
                            hint: "Spelt as on the case; for near spellings use Find a child"
                        ),
                        UI.select(
                            "state",
                            label: "Status",
                            options: CaseState.allCases.map { ($0.rawValue, $0.label.capitalisedFirst) },
                            selected: q.state,
                            blank: "Any"
                        ),
                        UI.select(
                            "category",
                            label: "Category",
                            options: Category.allCases.map { ($0.rawValue, $0.label) },
                            selected: q.category,
                            blank: "Any"
                        ),
                        UI.select(
                            "reason",
                            label: "Reason",
                            options: model.policy.codes.reasons.map { ($0.code, "\($0.code) – \($0.label)") },
                            selected: q.reason,
                            blank: "Any"
                        ),
                        UI.select(
                            "owner",
                            label: "Owner",
                            options: model.ewos.map { ($0.0.uuidString.lowercased(), $0.1) },
                            selected: q.owner?.lowercased(),
                            blank: "Anyone"
                        ),
                        UI.input("school", label: "School URN", value: q.school, width: "10"),
                    ]
                ),
                H.tag(
                    "div",
                    [("class", "form-group")],
                    [
                        UI.checkbox(
                            "overdue",
                            label: "Only cases with overdue deadlines",
                            checked: q.overdue == "true",
                            value: "true"
                        ),
                        UI.checkbox("open", label: "Only open cases", checked: q.open == "true", value: "true"),
                    ]
                ),
                UI.button("Apply filters", secondary: true),
            ]
        )
        let pages = max(1, (model.total + model.filter.per - 1) / model.filter.per)
        var pageLinks: [Markup] = []
        func link(_ page: Int) -> String {
            var items: [String: String] = [:]
            for (key, value) in [
                ("state", q.state), ("category", q.category), ("reason", q.reason), ("owner", q.owner),
                ("school", q.school), ("overdue", q.overdue), ("open", q.open), ("name", q.name),
            ] {
                if let value, !value.isEmpty { items[key] = value }
            }
            items["page"] = String(page)
            return SiteURL.cases.path(query: items)
        }
        if model.filter.page > 1 { pageLinks.append(H.link("Previous page", link(model.filter.page - 1))) }
        if model.filter.page < pages { pageLinks.append(H.link("Next page", link(model.filter.page + 1))) }
        return Page(
            "Cases",
            [
                H.tag("h1", [("class", "heading-l")], text: "Cases"),
                filters,
                H.p("\(model.total) case\(model.total == 1 ? "" : "s") found. Page \(model.filter.page) of \(pages)."),
                CaseRows.table(
                    caption: "Cases",
                    cases: model.cases,
                    owners: model.owners,
                    time: model.time,
                    empty: "No cases match these filters."
                ),
                H.tag("nav", [("class", "pagination"), ("aria-label", "Pages")], pageLinks),
            ]
        )
    }
}
