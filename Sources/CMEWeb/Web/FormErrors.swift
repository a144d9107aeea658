import CMEStorage

/// The bad fields of a submitted form, in page order: shown in the error summary at the top (each linking to its
/// field) and beside each field (the GOV.UK error pattern).
struct FormErrors: Error, Sendable {
    /// Field id and message.
    var items: [(field: String, message: String)] = []

    init(_ items: [(field: String, message: String)] = []) { self.items = items }

    /// The service's problems, with API field paths (`child.forename`) turned into form ids (`child-forename`).
    init(_ problems: [FieldProblem]) {
        self.items = problems.map { (Self.id(for: $0.field), Self.sentence($0.message)) }
    }

    var isEmpty: Bool { self.items.isEmpty }

    mutating func add(_ field: String, _ message: String) { self.items.append((field, message)) }

    func message(for field: String) -> String? { self.items.first { $0.field == field }?.message }

    /// A form id from an API field path: dots and brackets become dashes.
    static func id(for field: String) -> String {
        field.replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "")
            .replacingOccurrences(of: ".", with: "-")
    }

    static func sentence(_ message: String) -> String {
        guard let first = message.first else { return message }
        return first.uppercased() + message.dropFirst()
    }
}
