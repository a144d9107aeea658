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

    /// The file (spans are positions in it).
    let bytes: [UInt8]
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

    /// Where one field lies in the bytes; `escaped` when it was quoted with doubled quotes inside, which `string(_:)`
    /// undoes.
    struct Span: Sendable {
        var start: Int
        var end: Int
        var escaped: Bool

        var isEmpty: Bool { self.start == self.end }
    }

    /// The next non-blank row's fields as spans of the bytes, written into `spans` (its storage reused from row to
    /// row): its line, or why it could not be read; nil at the end. Nothing is copied, so a reader that needs only
    /// some columns as text pays for only those.
    mutating func next(spans: inout [Span]) -> Result<Int, Malformed>? {
        while self.position < self.end {
            let startLine = self.line
            let startPosition = self.position
            spans.removeAll(keepingCapacity: true)
            if let failure = self.readRow(into: &spans) {
                self.recover(startPosition: startPosition, startLine: startLine, failure: failure)
                return .failure(Malformed(line: startLine, reason: failure.reason))
            }
            if spans.count == 1 && spans[0].isEmpty { continue }
            return .success(startLine)
        }
        return nil
    }

    /// The text of a field.
    func string(_ span: Span) -> String {
        self.bytes.withUnsafeBufferPointer { Self.string(span, in: $0) }
    }

    /// The text of a field of `bytes`.
    static func string(_ span: Span, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard span.escaped else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
        }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(span.end - span.start)
        var index = span.start
        while index < span.end {
            unescaped.append(bytes[index])
            // A doubled quote stands for one.
            index += bytes[index] == Self.quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
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
            var spans: [Span] = []
            spans.reserveCapacity(16)
            if let failure = self.readRow(into: &spans) {
                self.recover(startPosition: startPosition, startLine: startLine, failure: failure)
                return .malformed(line: startLine, reason: failure.reason)
            }
            if spans.count == 1 && spans[0].isEmpty { continue }
            return .fields(line: startLine, spans.map(self.string))
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

    private mutating func readRow(into spans: inout [Span]) -> Failure? {
        while true {
            let span: Span
            if self.position < self.end && self.bytes[self.position] == Self.quote {
                switch self.readQuoted() {
                case .success(let quoted): span = quoted
                case .failure(let failure): return failure
                }
            } else {
                switch self.readUnquoted() {
                case .success(let unquoted): span = unquoted
                case .failure(let failure): return failure
                }
            }
            spans.append(span)
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

    private mutating func readUnquoted() -> Result<Span, Failure> {
        let start = self.position
        while self.position < self.end {
            let byte = self.bytes[self.position]
            if byte == Self.comma || byte == Self.cr || byte == Self.lf { break }
            if byte == Self.quote {
                return .failure(Failure(reason: "a quote inside an unquoted field", restartAtNextLineOfRow: false))
            }
            self.position += 1
        }
        return .success(Span(start: start, end: self.position, escaped: false))
    }

    private mutating func readQuoted() -> Result<Span, Failure> {
        self.position += 1
        let start = self.position
        var escaped = false
        while self.position < self.end {
            let byte = self.bytes[self.position]
            if byte == Self.quote {
                if self.position + 1 < self.end && self.bytes[self.position + 1] == Self.quote {
                    escaped = true
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
                return .success(Span(start: start, end: close, escaped: escaped))
            }
            if byte == Self.lf { self.line += 1 }
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
