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
    private var position = 0
    private var line = 1

    /// A reader over a whole file's bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        // A byte-order mark is not part of the first column's name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.position = 3 }
    }

    /// The next non-blank row, or nil at the end.
    public mutating func next() -> Row? {
        while self.position < self.bytes.count {
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
        while true {
            let field: String
            if self.position < self.bytes.count && self.bytes[self.position] == Self.quote {
                switch self.readQuoted() {
                case .success(let text): field = text
                case .failure(let failure): return .failure(failure)
                }
            } else {
                switch self.readUnquoted() {
                case .success(let text): field = text
                case .failure(let failure): return .failure(failure)
                }
            }
            fields.append(field)
            guard self.position < self.bytes.count else { return .success(fields) }
            let byte = self.bytes[self.position]
            if byte == Self.comma {
                self.position += 1
                continue
            }
            self.consumeLineEnd()
            return .success(fields)
        }
    }

    private mutating func readUnquoted() -> Result<String, Failure> {
        let start = self.position
        while self.position < self.bytes.count {
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
        var text: [UInt8] = []
        while self.position < self.bytes.count {
            let byte = self.bytes[self.position]
            if byte == Self.quote {
                if self.position + 1 < self.bytes.count && self.bytes[self.position + 1] == Self.quote {
                    text.append(Self.quote)
                    self.position += 2
                    continue
                }
                self.position += 1
                if self.position < self.bytes.count {
                    let after = self.bytes[self.position]
                    if after != Self.comma && after != Self.cr && after != Self.lf {
                        return .failure(
                            Failure(reason: "text after the closing quote of a field", restartAtNextLineOfRow: false)
                        )
                    }
                }
                return .success(String(decoding: text, as: UTF8.self))
            }
            if byte == Self.lf { self.line += 1 }
            text.append(byte)
            self.position += 1
        }
        return .failure(Failure(reason: "a quoted field is never closed", restartAtNextLineOfRow: true))
    }

    private mutating func consumeLineEnd() {
        if self.position < self.bytes.count && self.bytes[self.position] == Self.cr { self.position += 1 }
        if self.position < self.bytes.count && self.bytes[self.position] == Self.lf {
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
        while self.position < self.bytes.count && self.bytes[self.position] != Self.lf {
            self.position += 1
        }
        if self.position < self.bytes.count {
            self.position += 1
            self.line += 1
        }
    }
}
