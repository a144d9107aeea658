/// What a pupil's marks say for the CME procedure, as of the last day marked.
public struct AttendanceFindings: Sendable, Equatable {
    public var upn: String
    public var schoolURN: String
    /// The first school day of the current run of unexplained absence (every session `N` or `O`), if the pupil is
    /// absent now: the start of the policies' clocks (John Moore 4.1 III, Gloucestershire day 10, Derbyshire day 11).
    public var firstDayOfUnexplainedAbsence: Day?
    /// School days in that run, through the last day marked.
    public var unexplainedRun: Int
    /// School days of the current run of unauthorised absence (`G`, `N`, `O`): 20 or more is a roll-removal ground
    /// once joint enquiries are recorded (Derbyshire 8.1).
    public var unauthorisedRun: Int
    /// Sessions marked `N` more than 5 school days ago and never replaced by a reason.
    public var unresolvedN: [Day]
    /// Late marks of more than 15 minutes (an AP pupil's lateness is reported that day: innov8 5.2, 7.3).
    public var lateOver15: [(day: Day, minutes: Int)]
    /// Absent sessions over possible sessions; persistent absence is 10% or more.
    public var absenceRate: Double
    public var possibleSessions: Int

    public var isPersistentAbsentee: Bool { self.possibleSessions > 0 && self.absenceRate >= 0.10 }
    public var isRollRemovalCandidate: Bool { self.unauthorisedRun >= 20 }

    public static func == (lhs: AttendanceFindings, rhs: AttendanceFindings) -> Bool {
        lhs.upn == rhs.upn && lhs.firstDayOfUnexplainedAbsence == rhs.firstDayOfUnexplainedAbsence
            && lhs.unexplainedRun == rhs.unexplainedRun && lhs.unauthorisedRun == rhs.unauthorisedRun
            && lhs.unresolvedN == rhs.unresolvedN && lhs.absenceRate == rhs.absenceRate
            && lhs.lateOver15.map(\.day) == rhs.lateOver15.map(\.day)
    }
}

/// Reads attendance marks against the school calendar. Pure: the calendar and the marks are all it uses.
public enum AttendanceAnalysis {
    /// Findings for one pupil from all their marks (any order). A school day with no mark breaks a run: there is no
    /// evidence either way.
    public static func analyse(
        _ marks: [AttendanceMark],
        calendar: SchoolCalendar
    ) throws(CalendarError)
        -> AttendanceFindings?
    {
        guard let first = marks.first else { return nil }
        var byDay: [Day: [AttendanceMark]] = [:]
        for mark in marks { byDay[mark.day, default: []].append(mark) }
        let days = byDay.keys.sorted()
        guard let lastDay = days.last else { return nil }

        var possible = 0
        var absent = 0
        var late: [(day: Day, minutes: Int)] = []
        for mark in marks {
            switch AttendanceCode.meaning(mark.code) {
            case .present:
                possible += 1
                if mark.code == "L", let minutes = mark.minutesLate, minutes > 15 { late.append((mark.day, minutes)) }
            case .approvedActivity: possible += 1
            case .authorised, .unauthorised:
                possible += 1
                absent += 1
            case .notCounted, nil: break
            }
        }

        // Walk back over school days from the last marked day while every session is absent of the kind asked.
        func run(_ absentDay: ([AttendanceMark]) -> Bool) throws(CalendarError) -> (Int, Day?) {
            var count = 0
            var start: Day?
            var day = lastDay
            while true {
                if try calendar.isSchoolDay(day) {
                    guard let marks = byDay[day], !marks.isEmpty, absentDay(marks) else { break }
                    count += 1
                    start = day
                }
                guard let earliest = days.first, day > earliest else { break }
                day = day.adding(days: -1)
            }
            return (count, start)
        }
        let (unexplained, start) = try run { $0.allSatisfy { AttendanceCode.isUnexplained($0.code) } }
        let (unauthorised, _) = try run { $0.allSatisfy { AttendanceCode.meaning($0.code) == .unauthorised } }

        // An N not replaced within 5 school days (the register must say why by then).
        var cutoff = lastDay
        var back = 0
        while back < 5 {
            cutoff = cutoff.adding(days: -1)
            if try calendar.isSchoolDay(cutoff) { back += 1 }
        }
        let unresolved = days.filter { day in day <= cutoff && (byDay[day] ?? []).contains { $0.code == "N" } }

        return AttendanceFindings(
            upn: first.upn,
            schoolURN: first.schoolURN,
            firstDayOfUnexplainedAbsence: unexplained > 0 ? start : nil,
            unexplainedRun: unexplained,
            unauthorisedRun: unauthorised,
            unresolvedN: unresolved,
            lateOver15: late,
            absenceRate: possible == 0 ? 0 : Double(absent) / Double(possible),
            possibleSessions: possible
        )
    }
}

extension Policy {
    /// The clocks a pupil's run of unexplained absence starts (John Moore 4.1 III, Gloucestershire day 10, Derbyshire
    /// day 11), each with its due day, as of the last day marked.
    public func attendanceClocks(for findings: AttendanceFindings, through last: Day) -> [(id: String, due: Day)] {
        guard let start = findings.firstDayOfUnexplainedAbsence else { return [] }
        let clocks =
            (try? self.clockEngine.evaluate(
                events: [CaseEvent(.firstDayOfUnexplainedAbsence, at: LocalDateTime(day: start))],
                at: LocalDateTime(day: last, minute: 23 * 60)
            )) ?? []
        return clocks.filter { $0.rule.startsOn == .firstDayOfUnexplainedAbsence }.map { ($0.rule.id, $0.due.day) }
    }
}
