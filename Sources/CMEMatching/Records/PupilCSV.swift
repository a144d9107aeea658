import CMECore
import Foundation

/// Reads pupil records from CSV: a header row, columns found by name in any order, extra columns ignored.
public enum PupilCSV {
    /// What a file gave: the good records in file order, and the rows that were skipped.
    public struct ReadResult: Sendable, Equatable {
        /// The records read, in file order.
        public var records: [PupilRecord]
        /// The rows left out, in file order.
        public var skipped: [SkippedRow]
    }

    /// A row that could not be read: its first line in the file (the header is line 1) and why.
    public struct SkippedRow: Sendable, Equatable, CustomStringConvertible {
        /// The line the row starts on; the header is line 1.
        public var line: Int
        /// What was wrong with it.
        public var reason: String

        /// A skipped row.
        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "line \(self.line): \(self.reason)" }
    }

    /// Reads the CSV file at `url`.
    public static func read(contentsOf url: URL) throws(PupilCSVError) -> ReadResult {
        let bytes: [UInt8]
        do {
            bytes = try Self.bytes(of: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try self.read(bytes: bytes)
    }

    /// The file's bytes, read straight into the array (through `Data` they were copied once more: 120 MB for a
    /// million-row roll). Anything that is not a plain file of known size (a pipe, `/dev/stdin`) is read to its end
    /// the ordinary way.
    static func bytes(of url: URL) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end > 0, (try? handle.seek(toOffset: 0)) != nil else {
            return [UInt8](try handle.readToEnd() ?? Data())
        }
        let size = Int(end)
        let descriptor = handle.fileDescriptor
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = Foundation.read(descriptor, buffer.baseAddress! + count, size - count)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failure = errno }
                if got <= 0 { break }
                count += got
            }
        }
        if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
        return bytes
    }

    /// Reads CSV text.
    public static func read(_ text: String) throws(PupilCSVError) -> ReadResult {
        try self.read(bytes: Array(text.utf8))
    }

    /// Reads CSV held as UTF-8 bytes. A large file is cut at line ends into a part per core, read in parallel and
    /// put back in file order: the same records, skipped rows and line numbers as reading it straight through.
    public static func read(bytes: [UInt8]) throws(PupilCSVError) -> ReadResult {
        try self.read(bytes: bytes, parts: bytes.count < 1 << 20 ? 1 : Parallel.cores)
    }

    static func read(bytes: [UInt8], parts count: Int) throws(PupilCSVError) -> ReadResult {
        var reader = CSVReader(bytes: bytes)
        guard let first = reader.next() else { throw .empty }
        guard case .fields(_, let header) = first else {
            if case .malformed(_, let reason) = first { throw .malformedHeader(reason) }
            throw .empty
        }
        let layout = try Layout(header: header)
        let (bounds, lines) = Self.parts(
            of: bytes,
            from: reader.position,
            line: reader.line,
            count: count
        )
        var parts = Parallel.map(bounds.count - 1, workers: Parallel.cores) { index in
            // The first part keeps room for every part's records, so that the others are appended to it without
            // allocating (and faulting in) the whole list a second time.
            Part.read(
                CSVReader(bytes: bytes, start: bounds[index], end: bounds[index + 1], line: lines[index]),
                layout: layout,
                room: index == 0 ? (bytes.count - bounds[0]) / 100 : nil
            )
        }
        // A part that met a broken quote may have been cut inside a row: read the file straight through instead.
        if parts.dropLast().contains(where: \.brokenQuote) {
            let whole = Part.read(
                CSVReader(bytes: bytes, start: reader.position, end: bytes.count, line: reader.line),
                layout: layout
            )
            return whole.result(earlier: [])
        }
        var result = ReadResult(records: [], skipped: [])
        for index in parts.indices {
            var done = parts[index].result(earlier: parts[..<index].map(\.firstLineOfID))
            // Let go of the part's own reference, so that the list grows in place rather than being copied.
            parts[index].records = []
            if result.records.isEmpty {
                swap(&result.records, &done.records)
            } else {
                result.records.append(contentsOf: done.records)
            }
            result.skipped += done.skipped
        }
        return result
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

    /// One part of a file as read: its records and where each record_id first appears, the rows skipped, and the
    /// rows whose record_id repeats one earlier in the part.
    struct Part: Sendable {
        var records: [PupilRecord] = []
        /// Each record's line and position among the part's rows.
        var lines: [Int] = []
        var ordinals: [Int] = []
        /// Rows skipped, each with its position among the part's rows (file order even where rows share a line).
        var skipped: [(ordinal: Int, row: SkippedRow)] = []
        var repeats: [(ordinal: Int, line: Int, id: String, first: Int)] = []
        var firstLineOfID: [String: Int] = [:]
        var brokenQuote = false

        static func read(_ reader: CSVReader, layout: Layout, room: Int? = nil) -> Part {
            var reader = reader
            var part = Part()
            // About a hundred bytes a row: room for the part's records without growing as it reads.
            let expected = max(16, (reader.end - reader.position) / 100)
            part.records.reserveCapacity(max(expected, room ?? 0))
            part.lines.reserveCapacity(expected)
            part.ordinals.reserveCapacity(expected)
            var ordinal = 0
            part.firstLineOfID.reserveCapacity(expected)
            var fields: [String] = []
            fields.reserveCapacity(layout.width + 1)
            while let row = reader.next(into: &fields) {
                ordinal += 1
                switch row {
                case .failure(let malformed):
                    part.skipped.append((ordinal, SkippedRow(line: malformed.line, reason: malformed.reason)))
                    part.brokenQuote = true
                case .success(let line):
                    switch layout.record(from: fields) {
                    case .failure(let failure):
                        part.skipped.append((ordinal, SkippedRow(line: line, reason: failure.reason)))
                    case .success(let record):
                        if let earlier = part.firstLineOfID[record.recordID] {
                            part.repeats.append((ordinal, line, record.recordID, earlier))
                        } else {
                            part.firstLineOfID[record.recordID] = line
                            part.records.append(record)
                            part.lines.append(line)
                            part.ordinals.append(ordinal)
                        }
                    }
                }
            }
            return part
        }

        /// The part's records and skipped rows, in file order, once the parts before it are known: a record_id
        /// seen in an earlier part makes the row a repeat of that part's line.
        func result(earlier: [[String: Int]]) -> ReadResult {
            func firstEarlier(_ id: String) -> Int? {
                for lines in earlier { if let line = lines[id] { return line } }
                return nil
            }
            var skipped = self.skipped
            // Usually no record_id repeats one of an earlier part, and the part's records stand as they are.
            var records = self.records
            if !earlier.isEmpty, self.records.contains(where: { firstEarlier($0.recordID) != nil }) {
                records = []
                for index in self.records.indices {
                    let record = self.records[index]
                    if let first = firstEarlier(record.recordID) {
                        let row = Self.repeatRow(line: self.lines[index], id: record.recordID, first: first)
                        skipped.append((self.ordinals[index], row))
                    } else {
                        records.append(record)
                    }
                }
            }
            for (ordinal, line, id, first) in self.repeats {
                skipped.append((ordinal, Self.repeatRow(line: line, id: id, first: firstEarlier(id) ?? first)))
            }
            // Positions are distinct, so the order is the file's whatever the sort.
            if skipped.count != self.skipped.count { skipped.sort { $0.ordinal < $1.ordinal } }
            return ReadResult(records: records, skipped: skipped.map(\.row))
        }

        static func repeatRow(line: Int, id: String, first: Int) -> SkippedRow {
            SkippedRow(line: line, reason: "record_id '\(id)' repeats line \(first)")
        }
    }

    /// Parses a date of birth written `YYYY-MM-DD` or `DD/MM/YYYY` (one-digit day and month allowed), over bytes:
    /// it runs for every row of a million-row roll.
    public static func parseDate(_ text: String) -> Result<Day, RowError> {
        var parts = (0, 0, 0)
        var lengths = (0, 0, 0)
        var count = 0
        var separator: UInt8 = 0
        var value = 0
        var length = 0
        func close() -> Bool {
            switch count {
            case 0: (parts.0, lengths.0) = (value, length)
            case 1: (parts.1, lengths.1) = (value, length)
            case 2: (parts.2, lengths.2) = (value, length)
            default: return false
            }
            count += 1
            value = 0
            length = 0
            return true
        }
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                length += 1
                if length > 4 { return .failure(Self.notADate(text)) }
            } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")) && (separator == 0 || separator == byte)
            {
                separator = byte
                guard close() else { return .failure(Self.notADate(text)) }
            } else {
                return .failure(Self.notADate(text))
            }
        }
        guard close(), count == 3 else { return .failure(Self.notADate(text)) }
        let (y, m, d): (Int, Int, Int)
        if separator == UInt8(ascii: "-") && lengths == (4, 2, 2) {
            (y, m, d) = (parts.0, parts.1, parts.2)
        } else if separator == UInt8(ascii: "/") && (1...2).contains(lengths.0) && (1...2).contains(lengths.1)
            && lengths.2 == 4
        {
            (y, m, d) = (parts.2, parts.1, parts.0)
        } else {
            return .failure(Self.notADate(text))
        }
        guard let day = Day(year: y, month: m, day: d) else {
            return .failure(RowError(reason: "dob '\(text)' is not a real date"))
        }
        return .success(day)
    }

    private static func notADate(_ text: String) -> RowError {
        RowError(reason: "dob '\(text)' is not YYYY-MM-DD or DD/MM/YYYY")
    }

    /// Why one row was skipped.
    public struct RowError: Error, Equatable, Sendable {
        /// What was wrong, naming the value.
        public var reason: String
    }

    /// Where each known column sits in the file.
    struct Layout {
        /// Field index per column, in `Column.allCases` order (an array: a dictionary lookup per field was slow).
        let positions: [Int?]
        let width: Int

        init(header: [String]) throws(PupilCSVError) {
            var position: [PupilRecord.Column: Int] = [:]
            for (index, raw) in header.enumerated() {
                let name = Self.canonical(raw)
                guard let column = PupilRecord.Column(rawValue: name) else { continue }
                if position[column] != nil { throw .duplicateColumn(column.rawValue) }
                position[column] = index
            }
            let missing = PupilRecord.Column.required.filter { position[$0] == nil }.map(\.rawValue)
            if !missing.isEmpty { throw .missingColumns(missing) }
            self.positions = PupilRecord.Column.allCases.map { position[$0] }
            self.width = header.count
        }

        /// Header names compared without case, surrounding spaces, or the difference between space, hyphen and `_`.
        static func canonical(_ name: String) -> String {
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            return String(trimmed.map { $0 == " " || $0 == "-" ? "_" : $0 })
        }

        /// The field without surrounding spaces and tabs, or nil if nothing is left. Looks at the ends first:
        /// Foundation's trimming, run on every field of a million-row file, took most of the reading time.
        static func trimmed(_ field: String) -> String? {
            let utf8 = field.utf8
            guard let first = utf8.first, let last = utf8.last else { return nil }
            let blank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
            if !blank(first) && !blank(last) { return field }
            let text = field.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }

        func record(from fields: [String]) -> Result<PupilRecord, RowError> {
            guard fields.count == self.width else {
                return .failure(RowError(reason: "\(fields.count) fields where the header has \(self.width)"))
            }
            // Each column is read once, straight from the fields (no array of values per row).
            func value(_ column: PupilRecord.Column) -> String? {
                self.positions[column.ordinal].flatMap { Self.trimmed(fields[$0]) }
            }
            guard let id = value(.recordID) else { return .failure(RowError(reason: "record_id is empty")) }
            var dob: Day?
            if let text = value(.dateOfBirth) {
                switch PupilCSV.parseDate(text) {
                case .success(let day): dob = day
                case .failure(let error): return .failure(error)
                }
            }
            return .success(
                PupilRecord(
                    recordID: id,
                    upn: value(.upn),
                    forename: value(.forename),
                    middleNames: value(.middleNames),
                    surname: value(.surname),
                    preferredSurname: value(.preferredSurname),
                    formerSurname: value(.formerSurname),
                    dateOfBirth: dob,
                    gender: value(.gender),
                    ethnicity: value(.ethnicity),
                    postcode: value(.postcode),
                    address: value(.address),
                    schoolURN: value(.schoolURN),
                    parentName: value(.parentName)
                )
            )
        }
    }
}

/// Why a pupil CSV could not be read at all (rows that are merely bad are skipped instead).
public enum PupilCSVError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case unreadable(path: String, reason: String)
    case malformedHeader(String)
    case missingColumns([String])
    case duplicateColumn(String)

    public var description: String {
        switch self {
        case .empty:
            "the file is empty: expected a header row"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .malformedHeader(let reason):
            "the header row is malformed: \(reason)"
        case .missingColumns(let names):
            "missing required column\(names.count == 1 ? "" : "s"): \(names.joined(separator: ", "))"
        case .duplicateColumn(let name):
            "column '\(name)' appears twice in the header"
        }
    }
}
