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

    /// Escapes text for an HTML text node or a double-quoted attribute value. The five characters are ASCII, so the
    /// text is read as UTF-8 bytes (reading it character by character, with grapheme breaking, was a tenth of a report
    /// page's time), and text with none of them (most of a page: class names, dates, references) is returned as it is.
    static func escape(_ text: String) -> String {
        func special(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        }
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
