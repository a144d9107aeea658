import CMECore
import CMEInterop
import Fluent
import Foundation
import SQLKit

/// A pupil's stored attendance findings, with the clocks their absence started.
public struct StoredFindings: Sendable {
    public var findings: AttendanceFindings
    public var asOf: Day
    /// `clock id=due day`, for each clock the run of unexplained absence started.
    public var clocksDue: [(id: String, due: Day)]
}

extension CaseService {
    static let markColumns = ["id", "school_urn", "upn", "day", "session", "code", "minutes_late", "import_id"]
    static let findingColumns = [
        "id", "school_urn", "upn", "as_of", "first_unexplained_day", "unexplained_days", "unauthorised_days",
        "unresolved_n", "late_over_15", "absence_rate", "possible_sessions", "clocks_due",
    ]

    /// Takes in attendance marks and reads each pupil's marks of the academic year so far against the policy's
    /// calendar and clocks. A mark for a session already held replaces it (a register corrected: an `N` given its
    /// reason). One transaction; the same file again changes nothing.
    public func importAttendance(
        _ marks: [AttendanceMark],
        file: ImportedFile,
        school: String?,
        by actor: Actor,
        on db: any Database,
        at now: Date,
        progress: ImportProgress? = nil
    ) async throws -> (receipt: ImportReceipt, findings: [StoredFindings]) {
        let policy = self.policy
        let (receipt, findings) = try await self.runImport(
            .attendance,
            school: school,
            file: file,
            rows: marks.count,
            by: actor,
            on: db,
            at: now
        ) { tx, importID -> (String, [StoredFindings]) in
            guard let sql = tx as? any SQLDatabase else { throw ServiceError.notFound("SQL database") }
            let pupils = Set(marks.map { "\($0.schoolURN)|\($0.upn)" })
            let days = marks.map(\.day)
            for start in stride(from: 0, to: marks.count, by: Self.insertBatch) {
                var insert = sql.insert(into: "attendance_marks").columns(Self.markColumns)
                for mark in marks[start..<min(start + Self.insertBatch, marks.count)] {
                    insert = insert.values(
                        [
                            UUID(), mark.schoolURN, mark.upn, mark.day.description, mark.session.rawValue, mark.code,
                            mark.minutesLate, importID,
                        ] as [any Encodable & Sendable]
                    )
                }
                try await insert.onConflict(with: ["school_urn", "upn", "day", "session"]) {
                    $0.set(excludedValueOf: "code").set(excludedValueOf: "minutes_late")
                        .set(excludedValueOf: "import_id")
                }.run()
                progress?(min(start + Self.insertBatch, marks.count), marks.count)
            }

            // Each pupil's marks of the academic year so far, school by school.
            var history: [String: [AttendanceMark]] = [:]
            let schools = Set(marks.map(\.schoolURN))
            let from = AcademicYear(containing: days.min() ?? self.time.local(now).day).firstDay.description
            for urn in schools.sorted() {
                let rows = try await sql.select().columns("upn", "day", "session", "code", "minutes_late")
                    .from("attendance_marks").where("school_urn", .equal, urn).where("day", .greaterThanOrEqual, from)
                    .all()
                for row in rows {
                    let upn = try row.decode(column: "upn", as: String.self)
                    let key = "\(urn)|\(upn)"
                    guard pupils.contains(key),
                        let day = try? Day(iso: row.decode(column: "day", as: String.self)),
                        let session = AttendanceMark.Session(
                            rawValue: try row.decode(column: "session", as: String.self)
                        )
                    else { continue }
                    history[key, default: []].append(
                        AttendanceMark(
                            upn: upn,
                            schoolURN: urn,
                            day: day,
                            session: session,
                            code: try row.decode(column: "code", as: String.self),
                            minutesLate: try row.decode(column: "minutes_late", as: Int?.self)
                        )
                    )
                }
            }
            var stored: [StoredFindings] = []
            stored.reserveCapacity(history.count)
            for key in history.keys.sorted() {
                let pupilMarks = history[key] ?? []
                let found: AttendanceFindings?
                do {
                    found = try AttendanceAnalysis.analyse(pupilMarks, calendar: policy.calendar)
                } catch {
                    throw ServiceError.invalid([
                        FieldProblem("date", "\(error): the policy's term dates must cover every day marked")
                    ])
                }
                guard let findings = found, let last = pupilMarks.map(\.day).max() else { continue }
                stored.append(
                    StoredFindings(
                        findings: findings,
                        asOf: last,
                        clocksDue: policy.attendanceClocks(for: findings, through: last)
                    )
                )
            }
            for start in stride(from: 0, to: stored.count, by: Self.insertBatch) {
                var insert = sql.insert(into: "attendance_findings").columns(Self.findingColumns)
                for s in stored[start..<min(start + Self.insertBatch, stored.count)] {
                    let f = s.findings
                    insert = insert.values(
                        [
                            UUID(), f.schoolURN, f.upn, s.asOf.description, f.firstDayOfUnexplainedAbsence?.description,
                            f.unexplainedRun, f.unauthorisedRun,
                            f.unresolvedN.map(\.description).joined(separator: " "),
                            f.lateOver15.map { "\($0.day) \($0.minutes)" }.joined(separator: " "), f.absenceRate,
                            f.possibleSessions, s.clocksDue.map { "\($0.id)=\($0.due)" }.joined(separator: " "),
                        ] as [any Encodable & Sendable]
                    )
                }
                try await insert.onConflict(with: ["school_urn", "upn"]) { conflict in
                    var set = conflict
                    for column in Self.findingColumns.dropFirst(3) { set = set.set(excludedValueOf: column) }
                    return set
                }.run()
            }
            let absent = stored.filter { $0.findings.firstDayOfUnexplainedAbsence != nil }.count
            let range = days.min().map { first in " from \(first) to \(days.max() ?? first)" } ?? ""
            let summary =
                "\(marks.count) marks for \(pupils.count) pupils\(range); \(absent) absent without explanation now"
            return (summary, stored)
        }
        return (receipt, findings ?? [])
    }
}
