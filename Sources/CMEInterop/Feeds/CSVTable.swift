import CMECore
import CMEMatching
import Foundation

/// A bad row of an import: its line (the header is line 1) and every reason, naming the column and the value.
public struct ImportRowError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(self.line): \(self.reason)" }
}

/// Why an import file was refused as a whole. Imports are all or nothing: one bad row refuses the file, and the
/// refusal lists every bad row, so that a school can fix them all at once.
public enum ImportFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case malformedHeader(String)
    case duplicateColumn(String)
    case missingColumns([String])
    case rows([ImportRowError])

    public var description: String {
        switch self {
        case .empty: "the file is empty: expected a header row"
        case .malformedHeader(let reason): "the header row is malformed: \(reason)"
        case .duplicateColumn(let name): "column '\(name)' appears twice in the header"
        case .missingColumns(let names):
            "missing required column\(names.count == 1 ? "" : "s"): \(names.joined(separator: ", "))"
        case .rows(let errors):
            "\(errors.count) bad row\(errors.count == 1 ? "" : "s"), nothing imported: "
                + errors.prefix(50).map(\.description).joined(separator: "; ")
                + (errors.count > 50 ? "; and \(errors.count - 50) more" : "")
        }
    }

    /// Every bad row, for a report that lists them all.
    public var rowErrors: [ImportRowError] {
        if case .rows(let errors) = self { return errors }
        return []
    }
}

/// A CSV import file read strictly: a header row, columns found by name in any order (case, spaces and hyphens
/// ignored), extra columns ignored, every row the header's width. A row cut short, as the last row of a truncated
/// file is, is a bad row.
public struct CSVTable: Sendable {
    /// One row's fields, looked up by the column positions the table gives.
    public struct Row: Sendable {
        public let line: Int
        let fields: [String]

        /// The value at `column` without surrounding spaces, or nil when the column is absent or the value empty.
        public subscript(_ column: Int?) -> String? {
            guard let column else { return nil }
            let field = self.fields[column]
            let utf8 = field.utf8
            guard let first = utf8.first, let last = utf8.last else { return nil }
            if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return field }
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    public let header: [String]
    public let rows: [Row]
    /// Rows that could not be read at all (a stray quote, a row cut short).
    public let errors: [ImportRowError]

    /// Reads `bytes`, refusing a file without a header or without every `required` column.
    public init(bytes: [UInt8], required: [String]) throws(ImportFileError) {
        var reader = CSVReader(bytes: bytes)
        guard let first = reader.next() else { throw .empty }
        let header: [String]
        switch first {
        case .fields(_, let fields): header = fields.map(Self.canonical)
        case .malformed(_, let reason): throw .malformedHeader(reason)
        }
        for (index, name) in header.enumerated() where !name.isEmpty && header[..<index].contains(name) {
            throw .duplicateColumn(name)
        }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(missing) }
        var rows: [Row] = []
        var errors: [ImportRowError] = []
        while let row = reader.next() {
            switch row {
            case .malformed(let line, let reason):
                errors.append(ImportRowError(line: line, reason: reason))
            case .fields(let line, let fields):
                guard fields.count == header.count else {
                    errors.append(
                        ImportRowError(
                            line: line,
                            reason: "\(fields.count) fields where the header has \(header.count)"
                                + (fields.count < header.count ? " (cut short: is the file truncated?)" : "")
                        )
                    )
                    continue
                }
                rows.append(Row(line: line, fields: fields))
            }
        }
        self.header = header
        self.rows = rows
        self.errors = errors
    }

    /// The position of a column, or nil when the file does not have it.
    public func column(_ name: String) -> Int? { self.header.firstIndex(of: name) }

    /// Header names compared without case, surrounding spaces, or the difference between space, hyphen and `_`.
    static func canonical(_ name: String) -> String {
        String(name.trimmingCharacters(in: .whitespaces).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

/// What is wrong with one value, naming its column.
struct FieldProblem: Error, ExpressibleByStringInterpolation {
    let reason: String
    init(stringLiteral value: String) { self.reason = value }
    init(stringInterpolation: DefaultStringInterpolation) {
        self.reason = String(stringInterpolation: stringInterpolation)
    }
}

/// The problems found in one row, gathered so that the report names all of them at once.
struct RowCheck {
    var problems: [String] = []

    /// The checked value, or nil with its problem noted.
    mutating func take<T>(_ result: Result<T, FieldProblem>) -> T? {
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            self.problems.append(problem.reason)
            return nil
        }
    }

    /// A value the row must have.
    mutating func required(_ value: String?, _ column: String) -> String? {
        if value == nil { self.problems.append("\(column) is empty") }
        return value
    }

    /// The row's school: its `school_urn`, which must be `fixed` when the file is for one school, or `fixed` itself
    /// when the row has none.
    mutating func school(_ given: String?, fixed: String?) -> String? {
        guard let given = given ?? fixed else {
            self.problems.append("school_urn is empty")
            return nil
        }
        let urn = self.take(FeedField.urn(given))
        if let fixed, let urn, urn != fixed {
            self.problems.append("school_urn '\(urn)' is not the school imported (\(fixed))")
        }
        return urn
    }

    var reason: String { self.problems.joined(separator: "; ") }
}

/// Checks shared by the feeds' rows.
enum FeedField {
    static func urn(_ text: String?, column: String = "school_urn") -> Result<String, FieldProblem> {
        guard let text else { return .failure("\(column) is empty") }
        guard text.utf8.count == 6, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return .failure("\(column) '\(text)' is not a 6-digit URN")
        }
        return .success(text)
    }

    /// A date written `YYYY-MM-DD` or `DD/MM/YYYY`.
    static func day(_ text: String?, column: String, required: Bool) -> Result<Day?, FieldProblem> {
        guard let text else {
            if required { return .failure("\(column) is empty") }
            return .success(nil)
        }
        switch PupilCSV.parseDate(text) {
        case .success(let day): return .success(day)
        case .failure: return .failure("\(column) '\(text)' is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        }
    }

    /// A UPN, upper-cased, checked with its check letter; empty is allowed (a child may not have one yet).
    static func upn(_ text: String?) -> Result<String?, FieldProblem> {
        guard let text else { return .success(nil) }
        let upper = text.uppercased()
        do {
            _ = try UPN(upper)
            return .success(upper)
        } catch {
            return .failure("upn '\(text)' is not a valid UPN (\(error))")
        }
    }
}
