import CMECore

/// Reads a daily attendance feed: a header row, columns by name in any order (`upn, school_urn, date, session,
/// code`, and `minutes_late` if the school records it). All or nothing: any bad row stops the import, and every
/// bad row is reported with its line number and reason.
public enum AttendanceCSV {
    public static let requiredColumns = ["upn", "date", "session", "code"]

    /// `school`, when given, is the only school the file may hold, and stands in for a missing `school_urn` column.
    public static func read(bytes: [UInt8], school: String? = nil) throws(ImportFileError) -> [AttendanceMark] {
        let table = try CSVTable(bytes: bytes, required: Self.requiredColumns + (school == nil ? ["school_urn"] : []))
        let c = (
            upn: table.column("upn"), urn: table.column("school_urn"), date: table.column("date"),
            session: table.column("session"), code: table.column("code"), late: table.column("minutes_late")
        )
        var marks: [AttendanceMark] = []
        marks.reserveCapacity(table.rows.count)
        var errors = table.errors
        // One mark per pupil and session: a struct key, not a string built for each of 200,000 rows.
        struct Session: Hashable {
            let upn: String
            let urn: String
            let day: Int
            let pm: Bool
        }
        var seen: [Session: Int] = [:]
        seen.reserveCapacity(table.rows.count)
        for row in table.rows {
            var check = RowCheck()
            let upnText = row[c.upn]?.uppercased() ?? ""
            let upn = UPN.check(ascii: upnText.utf8) == nil ? nil : upnText
            if upn == nil { check.problems.append("upn '\(upnText)' is not a valid UPN") }
            let urn = check.school(row[c.urn], fixed: school)
            let dateText = row[c.date] ?? ""
            let day = try? Day(iso: dateText)
            if day == nil { check.problems.append("date '\(dateText)' is not a date (YYYY-MM-DD)") }
            let sessionText = row[c.session] ?? ""
            let session = AttendanceMark.Session(rawValue: sessionText.uppercased())
            if session == nil { check.problems.append("session '\(sessionText)' is not AM or PM") }
            let code = row[c.code] ?? ""
            if AttendanceCode.meaning(code) == nil {
                check.problems.append("code '\(code)' is not a DfE attendance code")
            }
            var minutes: Int?
            if let late = row[c.late] {
                minutes = Int(late)
                if minutes == nil || minutes! < 0 {
                    check.problems.append("minutes_late '\(late)' is not a number of minutes")
                }
            }
            guard check.problems.isEmpty, let upn, let urn, let day, let session else {
                errors.append(ImportRowError(line: row.line, reason: check.reason))
                continue
            }
            let key = Session(upn: upn, urn: urn, day: day.ordinal, pm: session == .pm)
            if let earlier = seen[key] {
                errors.append(
                    ImportRowError(
                        line: row.line,
                        reason: "a second mark for \(upn) on \(day) \(session.rawValue) (line \(earlier))"
                    )
                )
                continue
            }
            seen[key] = row.line
            marks.append(
                AttendanceMark(upn: upn, schoolURN: urn, day: day, session: session, code: code, minutesLate: minutes)
            )
        }
        guard errors.isEmpty else { throw .rows(errors.sorted { $0.line < $1.line }) }
        return marks
    }
}
