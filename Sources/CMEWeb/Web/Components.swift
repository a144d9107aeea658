import Foundation

/// GOV.UK Design System patterns, as the project's own markup and stylesheet (no remote assets).
enum UI {
    /// Key-value rows (the summary list).
    static func summaryList(_ rows: [(String, Markup)]) -> Markup {
        H.tag(
            "dl",
            [("class", "summary-list")],
            rows.map { key, value in
                H.tag(
                    "div",
                    [("class", "summary-list__row")],
                    [
                        H.tag("dt", [("class", "summary-list__key")], text: key),
                        H.tag("dd", [("class", "summary-list__value")], [value]),
                    ]
                )
            }
        )
    }

    static func table(caption: String, head: [String], rows: [[Markup]], captionHidden: Bool = false) -> Markup {
        H.tag(
            "table",
            [("class", "table")],
            [
                H.tag("caption", [("class", captionHidden ? "visually-hidden" : "table__caption")], text: caption),
                H.tag(
                    "thead",
                    [],
                    [
                        H.tag(
                            "tr",
                            [],
                            head.map { H.tag("th", [("scope", "col"), ("class", "table__header")], text: $0) }
                        )
                    ]
                ),
                H.tag(
                    "tbody",
                    [],
                    rows.map { cells in
                        H.tag(
                            "tr",
                            [("class", "table__row")],
                            cells.map { H.tag("td", [("class", "table__cell")], [$0]) }
                        )
                    }
                ),
            ]
        )
    }

    /// A coloured status label.
    static func tag(_ text: String, colour: String? = nil) -> Markup {
        H.tag("strong", [("class", colour.map { "tag tag--\($0)" } ?? "tag")], text: text)
    }

    /// The confirmation panel with a reference number.
    static func panel(title: String, reference: String?) -> Markup {
        H.tag(
            "div",
            [("class", "panel")],
            [H.tag("h1", [("class", "panel__title")], text: title)]
                + (reference.map {
                    [
                        H.tag(
                            "div",
                            [("class", "panel__body")],
                            [
                                H.text("Your reference number"), H.tag("br"),
                                H.tag("strong", [("id", "reference")], text: $0),
                            ]
                        )
                    ]
                } ?? [])
        )
    }

    static func notification(_ text: String, success: Bool = true) -> Markup {
        H.tag(
            "div",
            [("class", success ? "notification notification--success" : "notification"), ("role", "status")],
            [H.p(text)]
        )
    }

    /// A horizontal bar chart drawn on the server (SVG, no script) with its figures as a table for screen readers.
    static func barChart(title: String, id: String, bars: [(String, Int)]) -> Markup {
        let maximum = max(bars.map(\.1).max() ?? 0, 1)
        let rowHeight = 26
        let height = bars.count * rowHeight + 8
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 480 \(height)\" width=\"100%\" focusable=\"false\">"
        svg += "<title id=\"\(id)-title\">\(H.escape(title))</title>"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            let width = Int(Double(bar.1) / Double(maximum) * 250)
            svg += "<text x=\"0\" y=\"\(y + 16)\" class=\"chart__label\">\(H.escape(String(bar.0.prefix(28))))</text>"
            svg +=
                "<rect x=\"190\" y=\"\(y + 3)\" width=\"\(max(width, 1))\" height=\"18\" class=\"chart__bar\"></rect>"
            svg += "<text x=\"\(196 + width)\" y=\"\(y + 16)\" class=\"chart__value\">\(bar.1)</text>"
        }
        svg += "</svg>"
        return H.tag(
            "figure",
            [("class", "chart-figure")],
            [
                H.tag("figcaption", [("class", "heading-s")], text: title),
                .raw(svg),
                H.tag(
                    "details",
                    [("class", "details")],
                    [
                        H.tag("summary", [], text: "Show the figures"),
                        self.table(
                            caption: title,
                            head: ["", "Cases"],
                            rows: bars.map { [H.text($0.0), H.text(String($0.1))] }
                        ),
                    ]
                ),
            ]
        )
    }
}
