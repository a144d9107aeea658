import CMECore
import CMEStorage
import Foundation

/// The DfE termly return on a page: each figure with the cases behind it (the drill-down), a chart by reason, and
/// the same figures as CSV.
enum TermlyView {
    /// The return's four totals, each with the id its drill-down is asked for by.
    static func measures(_ report: TermlyReturn) -> [(id: String, label: String, cases: [String])] {
        [
            ("missing", "Missing education on \(Words.day(report.census))", report.missingOnCensusDay),
            (
                "missing-year", "Missing education at any time in the previous 12 months",
                report.missingInPrevious12Months
            ),
            ("ehe", "Electively home educated on the census date", report.homeEducatedOnCensusDay),
            (
                "ehe-year", "Electively home educated at any time in the previous 12 months",
                report.homeEducatedInPrevious12Months
            ),
        ]
    }

    static func page(_ report: TermlyReturn, errors: FormErrors, census: String) -> Page {
        let day = report.census.description
        func cases(_ references: [String], _ query: [String: String]) -> Markup {
            ReportParts.cases(references.count, SiteURL.termlyCases.path(query: query.merging(["census": day]) { $1 }))
        }
        let groups = ["sex", "NC year group", "time missing", "primary reason"]
        return Page(
            "Termly return",
            hasErrors: !errors.isEmpty,
            [
                UI.errorSummary(errors),
                H.tag("h1", [("class", "heading-l")], text: "Children missing education: termly return"),
                H.tag(
                    "form",
                    [
                        ("method", "get"), ("action", SiteURL.termlyReturn.href), ("class", "filters"),
                        ("novalidate", nil),
                    ],
                    [
                        UI.input(
                            "census",
                            label: "Census date",
                            value: census,
                            hint: "YYYY-MM-DD",
                            error: errors.message(for: "census"),
                            width: "10"
                        ),
                        UI.button("Show the return", secondary: true),
                    ]
                ),
                errors.isEmpty
                    ? H.group(
                        [
                            UI.summaryList(
                                Self.measures(report).map { ($0.label, cases($0.cases, ["measure": $0.id])) }
                            ),
                            H.tag(
                                "p",
                                [],
                                [
                                    H.link(
                                        "Download the return as CSV",
                                        SiteURL.termlyReturn.path(query: [
                                            "census": report.census.description, "format": "csv",
                                        ])
                                    )
                                ]
                            ),
                            UI.barChart(
                                title: "Missing education on the census date, by primary reason",
                                id: "chart-termly-reason",
                                bars: report.onCensusDay.filter { $0.group == "primary reason" }.map {
                                    ($0.value, $0.count)
                                }
                            ),
                        ]
                            + groups.map { group in
                                UI.table(
                                    caption: "Missing education on the census date, by \(group)",
                                    head: [group.capitalisedFirst, "Children", "Cases"],
                                    rows: report.onCensusDay.filter { $0.group == group }.map {
                                        [
                                            H.text($0.value), H.text(String($0.count)),
                                            cases($0.cases, ["group": group, "value": $0.value]),
                                        ]
                                    }
                                )
                            }
                    ) : .empty,
            ]
        )
    }
}
