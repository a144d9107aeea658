import Plot

/// Page content: Plot nodes in the body context.
///
/// Plot renders attribute values as given and leaves entity-like text (`&amp;`) unescaped, so every value and text
/// that reaches a page goes through `H.escape` here: a child's name can never become markup.
typealias Markup = Node<HTML.BodyContext>

/// A small vocabulary over Plot's nodes for the GOV.UK-style elements the pages use, so that any element can hold
/// any other (Plot's typed contexts do not model forms inside tables, buttons inside summary lists, and so on).
enum H {
    /// An element with attributes (`nil` value: a bare boolean attribute) and children.
    static func tag(_ name: String, _ attributes: [(String, String?)] = [], _ children: [Markup] = []) -> Markup {
        .element(named: name, nodes: attributes.map(Self.attribute) + children)
    }

    static func tag(_ name: String, _ attributes: [(String, String?)] = [], text: String) -> Markup {
        self.tag(name, attributes, [Self.text(text)])
    }

    /// A void element such as `input`.
    static func void(_ name: String, _ attributes: [(String, String?)]) -> Markup {
        .element(
            Element<HTML.BodyContext>.selfClosed(
                named: name,
                attributes: attributes.map {
                    Attribute<Any>(name: $0.0, value: $0.1.map(Self.escape), ignoreIfValueIsEmpty: false)
                }
            )
        )
    }

    static func attribute(_ pair: (String, String?)) -> Markup {
        .attribute(named: pair.0, value: pair.1.map(Self.escape), ignoreIfValueIsEmpty: false)
    }

    static func text(_ string: String) -> Markup { .raw(Self.escape(string)) }

    static func group(_ nodes: [Markup]) -> Markup { .group(nodes) }

    static func link(_ text: String, _ href: String, _ attributes: [(String, String?)] = []) -> Markup {
        self.tag("a", [("href", href), ("class", "link")] + attributes, text: text)
    }

    static func p(_ text: String, class className: String? = nil) -> Markup {
        self.tag("p", className.map { [("class", $0)] } ?? [], text: text)
    }

    /// Escapes text for an HTML text node or a double-quoted attribute value.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
