import CMECore
import CMEStorage
import Foundation

/// A management report on a page: the period chosen, the figures with the cases behind each, charts of the main
/// breakdowns, and the same as CSV.
enum ManagementReportView {
    /// A finished month's kept record: when it was taken, its revision, and whether today's figures differ.
    struct Kept {
        var taken: String
        var revision: Int
        var changed: Bool
        var csrf: String
    }

    static func title(_ kind: ManagementReport.Kind) -> String {
        switch kind {
        case .monthly: "Monthly snapshot"
        case .quarterly: "Quarterly management report"
        case .annual: "Annual report"
        case .openCases: "Open cases at the end of the academic year"
        }
    }

    static func hint(_ kind: ManagementReport.Kind) -> String {
        switch kind {
        case .monthly: "A month, YYYY-MM"
        case .quarterly: "A calendar quarter, YYYY-Qn (2026-Q1 is January to March)"
        case .annual, .openCases: "The academic year by the year it starts, YYYY (2025 is 2025/26)"
        }
    }

    static func page(
        _ report: ManagementReport?,
        kind: ManagementReport.Kind,
        period: String,
        caseIDs: [String: UUID] = [:],
        errors: FormErrors,
        kept: Kept?,
        links: Bool = true
    ) -> Page {
        let url = SiteURL.managementReport(kind.rawValue)
        var content: [Markup] = [
            UI.errorSummary(errors),
            H.tag("h1", [("class", "heading-l")], text: Self.title(kind)),
            H.tag(
                "ul",
                [("class", "list list--inline")],
                ManagementReport.Kind.allCases.filter { $0 != kind }.map { other in
                    H.tag("li", [], [H.link(Self.title(other), SiteURL.managementReport(other.rawValue).href)])
                } + [H.tag("li", [], [H.link("Termly return (DfE)", SiteURL.termlyReturn.href)])]
            ),
            H.tag(
                "form",
                [("method", "get"), ("action", url.href), ("class", "filters"), ("novalidate", nil)],
                [
                    UI.input(
                        "period",
                        label: "Period",
                        value: period,
                        hint: Self.hint(kind),
                        error: errors.message(for: "period"),
                        width: "10"
                    ),
                    UI.button("Show the report", secondary: true),
                ]
            ),
        ]
        guard let report else { return Page(Self.title(kind), hasErrors: !errors.isEmpty, content) }
        let p = report.period
        content.append(
            H.p("From \(Words.day(p.first)) to \(Words.day(p.last)). Open cases are counted on the last day.")
        )
        if kind == .monthly, let kept {
            content.append(
                H.p(
                    "Kept as the month's record (Leicestershire 8.3) on \(kept.taken)\(kept.revision > 1 ? ", correction \(kept.revision - 1)" : ""). These are the figures as kept."
                )
            )
            if kept.changed {
                content.append(
                    H.group([
                        UI.notification(
                            "The figures for this month have changed since the record was kept (a case recorded late, or corrected).",
                            success: false
                        ),
                        UI.form(
                            action: SiteURL.managementKeep.href,
                            csrf: kept.csrf,
                            [
                                UI.hidden("period", p.label),
                                UI.button("Keep today's figures as a corrected record", secondary: true),
                            ]
                        ),
                    ])
                )
            }
        }
        content.append(
            H.tag(
                "p",
                [],
                [H.link("Download the report as CSV", url.path(query: ["period": p.label, "format": "csv"]))]
            )
        )
        func bars(_ group: String) -> [(String, Int)] {
            report.figures.filter { $0.group == group }.map { ($0.value, $0.count) }
        }
        func drillDown(_ group: String, _ value: String) -> String {
            SiteURL.managementCases(kind.rawValue).path(query: ["period": p.label, "group": group, "value": value])
        }
        if kind == .openCases {
            // The oldest first, a page of them; the rest are behind the figure's own link.
            let shown = report.open.prefix(ReportsController.perPage)
            content.append(
                UI.table(
                    caption: "\(report.open.count) cases open on \(Words.day(p.last)) (Suffolk 10.11)"
                        + (shown.count < report.open.count ? ", the \(shown.count) oldest shown" : ""),
                    head: ["Case", "Category", "Reason", "Opened", "Days open", "Owner"],
                    rows: shown.map { row in
                        [
                            caseIDs[row.reference].map { H.link(row.reference, SiteURL.caseDetail($0).href) }
                                ?? H.text(row.reference),
                            H.text(CMECore.Category(rawValue: row.category)?.label ?? row.category),
                            H.text(row.reason ?? "not recorded"), H.text(Words.day(row.opened)),
                            H.text(String(row.opened.days(to: p.last))), H.text(row.owner ?? "unassigned"),
                        ]
                    }
                )
            )
            if shown.count < report.open.count {
                content.append(
                    H.tag(
                        "p",
                        [],
                        [H.link("All \(report.open.count) open cases", drillDown("open on \(p.last)", "all"))]
                    )
                )
            }
        }
        content.append(
            UI.barChart(title: "Open cases by reason", id: "chart-report-reason", bars: bars("open by reason"))
        )
        content.append(
            UI.barChart(
                title: "Open cases by time missing",
                id: "chart-report-time",
                bars: bars("open by time missing")
            )
        )
        content.append(UI.barChart(title: "New cases per month", id: "chart-report-new", bars: bars("new per month")))
        var groups: [String] = []
        for figure in report.figures where !groups.contains(figure.group) { groups.append(figure.group) }
        for group in groups {
            content.append(
                UI.table(
                    caption: group.capitalisedFirst,
                    head: ["", "Cases", "Which"],
                    rows: report.figures.filter { $0.group == group }.map {
                        [
                            H.text($0.value), H.text(String($0.count)),
                            links ? ReportParts.cases($0.count, drillDown(group, $0.value)) : H.text("See the CSV"),
                        ]
                    }
                )
            )
        }
        return Page(Self.title(kind), content)
    }
}

/// Reports as files, for the command line.
public enum ReportDocuments {
    /// The report as a page of its own (charts and tables, stylesheet inside).
    public static func html(_ report: ManagementReport, authority: String) -> String {
        ManagementReportView.page(
            report,
            kind: report.period.kind,
            period: report.period.label,
            errors: FormErrors(),
            kept: nil,
            // A file has no server behind it to drill down into: the CSV lists each figure's cases.
            links: false
        ).standalone(authority: authority)
    }
}
