import CMECore
import CMEStorage
import Foundation

/// The DfE termly return on a page: each figure with the cases behind it (the drill-down), a chart by reason, and
/// the same figures as CSV.
enum TermlyView {
    static func page(_ report: TermlyReturn, caseIDs: [String: UUID], errors: FormErrors, census: String) -> Page {
        func cases(_ references: [String]) -> Markup { ReportParts.cases(references, caseIDs: caseIDs) }
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
                            UI.summaryList([
                                ("Missing education on \(Words.day(report.census))", cases(report.missingOnCensusDay)),
                                (
                                    "Missing education at any time in the previous 12 months",
                                    cases(report.missingInPrevious12Months)
                                ),
                                ("Electively home educated on the census date", cases(report.homeEducatedOnCensusDay)),
                                (
                                    "Electively home educated at any time in the previous 12 months",
                                    cases(report.homeEducatedInPrevious12Months)
                                ),
                            ]),
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
                                        [H.text($0.value), H.text(String($0.count)), cases($0.cases)]
                                    }
                                )
                            }
                    ) : .empty,
            ]
        )
    }
}
