extension PupilCSV {
    /// Reads the rows after the header into one `Sink` per part, in file order, with the rows skipped: a large file
    /// is cut at line ends into `count` parts read in parallel, and the result is the same as reading it straight
    /// through (the same rows kept, skipped and numbered).
    static func readParts<Sink: RowSink>(
        bytes: [UInt8],
        count: Int,
        as: Sink.Type
    ) throws(PupilCSVError) -> (parts: [Sink], skipped: [SkippedRow]) {
        var reader = CSVReader(bytes: bytes)
        guard let first = reader.next() else { throw .empty }
        guard case .fields(_, let header) = first else {
            if case .malformed(_, let reason) = first { throw .malformedHeader(reason) }
            throw .empty
        }
        let layout = try Layout(header: header)
        let (bounds, lines) = Self.parts(of: bytes, from: reader.position, line: reader.line, count: count)
        var parts = Parallel.map(bounds.count - 1, workers: Parallel.cores) { index in
            // About a hundred bytes a row. A sink that is joined into one list keeps room in the first part for
            // every part's records, so that the others are appended to it without allocating (and faulting in) the
            // whole list a second time.
            let whole = index == 0 && Sink.joinsIntoFirst ? bytes.count - bounds[0] : bounds[index + 1] - bounds[index]
            return Part<Sink>.read(
                CSVReader(bytes: bytes, start: bounds[index], end: bounds[index + 1], line: lines[index]),
                layout: layout,
                expected: max(16, whole / 100)
            )
        }
        // A part that met a broken quote may have been cut inside a row: read the file straight through instead.
        if parts.dropLast().contains(where: \.brokenQuote) {
            var whole = Part<Sink>.read(
                CSVReader(bytes: bytes, start: reader.position, end: bytes.count, line: reader.line),
                layout: layout,
                expected: max(16, (bytes.count - reader.position) / 100)
            )
            let skipped = whole.settle(earlier: [])
            return ([whole.sink], skipped)
        }
        var skipped: [SkippedRow] = []
        var sinks: [Sink] = []
        for index in parts.indices {
            skipped += parts[index].settle(earlier: parts[..<index].map(\.firstLineOfID))
            sinks.append(parts[index].sink)
            // Let go of the part's own reference, so that the sink's lists can grow in place rather than be copied.
            parts[index].sink = Sink(expected: 0)
        }
        return (sinks, skipped)
    }

    /// Where each part starts and its first line, then the end: cut at the first line end after each share of
    /// the bytes that lies outside quotes (an even number of quote marks since the header).
    static func parts(of bytes: [UInt8], from start: Int, line: Int, count: Int) -> (bounds: [Int], lines: [Int]) {
        var bounds = [start]
        var lines = [line]
        var position = start
        var quotes = 0
        var lineEnds = 0
        for part in 1..<max(1, count) {
            let target = start + (bytes.count - start) * part / count
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == 0x22 {
                    quotes += 1
                } else if byte == 0x0A {
                    lineEnds += 1
                    if position > target && quotes % 2 == 0 { break }
                }
            }
            guard position < bytes.count else { break }
            bounds.append(position)
            lines.append(line + lineEnds)
        }
        bounds.append(bytes.count)
        return (bounds, lines)
    }

    /// One part of a file as read: its records (in the sink) and the line and position among the part's rows of
    /// each, the rows skipped, the rows whose record_id repeats one earlier in the part, and where each record_id
    /// first appears.
    struct Part<Sink: RowSink>: Sendable {
        var sink: Sink
        var lines: [Int] = []
        var ordinals: [Int] = []
        /// Rows skipped, each with its position among the part's rows (file order even where rows share a line).
        var skipped: [(ordinal: Int, row: SkippedRow)] = []
        var repeats: [(ordinal: Int, line: Int, id: String, first: Int)] = []
        var firstLineOfID: [String: Int] = [:]
        var brokenQuote = false

        static func read(_ reader: CSVReader, layout: Layout, expected: Int) -> Part {
            var reader = reader
            var part = Part(sink: Sink(expected: expected))
            let own = max(16, (reader.end - reader.position) / 100)
            part.lines.reserveCapacity(own)
            part.ordinals.reserveCapacity(own)
            part.firstLineOfID.reserveCapacity(own)
            var ordinal = 0
            var spans: [CSVReader.Span] = []
            spans.reserveCapacity(layout.width + 1)
            // The reader moves on through the file while its rows are read in place.
            let file = reader.bytes
            file.withUnsafeBufferPointer { bytes in
                while let row = reader.next(spans: &spans) {
                    ordinal += 1
                    switch row {
                    case .failure(let malformed):
                        part.skipped.append((ordinal, SkippedRow(line: malformed.line, reason: malformed.reason)))
                        part.brokenQuote = true
                    case .success(let line):
                        guard spans.count == layout.width else {
                            let reason = "\(spans.count) fields where the header has \(layout.width)"
                            part.skipped.append((ordinal, SkippedRow(line: line, reason: reason)))
                            continue
                        }
                        switch part.sink.append(RowFields(bytes: bytes, spans: spans, layout: layout)) {
                        case .failure(let failure):
                            part.skipped.append((ordinal, SkippedRow(line: line, reason: failure.reason)))
                        case .success(let id):
                            if let earlier = part.firstLineOfID[id] {
                                part.sink.removeLast()
                                part.repeats.append((ordinal, line, id, earlier))
                            } else {
                                part.firstLineOfID[id] = line
                                part.lines.append(line)
                                part.ordinals.append(ordinal)
                            }
                        }
                    }
                }
            }
            return part
        }

        /// Settles the part once the parts before it are known: a record_id seen in an earlier part makes the row a
        /// repeat of that part's line, and it leaves the sink. The part's skipped rows, in file order.
        mutating func settle(earlier: [[String: Int]]) -> [SkippedRow] {
            func firstEarlier(_ id: String) -> Int? {
                for lines in earlier { if let line = lines[id] { return line } }
                return nil
            }
            var skipped = self.skipped
            // Usually no record_id repeats one of an earlier part, and the part's records stand as they are.
            if !earlier.isEmpty, (0..<self.sink.count).contains(where: { firstEarlier(self.sink.id(at: $0)) != nil }) {
                var kept: [Int] = []
                for index in 0..<self.sink.count {
                    let id = self.sink.id(at: index)
                    if let first = firstEarlier(id) {
                        skipped.append(
                            (self.ordinals[index], Self.repeatRow(line: self.lines[index], id: id, first: first))
                        )
                    } else {
                        kept.append(index)
                    }
                }
                self.sink.keep(kept)
            }
            for (ordinal, line, id, first) in self.repeats {
                skipped.append((ordinal, Self.repeatRow(line: line, id: id, first: firstEarlier(id) ?? first)))
            }
            // Positions are distinct, so the order is the file's whatever the sort.
            if skipped.count != self.skipped.count { skipped.sort { $0.ordinal < $1.ordinal } }
            return skipped.map(\.row)
        }

        static func repeatRow(line: Int, id: String, first: Int) -> SkippedRow {
            SkippedRow(line: line, reason: "record_id '\(id)' repeats line \(first)")
        }
    }

    /// The `PupilRecord`s of a part.
    struct RecordList: RowSink {
        var records: [PupilRecord] = []

        static var joinsIntoFirst: Bool { true }

        init(expected: Int) { self.records.reserveCapacity(expected) }

        var count: Int { self.records.count }

        func id(at index: Int) -> String { self.records[index].recordID }

        mutating func append(_ row: RowFields) -> Result<String, RowError> {
            row.layout.record(from: row).map { record in
                self.records.append(record)
                return record.recordID
            }
        }

        mutating func removeLast() { self.records.removeLast() }

        mutating func keep(_ indices: [Int]) { self.records = indices.map { self.records[$0] } }
    }
}

/// What reading a part of a pupil CSV makes of its rows: `PupilRecord`s, or records prepared for linking.
protocol RowSink: Sendable {
    /// Whether the parts' sinks are joined into the first one's lists (which then keeps room for the whole file).
    static var joinsIntoFirst: Bool { get }
    /// An empty sink with room for `expected` records.
    init(expected: Int)
    /// How many records it holds.
    var count: Int { get }
    /// The record_id of the record at `index`.
    func id(at index: Int) -> String
    /// Reads a row whose number of fields matches the header and keeps its record: its record_id, or why the row
    /// was skipped (and nothing kept).
    mutating func append(_ row: RowFields) -> Result<String, PupilCSV.RowError>
    /// Drops the record appended last (its record_id repeats an earlier row's).
    mutating func removeLast()
    /// Keeps only the records at `indices` (ascending).
    mutating func keep(_ indices: [Int])
}

/// One row's fields as they lie in the file, read by column.
struct RowFields {
    let bytes: UnsafeBufferPointer<UInt8>
    let spans: [CSVReader.Span]
    let layout: PupilCSV.Layout

    /// The column's text without surrounding spaces and tabs; nil if the file lacks the column or it is blank.
    func text(_ column: PupilRecord.Column) -> String? {
        guard let position = self.layout.positions[column.ordinal] else { return nil }
        let span = self.spans[position]
        guard !span.isEmpty else { return nil }
        return PupilCSV.Layout.trimmed(self.string(span))
    }

    /// The column's value as bytes in place when it is plain ASCII with nothing to trim or unescape (as nearly every
    /// value is), otherwise as `text(_:)` gives it; nil when that is nil.
    func value(_ column: PupilRecord.Column) -> FieldValue? {
        guard let position = self.layout.positions[column.ordinal] else { return nil }
        let span = self.spans[position]
        guard !span.isEmpty else { return nil }
        let field = UnsafeBufferPointer(rebasing: self.bytes[span.start..<span.end])
        let isBlank = PupilCSV.Layout.isBlank
        if !span.escaped && !isBlank(field[0]) && !isBlank(field[field.count - 1]) && field.allSatisfy({ $0 < 0x80 }) {
            return .ascii(field)
        }
        return self.text(column).map(FieldValue.text)
    }

    private func string(_ span: CSVReader.Span) -> String {
        CSVReader.string(span, in: self.bytes)
    }
}

/// A field's value: plain ASCII bytes still in the file, or text.
enum FieldValue {
    case ascii(UnsafeBufferPointer<UInt8>)
    case text(String)

    /// The value's UTF-8 bytes, for readers whose byte and text forms are the same function.
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch self {
        case .ascii(let bytes):
            return body(bytes)
        case .text(var text):
            return text.withUTF8(body)
        }
    }
}
