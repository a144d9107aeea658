import CMECore
import CMEStorage
import Foundation

/// The cases behind one figure of a report, a page at a time (the drill-down, issue 17).
enum ReportCasesView {
    static func page(
        title: String,
        total: Int,
        page: Int,
        pages: Int,
        cases: [CaseSummary],
        owners: [UUID: String],
        time: LocalTime,
        back: (String, String),
        link: (Int) -> String
    ) -> Page {
        var pageLinks: [Markup] = []
        if page > 1 { pageLinks.append(H.link("Previous page", link(page - 1))) }
        if page < pages { pageLinks.append(H.link("Next page", link(page + 1))) }
        return Page(
            "Cases behind a figure",
            back: back,
            [
                H.tag("h1", [("class", "heading-l")], text: title),
                H.p("\(total) case\(total == 1 ? "" : "s"). Page \(page) of \(pages)."),
                CaseRows.table(
                    caption: "Cases",
                    cases: cases,
                    owners: owners,
                    time: time,
                    empty: "No cases."
                ),
                H.tag("nav", [("class", "pagination"), ("aria-label", "Pages")], pageLinks),
            ]
        )
    }
}
