import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element with everything in it, kept as read: a CTF holds far more than CME Tracker uses, and whatever
/// it does not know must be written back unchanged (issue 6: unknown elements are kept, not lost).
public struct TreeElement: Sendable, Equatable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [TreeElement]
    /// The text directly inside the element (CTF elements hold either text or children).
    public var text: String
    /// The line the element starts on in the file it was read from (0 when built in memory).
    public var line: Int

    public init(_ name: String, text: String = "", children: [TreeElement] = [], attributes: [(String, String)] = []) {
        self.name = name
        self.text = text
        self.children = children
        self.attributes = attributes
        self.line = 0
    }

    public static func == (lhs: TreeElement, rhs: TreeElement) -> Bool {
        lhs.name == rhs.name && lhs.text == rhs.text && lhs.children == rhs.children
            && lhs.attributes.map { "\($0.0)=\($0.1)" } == rhs.attributes.map { "\($0.0)=\($0.1)" }
    }

    /// The first child called `name`.
    public subscript(_ name: String) -> TreeElement? {
        self.children.first { $0.name == name }
    }

    /// The trimmed text of the child at `path` (`BasicDetails/MiddleNames`), nil when absent or empty.
    public func value(_ path: String) -> String? {
        var element: TreeElement? = self
        for part in path.split(separator: "/") { element = element?[String(part)] }
        guard let text = element?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            return nil
        }
        return text
    }

    /// Sets the text of the child at `path`, creating the elements on the way; nil removes the last element.
    public mutating func set(_ path: String, _ value: String?) {
        let parts = path.split(separator: "/").map(String.init)
        self.set(parts[...], value)
    }

    private mutating func set(_ parts: ArraySlice<String>, _ value: String?) {
        guard let first = parts.first else { return }
        let index = self.children.firstIndex { $0.name == first }
        if parts.count == 1 {
            if let value {
                if let index {
                    self.children[index].text = value
                } else {
                    self.children.append(TreeElement(first, text: value))
                }
            } else if let index {
                self.children.remove(at: index)
            }
            return
        }
        if let index {
            self.children[index].set(parts.dropFirst(), value)
        } else if value != nil {
            var child = TreeElement(first)
            child.set(parts.dropFirst(), value)
            self.children.append(child)
        }
    }

    /// The element as XML text, indented two spaces a level.
    public func xml(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let attributes = self.attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
        if self.children.isEmpty {
            return "\(pad)<\(self.name)\(attributes)>\(Self.escape(self.text))</\(self.name)>\n"
        }
        return "\(pad)<\(self.name)\(attributes)>\n" + self.children.map { $0.xml(indent: indent + 1) }.joined()
            + "\(pad)</\(self.name)>\n"
    }

    /// Escaped by Unicode scalar, not by character: a quote followed by a combining mark is one character, which
    /// compared unequal to a quote and went out unescaped, closing the attribute it was in.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

/// Why an XML file could not be read: the line and the element it was in.
public struct XMLReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var element: String?
    public var reason: String

    public var description: String {
        "line \(self.line)\(self.element.map { ", in <\($0)>" } ?? ""): \(self.reason)"
    }
}

/// Reads XML into a `TreeElement` tree with Foundation's streaming parser.
public enum XMLTree {
    public static func parse(_ data: Data) throws(XMLReadError) -> TreeElement {
        let delegate = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        // A file from outside never makes us fetch or read anything else (no external entities, no XXE).
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        if let failure = delegate.failure { throw failure }
        guard parsed, let root = delegate.root else {
            let line = parser.lineNumber
            let open = delegate.stack.last?.name
            let reason = parser.parserError.map { Self.reason($0) } ?? "the document has no root element"
            throw XMLReadError(line: max(line, 1), element: open, reason: reason)
        }
        return root
    }

    static func reason(_ error: any Error) -> String {
        let text = (error as NSError).localizedDescription
        return text.isEmpty ? "malformed XML" : "malformed XML (\(text))"
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [TreeElement] = []
        var root: TreeElement?
        /// The first problem, where the parser was when it found it (libxml2 may report later lines).
        var failure: XMLReadError?

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if self.failure == nil {
                self.failure = XMLReadError(
                    line: max(parser.lineNumber, 1),
                    element: self.stack.last?.name,
                    reason: XMLTree.reason(parseError)
                )
            }
        }

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            var element = TreeElement(
                elementName,
                attributes: attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            )
            element.line = parser.lineNumber
            self.stack.append(element)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !self.stack.isEmpty else { return }
            self.stack[self.stack.count - 1].text += string
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?
        ) {
            guard self.failure == nil, var element = self.stack.popLast() else { return }
            if element.name != elementName {
                self.failure = XMLReadError(
                    line: max(parser.lineNumber, 1),
                    element: element.name,
                    reason: "</\(elementName)> closes <\(element.name)>"
                )
                parser.abortParsing()
                return
            }
            if !element.children.isEmpty { element.text = "" }
            if self.stack.isEmpty {
                self.root = element
            } else {
                self.stack[self.stack.count - 1].children.append(element)
            }
        }
    }
}
