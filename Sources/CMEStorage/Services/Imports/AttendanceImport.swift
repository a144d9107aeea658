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
            guard let sql = tx as? any SQLDatabase else { throw StorageFault.notSQL }
            let days = marks.map(\.day)
            // Each pupil's marks of the school year so far, read before the file's are written, with the file's
            // laid over them (a mark for a session held replaces it).
            let from = AcademicYear(containing: days.min() ?? self.time.local(now).day).firstDay
            var history = try await Self.marksHeld(for: marks, since: from, on: sql)
            for mark in marks {
                history[PupilKey(mark), default: [:]][SessionKey(mark)] = mark
            }
            try await Self.writeMarks(marks, importID: importID, on: tx, progress: progress)

            var stored: [StoredFindings] = []
            stored.reserveCapacity(history.count)
            for key in history.keys.sorted(by: { ($0.school, $0.upn) < ($1.school, $1.upn) }) {
                let pupilMarks = Array((history[key] ?? [:]).values)
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
            try await Self.writeFindings(stored, on: tx)
            let absent = stored.filter { $0.findings.firstDayOfUnexplainedAbsence != nil }.count
            let range = days.min().map { first in " from \(first) to \(days.max() ?? first)" } ?? ""
            let summary =
                "\(marks.count) marks for \(history.count) pupils\(range); \(absent) absent without explanation now"
            return (summary, stored)
        }
        return (receipt, findings ?? [])
    }

    /// A pupil at a school, and one of their sessions, as dictionary keys.
    struct PupilKey: Hashable {
        let school: String
        let upn: String
        init(_ mark: AttendanceMark) {
            self.school = mark.schoolURN
            self.upn = mark.upn
        }
    }
    struct SessionKey: Hashable {
        let day: Int
        let pm: Bool
        init(_ mark: AttendanceMark) {
            self.day = mark.day.ordinal
            self.pm = mark.session == .pm
        }
    }

    /// The marks held since `from` for the pupils of `marks`, by pupil and session.
    static func marksHeld(
        for marks: [AttendanceMark],
        since from: Day,
        on sql: any SQLDatabase
    ) async throws -> [PupilKey: [SessionKey: AttendanceMark]] {
        let pupils = Set(marks.map(PupilKey.init))
        var history: [PupilKey: [SessionKey: AttendanceMark]] = [:]
        for slice in Self.slices(Set(marks.map(\.schoolURN)).sorted()) {
            let rows = try await sql.select().columns("school_urn", "upn", "day", "session", "code", "minutes_late")
                .from("attendance_marks").where("school_urn", .in, slice)
                .where("day", .greaterThanOrEqual, from.description).all()
            for row in rows {
                let urn = try row.decode(column: "school_urn", as: String.self)
                let upn = try row.decode(column: "upn", as: String.self)
                guard let day = try? Day(iso: row.decode(column: "day", as: String.self)),
                    let session = AttendanceMark.Session(rawValue: try row.decode(column: "session", as: String.self))
                else { continue }
                let mark = AttendanceMark(
                    upn: upn,
                    schoolURN: urn,
                    day: day,
                    session: session,
                    code: try row.decode(column: "code", as: String.self),
                    minutesLate: try row.decode(column: "minutes_late", as: Int?.self)
                )
                let key = PupilKey(mark)
                guard pupils.contains(key) else { continue }
                history[key, default: [:]][SessionKey(mark)] = mark
            }
        }
        return history
    }

    /// Writes the marks; a mark for a session already held replaces it.
    static func writeMarks(
        _ marks: [AttendanceMark],
        importID: UUID,
        on db: any Database,
        progress: ImportProgress?
    ) async throws {
        var ids = RowIDs()
        try await BulkInsert.run(
            marks.map { mark in
                [
                    .uuid(ids.next()), .text(mark.schoolURN), .text(mark.upn), .text(mark.day.description),
                    .text(mark.session.rawValue), .text(mark.code), .int(mark.minutesLate), .uuid(importID),
                ]
            },
            into: "attendance_marks",
            columns: Self.markColumns,
            tail: "ON CONFLICT (school_urn, upn, day, session) DO UPDATE SET code = excluded.code, "
                + "minutes_late = excluded.minutes_late, import_id = excluded.import_id",
            on: db,
            progress: progress
        )
    }

    /// Keeps the findings of the pupils whose attendance needs attention (absent without explanation now, a run of
    /// unauthorised absence, an N unresolved, late over 15 minutes, persistently absent), and drops the earlier
    /// findings of pupils in `stored` who no longer need it.
    static func writeFindings(_ stored: [StoredFindings], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        var held: [String: UUID] = [:]
        for slice in Self.slices(Set(stored.map(\.findings.schoolURN)).sorted()) {
            for row in try await sql.select().columns("id", "school_urn", "upn").from("attendance_findings")
                .where("school_urn", .in, slice).all()
            {
                let key =
                    "\(try row.decode(column: "school_urn", as: String.self))|\(try row.decode(column: "upn", as: String.self))"
                held[key] = try row.decode(column: "id", as: UUID.self)
            }
        }
        let notable = stored.filter(\.needsAttention)
        let cleared = stored.filter { !$0.needsAttention }.compactMap {
            held["\($0.findings.schoolURN)|\($0.findings.upn)"]
        }
        for slice in Self.slices(cleared) {
            try await sql.delete(from: "attendance_findings").where("id", .in, slice).run()
        }
        var ids = RowIDs()
        try await BulkInsert.run(
            notable.map { s in
                let f = s.findings
                return [
                    .uuid(ids.next()), .text(f.schoolURN), .text(f.upn), .text(s.asOf.description),
                    .text(f.firstDayOfUnexplainedAbsence?.description), .int(f.unexplainedRun),
                    .int(f.unauthorisedRun), .text(f.unresolvedN.map(\.description).joined(separator: " ")),
                    .text(f.lateOver15.map { "\($0.day) \($0.minutes)" }.joined(separator: " ")),
                    .double(f.absenceRate), .int(f.possibleSessions),
                    .text(s.clocksDue.map { "\($0.id)=\($0.due)" }.joined(separator: " ")),
                ]
            },
            into: "attendance_findings",
            columns: Self.findingColumns,
            tail: "ON CONFLICT (school_urn, upn) DO UPDATE SET "
                + Self.findingColumns.dropFirst(3).map { "\($0) = excluded.\($0)" }.joined(separator: ", "),
            on: db
        )
    }
}

extension StoredFindings {
    /// Whether the pupil's attendance needs someone's attention.
    public var needsAttention: Bool {
        let f = self.findings
        return f.firstDayOfUnexplainedAbsence != nil || f.unauthorisedRun > 0 || !f.unresolvedN.isEmpty
            || !f.lateOver15.isEmpty || f.isPersistentAbsentee
    }
}

/// A pupil whose attendance needs attention, as the attendance findings hold them.
public struct StoredAttendance: Sendable, Equatable {
    public var schoolURN: String
    public var upn: String
    public var asOf: String
    public var firstUnexplainedDay: Day?
    public var unexplainedDays: Int
    /// School days in a row of G, N or O: 20 is a roll-removal ground once joint enquiries are recorded.
    public var unauthorisedDays: Int
    /// Days with an N not replaced within 5 school days, space-separated.
    public var unresolvedN: String
    /// `day minutes` of each late mark over 15 minutes, space-separated.
    public var lateOver15: String
    public var absenceRate: Double
    /// `clock=due` pairs, space-separated.
    public var clocksDue: String
}

extension CaseService {
    /// The pupils whose attendance needs attention: absent without explanation now (longest first), then runs of
    /// unauthorised absence, unresolved N marks, late marks over 15 minutes and persistent absence.
    public func attendanceNeedingAttention(on db: any Database, limit: Int = 200) async throws -> [StoredAttendance] {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        return try await sql.select()
            .columns(
                "school_urn",
                "upn",
                "as_of",
                "first_unexplained_day",
                "unexplained_days",
                "unauthorised_days",
                "unresolved_n",
                "late_over_15",
                "absence_rate",
                "clocks_due"
            )
            .from("attendance_findings")
            .orderBy("unexplained_days", .descending).orderBy("unauthorised_days", .descending)
            .orderBy("absence_rate", .descending).orderBy("school_urn").orderBy("upn").limit(limit).all()
            .map { row in
                StoredAttendance(
                    schoolURN: try row.decode(column: "school_urn", as: String.self),
                    upn: try row.decode(column: "upn", as: String.self),
                    asOf: try row.decode(column: "as_of", as: String.self),
                    firstUnexplainedDay: try row.decode(column: "first_unexplained_day", as: String?.self)
                        .flatMap { try? Day(iso: $0) },
                    unexplainedDays: try row.decode(column: "unexplained_days", as: Int.self),
                    unauthorisedDays: try row.decode(column: "unauthorised_days", as: Int.self),
                    unresolvedN: try row.decode(column: "unresolved_n", as: String.self),
                    lateOver15: try row.decode(column: "late_over_15", as: String.self),
                    absenceRate: try row.decode(column: "absence_rate", as: Double.self),
                    clocksDue: try row.decode(column: "clocks_due", as: String.self)
                )
            }
    }
}
