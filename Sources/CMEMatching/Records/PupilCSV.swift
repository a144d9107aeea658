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
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try self.read(bytes: [UInt8](data))
    }

    /// Reads CSV text.
    public static func read(_ text: String) throws(PupilCSVError) -> ReadResult {
        try self.read(bytes: Array(text.utf8))
    }

    /// Reads CSV held as UTF-8 bytes.
    public static func read(bytes: [UInt8]) throws(PupilCSVError) -> ReadResult {
        var reader = CSVReader(bytes: bytes)
        guard let first = reader.next() else { throw .empty }
        guard case .fields(_, let header) = first else {
            if case .malformed(_, let reason) = first { throw .malformedHeader(reason) }
            throw .empty
        }
        let layout = try Layout(header: header)
        var records: [PupilRecord] = []
        var skipped: [SkippedRow] = []
        var firstLineOfID: [String: Int] = [:]
        while let row = reader.next() {
            switch row {
            case .malformed(let line, let reason):
                skipped.append(SkippedRow(line: line, reason: reason))
            case .fields(let line, let fields):
                switch layout.record(from: fields) {
                case .failure(let failure):
                    skipped.append(SkippedRow(line: line, reason: failure.reason))
                case .success(let record):
                    if let earlier = firstLineOfID[record.recordID] {
                        skipped.append(
                            SkippedRow(line: line, reason: "record_id '\(record.recordID)' repeats line \(earlier)")
                        )
                    } else {
                        firstLineOfID[record.recordID] = line
                        records.append(record)
                    }
                }
            }
        }
        return ReadResult(records: records, skipped: skipped)
    }

    /// Parses a date of birth written `YYYY-MM-DD` or `DD/MM/YYYY` (one-digit day and month allowed), over bytes:
    /// it runs for every row of a million-row roll.
    public static func parseDate(_ text: String) -> Result<Day, RowError> {
        let bytes = Array(text.utf8)
        var parts: [Int] = []
        var lengths: [Int] = []
        var separator: UInt8 = 0
        var value = 0
        var length = 0
        for byte in bytes {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                length += 1
                if length > 4 { return .failure(Self.notADate(text)) }
            } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")) && (separator == 0 || separator == byte)
            {
                separator = byte
                parts.append(value)
                lengths.append(length)
                value = 0
                length = 0
            } else {
                return .failure(Self.notADate(text))
            }
        }
        parts.append(value)
        lengths.append(length)
        guard parts.count == 3 else { return .failure(Self.notADate(text)) }
        let (y, m, d): (Int, Int, Int)
        if separator == UInt8(ascii: "-") && lengths == [4, 2, 2] {
            (y, m, d) = (parts[0], parts[1], parts[2])
        } else if separator == UInt8(ascii: "/") && (1...2).contains(lengths[0]) && (1...2).contains(lengths[1])
            && lengths[2] == 4
        {
            (y, m, d) = (parts[2], parts[1], parts[0])
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
            let values = self.positions.map { index in index.flatMap { Self.trimmed(fields[$0]) } }
            func value(_ column: PupilRecord.Column) -> String? {
                values[column.ordinal]
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
