import CMEStorage
import Foundation

/// The weekly lost-pupil search (Suffolk 11.7): upload the week's lost-pupil list, then confirm or reject each
/// proposed pair with its evidence beside it.
enum TracingView {
    static let fields: [(String, String)] = [
        ("record_id", "Record"), ("upn", "UPN"), ("forename", "First name"), ("middle_names", "Middle names"),
        ("surname", "Last name"), ("former_surname", "Former surname"), ("dob", "Date of birth"), ("gender", "Sex"),
        ("postcode", "Postcode"), ("address", "Address"), ("school_urn", "School URN"), ("parent_name", "Parent"),
    ]

    static func record(_ values: [String: String], caseID: UUID?) -> Markup {
        let rows: [(String, Markup)] = self.fields.compactMap { key, label in
            guard let value = values[key], !value.isEmpty else { return nil }
            if key == "record_id", let caseID { return ("Case", H.link("Open case", SiteURL.caseDetail(caseID).href)) }
            return (label, H.text(key == "dob" ? Words.day(iso: value) : value))
        }
        return UI.summaryList(rows)
    }

    static func page(
        pending: [TracingCandidateModel],
        decided: [TracingCandidateModel],
        csrf: String,
        message: String?,
        errors: FormErrors,
        time: LocalTime
    ) -> Page {
        let queue: [Markup] = pending.map { candidate in
            let id = candidate.id?.uuidString.lowercased() ?? ""
            let percent = Int((candidate.score * 100).rounded())
            return H.tag(
                "section",
                [("class", "candidate"), ("aria-labelledby", "candidate-\(id)")],
                [
                    H.tag(
                        "h3",
                        [("class", "heading-s"), ("id", "candidate-\(id)")],
                        [
                            H.text("\(candidate.lost["forename"] ?? "") \(candidate.lost["surname"] ?? "") "),
                            UI.tag(
                                "\(percent)% \(candidate.band)",
                                colour: candidate.band == "match" ? "green" : "yellow"
                            ),
                        ]
                    ),
                    H.tag(
                        "div",
                        [("class", "columns")],
                        [
                            H.tag(
                                "div",
                                [],
                                [
                                    H.tag("h4", [("class", "heading-s")], text: "Another LA's lost pupil"),
                                    self.record(candidate.lost, caseID: nil),
                                ]
                            ),
                            H.tag(
                                "div",
                                [],
                                [
                                    H.tag(
                                        "h4",
                                        [("class", "heading-s")],
                                        text: candidate.$case.id == nil ? "On our roll" : "A child we are looking for"
                                    ),
                                    self.record(candidate.roll, caseID: candidate.$case.id),
                                ]
                            ),
                        ]
                    ),
                    H.tag(
                        "details",
                        [("class", "details")],
                        [
                            H.tag("summary", [], text: "Why they were paired"),
                            H.tag(
                                "ul",
                                [("class", "list")],
                                candidate.evidence.split(separator: ";").map {
                                    H.tag("li", [], text: $0.trimmingCharacters(in: .whitespaces))
                                }
                            ),
                        ]
                    ),
                    UI.form(
                        action: SiteURL.tracingDecision(candidate.id).href,
                        csrf: csrf,
                        [
                            H.tag(
                                "div",
                                [("class", "button-group")],
                                [
                                    UI.button("Confirm: same child", name: "decision", value: "confirm"),
                                    UI.button(
                                        "Reject: different children",
                                        secondary: true,
                                        name: "decision",
                                        value: "reject"
                                    ),
                                ]
                            )
                        ]
                    ),
                ]
            )
        }
        return Page(
            "Lost-pupil search",
            hasErrors: !errors.isEmpty,
            [
                UI.errorSummary(errors),
                message.map { UI.notification($0) } ?? .empty,
                H.tag("h1", [("class", "heading-l")], text: "Lost-pupil search"),
                H.p(
                    "At least weekly, search other local authorities' lost pupils (from School to School) against our pupils and the children we are looking for (Suffolk 11.7)."
                ),
                H.tag(
                    "form",
                    [
                        ("method", "post"), ("action", SiteURL.tracingSearch.href), ("enctype", "multipart/form-data"),
                        ("novalidate", nil), ("class", "filters"),
                    ],
                    [
                        UI.csrf(csrf),
                        H.tag("h2", [("class", "heading-m")], text: "Run this week's search"),
                        self.file(
                            "lost",
                            label: "Lost pupils (CSV)",
                            hint:
                                "Columns by name: record_id, upn, forename, surname, dob and any of middle_names, former_surname, gender, postcode, address, school_urn, parent_name",
                            error: errors.message(for: "lost")
                        ),
                        self.file(
                            "roll",
                            label: "Our pupil roll (CSV, optional)",
                            hint:
                                "The same columns. Without it, the search is against the rolls taken in under Data feeds; the children of open cases are always searched.",
                            error: errors.message(for: "roll")
                        ),
                        UI.button("Search"),
                    ]
                ),
                H.tag("h2", [("class", "heading-m")], text: "Waiting for a decision (\(pending.count))"),
                pending.isEmpty ? H.p("Nothing is waiting.") : H.group(queue),
                decided.isEmpty
                    ? .empty
                    : UI.table(
                        caption: "Recent decisions",
                        head: ["Lost pupil", "Paired with", "Decision", "When"],
                        rows: decided.map { candidate in
                            [
                                H.text(
                                    "\(candidate.lost["forename"] ?? "") \(candidate.lost["surname"] ?? "") (\(candidate.lost["record_id"] ?? ""))"
                                ),
                                candidate.$case.id.map { H.link("Open case", SiteURL.caseDetail($0).href) }
                                    ?? H.text(
                                        "\(candidate.roll["forename"] ?? "") \(candidate.roll["surname"] ?? ""), school \(candidate.roll["school_urn"] ?? "not given")"
                                    ),
                                UI.tag(
                                    candidate.status.rawValue.capitalisedFirst,
                                    colour: candidate.status == .confirmed ? "green" : "grey"
                                ),
                                H.text(candidate.decidedAt.map { Words.dateTime($0, time: time) } ?? ""),
                            ]
                        }
                    ),
            ]
        )
    }

    static func file(
        _ name: String,
        label: String,
        hint: String,
        error: String?,
        multiple: Bool = false,
        id: String? = nil,
        accept: String = ".csv,text/csv"
    ) -> Markup {
        let id = id ?? name
        var attributes: [(String, String?)] = [
            ("class", error == nil ? "file-upload" : "file-upload file-upload--error"), ("id", id),
            ("name", multiple ? "\(name)[]" : name), ("type", "file"), ("accept", accept),
            ("aria-describedby", "\(id)-hint" + (error == nil ? "" : " \(id)-error")),
        ]
        if multiple { attributes.append(("multiple", nil)) }
        return H.tag(
            "div",
            [("class", error == nil ? "form-group" : "form-group form-group--error")],
            [
                H.tag("label", [("class", "label"), ("for", id)], text: label),
                H.tag("div", [("class", "hint"), ("id", "\(id)-hint")], text: hint),
                error.map {
                    H.tag(
                        "p",
                        [("class", "error-message"), ("id", "\(id)-error")],
                        [H.tag("span", [("class", "visually-hidden")], text: "Error: "), H.text($0)]
                    )
                } ?? .empty,
                H.void("input", attributes),
            ]
        )
    }
}
