import Foundation

/// The form fields: text inputs, text areas, selects, radios, checkboxes and dates, each with its label, hint and
/// error.
extension UI {
    /// A labelled text input; `name` doubles as the id unless given.
    static func input(
        _ name: String,
        id: String? = nil,
        label: String,
        value: String? = nil,
        hint: String? = nil,
        error: String? = nil,
        type: String = "text",
        autocomplete: String? = nil,
        width: String? = nil,
        labelIsHeading: Bool = false
    ) -> Markup {
        let id = id ?? name
        let (extras, described) = self.hintAndError(id, hint: hint, error: error)
        var attributes: [(String, String?)] = [
            (
                "class",
                ["input", width.map { "input--\($0)" }, error == nil ? nil : "input--error"].compactMap { $0 }
                    .joined(separator: " ")
            ),
            ("id", id), ("name", name), ("type", type), ("value", value ?? ""),
        ]
        if let autocomplete { attributes.append(("autocomplete", autocomplete)) }
        if let described { attributes.append(("aria-describedby", described)) }
        let labelNode = H.tag("label", [("class", "label"), ("for", id)], text: label)
        return self.group(
            id,
            error: error,
            [
                labelIsHeading ? H.tag("h1", [("class", "label-wrapper")], [labelNode]) : labelNode, extras,
                H.void("input", attributes),
            ]
        )
    }

    static func textarea(
        _ name: String,
        id: String? = nil,
        label: String,
        value: String? = nil,
        hint: String? = nil,
        error: String? = nil,
        rows: Int = 5
    ) -> Markup {
        let id = id ?? name
        let (extras, described) = self.hintAndError(id, hint: hint, error: error)
        var attributes: [(String, String?)] = [
            ("class", error == nil ? "textarea" : "textarea textarea--error"), ("id", id), ("name", name),
            ("rows", String(rows)),
        ]
        if let described { attributes.append(("aria-describedby", described)) }
        return self.group(
            id,
            error: error,
            [
                H.tag("label", [("class", "label"), ("for", id)], text: label), extras,
                H.tag("textarea", attributes, text: value ?? ""),
            ]
        )
    }

    /// A select from `(value, label)` options; an empty first option unless `required` already holds a value.
    static func select(
        _ name: String,
        id: String? = nil,
        label: String,
        options: [(String, String)],
        selected: String? = nil,
        hint: String? = nil,
        error: String? = nil,
        blank: String? = "Choose"
    ) -> Markup {
        let id = id ?? name
        let (extras, described) = self.hintAndError(id, hint: hint, error: error)
        var attributes: [(String, String?)] = [("class", "select"), ("id", id), ("name", name)]
        if let described { attributes.append(("aria-describedby", described)) }
        let blankOption: [Markup] = blank.map { [H.tag("option", [("value", "")], text: $0)] } ?? []
        return self.group(
            id,
            error: error,
            [
                H.tag("label", [("class", "label"), ("for", id)], text: label), extras,
                H.tag(
                    "select",
                    attributes,
                    blankOption
                        + options.map { value, text in
                            H.tag(
                                "option",
                                [("value", value)] + (value == selected ? [("selected", nil)] : []),
                                text: text
                            )
                        }
                ),
            ]
        )
    }

    /// Radios in a fieldset whose legend asks the question.
    static func radios(
        _ name: String,
        id: String? = nil,
        legend: String,
        options: [(String, String)],
        selected: String? = nil,
        hint: String? = nil,
        error: String? = nil,
        inline: Bool = false
    ) -> Markup {
        let base = id ?? name
        let (extras, described) = self.hintAndError(base, hint: hint, error: error)
        var fieldset: [(String, String?)] = [("class", "fieldset")]
        if let described { fieldset.append(("aria-describedby", described)) }
        let items = options.enumerated().map { index, option in
            let id = index == 0 ? base : "\(base)-\(index + 1)"
            return H.tag(
                "div",
                [("class", "radios__item")],
                [
                    H.void(
                        "input",
                        [
                            ("class", "radios__input"), ("id", id), ("name", name), ("type", "radio"),
                            ("value", option.0),
                        ]
                            + (option.0 == selected ? [("checked", nil)] : [])
                    ),
                    H.tag("label", [("class", "label radios__label"), ("for", id)], text: option.1),
                ]
            )
        }
        return self.group(
            base,
            error: error,
            [
                H.tag(
                    "fieldset",
                    fieldset,
                    [
                        H.tag("legend", [("class", "fieldset__legend")], text: legend), extras,
                        H.tag("div", [("class", inline ? "radios radios--inline" : "radios")], items),
                    ]
                )
            ]
        )
    }

    /// One checkbox with its label.
    static func checkbox(
        _ name: String,
        label: String,
        checked: Bool,
        value: String = "yes",
        id: String? = nil
    )
        -> Markup
    {
        let id = id ?? name
        return H.tag(
            "div",
            [("class", "checkboxes__item")],
            [
                H.void(
                    "input",
                    [
                        ("class", "checkboxes__input"), ("id", id), ("name", name), ("type", "checkbox"),
                        ("value", value),
                    ]
                        + (checked ? [("checked", nil)] : [])
                ),
                H.tag("label", [("class", "label checkboxes__label"), ("for", id)], text: label),
            ]
        )
    }

    /// Day, month and year boxes (the GOV.UK date input); the day box carries the `prefix` id.
    static func dateInput(
        _ prefix: String,
        legend: String,
        day: String?,
        month: String?,
        year: String?,
        hint: String? = "For example, 27 3 2014",
        error: String? = nil
    ) -> Markup {
        let (extras, described) = self.hintAndError(prefix, hint: hint, error: error)
        func part(_ suffix: String, _ label: String, _ value: String?, width: String, id: String) -> Markup {
            H.tag(
                "div",
                [("class", "date-input__item")],
                [
                    H.tag("label", [("class", "label date-input__label"), ("for", id)], text: label),
                    H.void(
                        "input",
                        [
                            ("class", "input input--\(width)\(error == nil ? "" : " input--error")"), ("id", id),
                            ("name", "\(prefix)-\(suffix)"), ("type", "text"), ("inputmode", "numeric"),
                            ("value", value ?? ""),
                        ]
                    ),
                ]
            )
        }
        var fieldset: [(String, String?)] = [("class", "fieldset"), ("role", "group")]
        if let described { fieldset.append(("aria-describedby", described)) }
        return self.group(
            prefix,
            error: error,
            [
                H.tag(
                    "fieldset",
                    fieldset,
                    [
                        H.tag("legend", [("class", "fieldset__legend")], text: legend), extras,
                        H.tag(
                            "div",
                            [("class", "date-input")],
                            [
                                part("day", "Day", day, width: "2", id: prefix),
                                part("month", "Month", month, width: "2", id: "\(prefix)-month"),
                                part("year", "Year", year, width: "4", id: "\(prefix)-year"),
                            ]
                        ),
                    ]
                )
            ]
        )
    }

    /// A date input prefilled from an answer (ISO `YYYY-MM-DD`, or the raw `Y-M-D` text a bad date was kept as).
    static func dateInput(
        _ prefix: String,
        legend: String,
        iso: String?,
        hint: String? = "For example, 27 3 2014",
        error: String?
    )
        -> Markup
    {
        let parts = (iso ?? "").split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let given = parts.count == 3
        func trimmed(_ text: String) -> String { Int(text).map(String.init) ?? text }
        return self.dateInput(
            prefix,
            legend: legend,
            day: given ? trimmed(parts[2]) : nil,
            month: given ? trimmed(parts[1]) : nil,
            year: given ? parts[0] : nil,
            hint: hint,
            error: error
        )
    }

    private static func group(_ id: String, error: String?, _ children: [Markup]) -> Markup {
        H.tag("div", [("class", error == nil ? "form-group" : "form-group form-group--error")], children)
    }

    private static func hintAndError(_ id: String, hint: String?, error: String?) -> (Markup, String?) {
        var nodes: [Markup] = []
        var described: [String] = []
        if let hint {
            nodes.append(H.tag("div", [("class", "hint"), ("id", "\(id)-hint")], text: hint))
            described.append("\(id)-hint")
        }
        if let error {
            nodes.append(
                H.tag(
                    "p",
                    [("class", "error-message"), ("id", "\(id)-error")],
                    [H.tag("span", [("class", "visually-hidden")], text: "Error: "), H.text(error)]
                )
            )
            described.append("\(id)-error")
        }
        return (H.group(nodes), described.isEmpty ? nil : described.joined(separator: " "))
    }
}
