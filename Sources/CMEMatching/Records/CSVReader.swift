/// An RFC 4180 reader over UTF-8 bytes: quoted fields may hold commas, quotes (doubled) and line breaks.
///
/// A row that breaks the rules is returned as malformed with the line it starts on, and reading goes on at the next
/// line, so one bad row never swallows the rest of a file.
public struct CSVReader: Sendable {
    /// One row: its fields, or why it could not be read; `line` is where it starts (the header is line 1).
    public enum Row: Equatable, Sendable {
        case fields(line: Int, [String])
        case malformed(line: Int, reason: String)
    }

    private let bytes: [UInt8]
    /// Where the next row starts, and its line.
    private(set) var position = 0
    private(set) var line = 1
    /// Where reading stops: the end of the file, or of the part this reader was given.
    let end: Int

    /// A reader over a whole file's bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.end = bytes.count
        // A byte-order mark is not part of the first column's name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.position = 3 }
    }

    /// A reader over `bytes[start..<end]`, which starts a row on `line`: one part of a file read on several cores.
    init(bytes: [UInt8], start: Int, end: Int, line: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
        self.line = line
    }

    /// The next non-blank row's fields, written into `fields` (its storage reused from row to row): its line, or
    /// why it could not be read; nil at the end.
    mutating func next(into fields: inout [String]) -> Result<Int, Malformed>? {
        while self.position < self.end {
            let startLine = self.line
            let startPosition = self.position
            fields.removeAll(keepingCapacity: true)
            if let failure = self.readRow(into: &fields) {
                self.recover(startPosition: startPosition, startLine: startLine, failure: failure)
                return .failure(Malformed(line: startLine, reason: failure.reason))
            }
            if fields.count == 1 && fields[0].isEmpty { continue }
            return .success(startLine)
        }
        return nil
    }

    /// A row that could not be read, and the line it starts on.
    struct Malformed: Error {
        var line: Int
        var reason: String
    }

    /// The next non-blank row, or nil at the end.
    public mutating func next() -> Row? {
        while self.position < self.end {
            let startLine = self.line
            let startPosition = self.position
            switch self.readRow() {
            case .success(let fields):
                if fields.count == 1 && fields[0].isEmpty { continue }
                return .fields(line: startLine, fields)
            case .failure(let failure):
                self.recover(startPosition: startPosition, startLine: startLine, failure: failure)
                return .malformed(line: startLine, reason: failure.reason)
            }
        }
        return nil
    }

    private struct Failure: Error {
        var reason: String
        var restartAtNextLineOfRow: Bool
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private mutating func readRow() -> Result<[String], Failure> {
        var fields: [String] = []
        fields.reserveCapacity(16)
        if let failure = self.readRow(into: &fields) { return .failure(failure) }
        return .success(fields)
    }

    private mutating func readRow(into fields: inout [String]) -> Failure? {
        while true {
            let field: String
            if self.position < self.end && self.bytes[self.position] == Self.quote {
                switch self.readQuoted() {
                case .success(let text): field = text
                case .failure(let failure): return failure
                }
            } else {
                switch self.readUnquoted() {
                case .success(let text): field = text
                case .failure(let failure): return failure
                }
            }
            fields.append(field)
            guard self.position < self.end else { return nil }
            let byte = self.bytes[self.position]
            if byte == Self.comma {
                self.position += 1
                continue
            }
            self.consumeLineEnd()
            return nil
        }
    }

    private mutating func readUnquoted() -> Result<String, Failure> {
        let start = self.position
        while self.position < self.end {
            let byte = self.bytes[self.position]
            if byte == Self.comma || byte == Self.cr || byte == Self.lf { break }
            if byte == Self.quote {
                return .failure(Failure(reason: "a quote inside an unquoted field", restartAtNextLineOfRow: false))
            }
            self.position += 1
        }
        return .success(String(decoding: self.bytes[start..<self.position], as: UTF8.self))
    }

    private mutating func readQuoted() -> Result<String, Failure> {
        self.position += 1
        let start = self.position
        // Copied out only once a doubled quote needs undoing; otherwise the field is decoded where it lies.
        var unescaped: [UInt8]?
        while self.position < self.end {
            let byte = self.bytes[self.position]
            if byte == Self.quote {
                if self.position + 1 < self.end && self.bytes[self.position + 1] == Self.quote {
                    if unescaped == nil { unescaped = Array(self.bytes[start..<self.position]) }
                    unescaped?.append(Self.quote)
                    self.position += 2
                    continue
                }
                let close = self.position
                self.position += 1
                if self.position < self.end {
                    let after = self.bytes[self.position]
                    if after != Self.comma && after != Self.cr && after != Self.lf {
                        return .failure(
                            Failure(reason: "text after the closing quote of a field", restartAtNextLineOfRow: false)
                        )
                    }
                }
                if let unescaped { return .success(String(decoding: unescaped, as: UTF8.self)) }
                return .success(String(decoding: self.bytes[start..<close], as: UTF8.self))
            }
            if byte == Self.lf { self.line += 1 }
            unescaped?.append(byte)
            self.position += 1
        }
        return .failure(Failure(reason: "a quoted field is never closed", restartAtNextLineOfRow: true))
    }

    private mutating func consumeLineEnd() {
        if self.position < self.end && self.bytes[self.position] == Self.cr { self.position += 1 }
        if self.position < self.end && self.bytes[self.position] == Self.lf {
            self.position += 1
            self.line += 1
        }
    }

    /// Skips the rest of a bad row. An unclosed quote would otherwise run to the end of the file, so reading starts
    /// again on the line after the one the row began on.
    private mutating func recover(startPosition: Int, startLine: Int, failure: Failure) {
        if failure.restartAtNextLineOfRow {
            self.position = startPosition
            self.line = startLine
        }
        while self.position < self.end && self.bytes[self.position] != Self.lf {
            self.position += 1
        }
        if self.position < self.end {
            self.position += 1
            self.line += 1
        }
    }
}
