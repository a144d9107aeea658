import CMECore

/// Reads a daily attendance feed: a header row, columns by name in any order (`upn, school_urn, date, session,
/// code`, and `minutes_late` if the school records it). All or nothing: any bad row stops the import, and every
/// bad row is reported with its line number and reason.
public enum AttendanceCSV {
    public struct RowError: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(self.line): \(self.reason)" }
    }

    public enum ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        case missingColumns([String])
        case empty
        case rows([RowError])

        public var description: String {
            switch self {
            case .missingColumns(let names): "missing column(s): \(names.joined(separator: ", "))"
            case .empty: "the file is empty"
            case .rows(let errors): "\(errors.count) bad row(s): " + errors.map(\.description).joined(separator: "; ")
            }
        }
    }

    static let required = ["upn", "school_urn", "date", "session", "code"]

    public static func read(_ text: String) throws(ReadError) -> [AttendanceMark] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let headerLine = lines.first else { throw .empty }
        let header = self.fields(headerLine).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = self.required.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(missing) }
        func index(_ name: String) -> Int? { header.firstIndex(of: name) }
        let columns = (
            upn: index("upn")!, urn: index("school_urn")!, date: index("date")!, session: index("session")!,
            code: index("code")!, late: index("minutes_late")
        )
        var marks: [AttendanceMark] = []
        var errors: [RowError] = []
        var seen: [String: Int] = [:]
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let number = offset + 1
            let values = self.fields(line).map { $0.trimmingCharacters(in: .whitespaces) }
            guard values.count >= header.count else {
                errors.append(
                    RowError(
                        line: number,
                        reason: "\(values.count) fields where the header has \(header.count) (a truncated row?)"
                    )
                )
                continue
            }
            var problems: [String] = []
            let upn = values[columns.upn].uppercased()
            if (try? UPN(upn)) == nil { problems.append("upn '\(upn)' is not a valid UPN") }
            let urn = values[columns.urn]
            if urn.count != 6 || !urn.allSatisfy(\.isNumber) { problems.append("school_urn '\(urn)' is not 6 digits") }
            let day = try? Day(iso: values[columns.date])
            if day == nil { problems.append("date '\(values[columns.date])' is not a date (YYYY-MM-DD)") }
            let session = AttendanceMark.Session(rawValue: values[columns.session].uppercased())
            if session == nil { problems.append("session '\(values[columns.session])' is not AM or PM") }
            let code = values[columns.code]
            if AttendanceCode.meaning(code) == nil { problems.append("code '\(code)' is not a DfE attendance code") }
            var minutes: Int?
            if let late = columns.late, !values[late].isEmpty {
                minutes = Int(values[late])
                if minutes == nil || minutes! < 0 {
                    problems.append("minutes_late '\(values[late])' is not a number of minutes")
                }
            }
            guard problems.isEmpty, let day, let session else {
                errors.append(RowError(line: number, reason: problems.joined(separator: "; ")))
                continue
            }
            let key = "\(upn)|\(urn)|\(day)|\(session.rawValue)"
            if let earlier = seen[key] {
                errors.append(
                    RowError(
                        line: number,
                        reason: "a second mark for \(upn) on \(day) \(session.rawValue) (line \(earlier))"
                    )
                )
                continue
            }
            seen[key] = number
            marks.append(
                AttendanceMark(upn: upn, schoolURN: urn, day: day, session: session, code: code, minutesLate: minutes)
            )
        }
        guard errors.isEmpty else { throw .rows(errors) }
        return marks
    }

    /// The fields of one line: commas separate, double quotes may wrap a field (and double inside it).
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
