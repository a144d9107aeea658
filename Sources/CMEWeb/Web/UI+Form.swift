import Foundation

/// A form and what surrounds its fields: the error summary, the CSRF token, hidden values and the buttons.
extension UI {
    /// "There is a problem", linking to each bad field.
    static func errorSummary(_ errors: FormErrors) -> Markup {
        guard !errors.isEmpty else { return .empty }
        return H.tag(
            "div",
            [
                ("class", "error-summary"), ("role", "alert"), ("tabindex", "-1"),
                ("aria-labelledby", "error-summary-title"),
            ],
            [
                H.tag(
                    "h2",
                    [("class", "error-summary__title"), ("id", "error-summary-title")],
                    text: "There is a problem"
                ),
                H.tag(
                    "ul",
                    [("class", "error-summary__list")],
                    errors.items.map { H.tag("li", [], [H.link($0.message, "#\($0.field)")]) }
                ),
            ]
        )
    }

    /// The hidden field every form carries.
    static func csrf(_ token: String) -> Markup {
        H.void("input", [("type", "hidden"), ("name", "_csrf"), ("value", token)])
    }

    static func hidden(_ name: String, _ value: String) -> Markup {
        H.void("input", [("type", "hidden"), ("name", name), ("value", value)])
    }

    /// A POST form with its CSRF token.
    static func form(action: String, csrf: String, _ children: [Markup], novalidate: Bool = true) -> Markup {
        H.tag(
            "form",
            [("method", "post"), ("action", action)] + (novalidate ? [("novalidate", nil)] : []),
            [Self.csrf(csrf)] + children
        )
    }

    static func button(_ title: String, secondary: Bool = false, name: String? = nil, value: String? = nil) -> Markup {
        var attributes: [(String, String?)] = [
            ("type", "submit"), ("class", secondary ? "button button--secondary" : "button"),
        ]
        if let name { attributes.append(("name", name)) }
        if let value { attributes.append(("value", value)) }
        return H.tag("button", attributes, text: title)
    }
}
