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
        try self.read(bytes: Self.fileBytes(url))
    }

    /// The bytes of the file at `url`, or why it cannot be read.
    static func fileBytes(_ url: URL) throws(PupilCSVError) -> [UInt8] {
        do {
            return try Self.bytes(of: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
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
        try self.read(bytes: bytes, parts: Self.partCount(bytes))
    }

    static func read(bytes: [UInt8], parts count: Int) throws(PupilCSVError) -> ReadResult {
        var (parts, skipped) = try Self.readParts(bytes: bytes, count: count, as: RecordList.self)
        var records: [PupilRecord] = []
        for index in parts.indices {
            // The first part has room for every part's records: take its list and grow it in place.
            if records.isEmpty {
                swap(&records, &parts[index].records)
            } else {
                records.append(contentsOf: parts[index].records)
            }
            parts[index].records = []
        }
        return ReadResult(records: records, skipped: skipped)
    }

    /// What a file gave for linking: its records already prepared, and the rows that were skipped.
    public struct LinkRead: Sendable {
        /// The records, prepared for `Linker.run`, in file order.
        public var input: LinkInput
        /// The rows left out, in file order.
        public var skipped: [SkippedRow]
    }

    /// Reads the CSV file at `url` straight into prepared records for linking: the same records and skipped rows as
    /// `read(contentsOf:)`, without building a `PupilRecord` for each row (at a million rows, building and freeing
    /// those took longer than preparing them).
    public static func readForLinking(contentsOf url: URL) throws(PupilCSVError) -> LinkRead {
        try self.readForLinking(bytes: Self.fileBytes(url))
    }

    /// `readForLinking` of CSV held as UTF-8 bytes.
    public static func readForLinking(bytes: [UInt8]) throws(PupilCSVError) -> LinkRead {
        try self.readForLinking(bytes: bytes, parts: Self.partCount(bytes))
    }

    static func readForLinking(bytes: [UInt8], parts count: Int) throws(PupilCSVError) -> LinkRead {
        let (chunks, skipped) = try Self.readParts(bytes: bytes, count: count, as: PreparedChunk.self)
        return LinkRead(input: LinkInput(chunks: chunks), skipped: skipped)
    }

    /// One part per core for a file of a megabyte or more.
    static func partCount(_ bytes: [UInt8]) -> Int {
        bytes.count < 1 << 20 ? 1 : Parallel.cores
    }

    /// Parses a date of birth written `YYYY-MM-DD` or `DD/MM/YYYY` (one-digit day and month allowed), over bytes:
    /// it runs for every row of a million-row roll.
    public static func parseDate(_ text: String) -> Result<Day, RowError> {
        var text = text
        return text.withUTF8(Self.parseDate(bytes:))
    }

    /// `parseDate` of a field's bytes; the text is made only to name it in an error.
    static func parseDate(bytes: UnsafeBufferPointer<UInt8>) -> Result<Day, RowError> {
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
        func notADate() -> RowError { Self.notADate(String(decoding: bytes, as: UTF8.self)) }
        for byte in bytes {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                length += 1
                if length > 4 { return .failure(notADate()) }
            } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")) && (separator == 0 || separator == byte)
            {
                separator = byte
                guard close() else { return .failure(notADate()) }
            } else {
                return .failure(notADate())
            }
        }
        guard close(), count == 3 else { return .failure(notADate()) }
        let (y, m, d): (Int, Int, Int)
        if separator == UInt8(ascii: "-") && lengths == (4, 2, 2) {
            (y, m, d) = (parts.0, parts.1, parts.2)
        } else if separator == UInt8(ascii: "/") && (1...2).contains(lengths.0) && (1...2).contains(lengths.1)
            && lengths.2 == 4
        {
            (y, m, d) = (parts.2, parts.1, parts.0)
        } else {
            return .failure(notADate())
        }
        guard let day = Day(year: y, month: m, day: d) else {
            return .failure(RowError(reason: "dob '\(String(decoding: bytes, as: UTF8.self))' is not a real date"))
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

        /// A space or tab: what trimming removes from the ends of a field.
        static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

        /// The field without surrounding spaces and tabs, or nil if nothing is left. Looks at the ends first:
        /// Foundation's trimming, run on every field of a million-row file, took most of the reading time.
        static func trimmed(_ field: String) -> String? {
            let utf8 = field.utf8
            guard let first = utf8.first, let last = utf8.last else { return nil }
            if !Self.isBlank(first) && !Self.isBlank(last) { return field }
            let text = field.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }

        func record(from row: RowFields) -> Result<PupilRecord, RowError> {
            guard let id = row.text(.recordID) else { return .failure(RowError(reason: "record_id is empty")) }
            var dob: Day?
            if let text = row.text(.dateOfBirth) {
                switch PupilCSV.parseDate(text) {
                case .success(let day): dob = day
                case .failure(let error): return .failure(error)
                }
            }
            return .success(
                PupilRecord(
                    recordID: id,
                    upn: row.text(.upn),
                    forename: row.text(.forename),
                    middleNames: row.text(.middleNames),
                    surname: row.text(.surname),
                    preferredSurname: row.text(.preferredSurname),
                    formerSurname: row.text(.formerSurname),
                    dateOfBirth: dob,
                    gender: row.text(.gender),
                    ethnicity: row.text(.ethnicity),
                    postcode: row.text(.postcode),
                    address: row.text(.address),
                    schoolURN: row.text(.schoolURN),
                    parentName: row.text(.parentName)
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
