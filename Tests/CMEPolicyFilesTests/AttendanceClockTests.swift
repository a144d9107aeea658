import CMECore
import CMEPolicyFiles
import Foundation
import Testing

/// Issue 6, done-when: an attendance feed with a pupil absent (`O`) for ten school days across a bank holiday
/// raises the notification clock on the right day under the Gloucestershire and Derbyshire policies.
@Suite("Attendance feeds and the policies' clocks")
struct AttendanceClockTests {
    static var policies: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("policies")
    }

    static func day(_ text: String) -> Day { try! Day(iso: text) }

    /// Present on Monday 27 April 2026, then `O` every session from Tuesday 28 April, through the Early May bank
    /// holiday (Monday 4 May), to Tuesday 12 May.
    static func marks(through last: String) -> [AttendanceMark] {
        var marks: [AttendanceMark] = []
        var day = Self.day("2026-04-27")
        while day <= Self.day(last) {
            if !day.isWeekend && day != Self.day("2026-05-04") {
                for session in AttendanceMark.Session.allCases {
                    marks.append(
                        AttendanceMark(
                            upn: "B801200005001",
                            schoolURN: "115799",
                            day: day,
                            session: session,
                            code: day == Self.day("2026-04-27") ? "/" : "O"
                        )
                    )
                }
            }
            day = day.adding(days: 1)
        }
        return marks
    }

    @Test(arguments: [
        ("gloucestershire", "absence-notification", "2026-05-12"), ("derbyshire", "school-referral", "2026-05-13"),
    ])
    func theNotificationClockFallsOnTheRightDay(policyID: String, clockID: String, due: String) throws {
        // setup
        let policy = try PolicyFiles.load(id: policyID, directory: Self.policies)
        // MUT: the feed after the eighth day of absence
        let findings = try #require(
            try AttendanceAnalysis.analyse(Self.marks(through: "2026-05-08"), calendar: policy.calendar)
        )
        // validate: the run starts on Tuesday 28 April and the bank holiday is not a school day
        #expect(findings.firstDayOfUnexplainedAbsence == Self.day("2026-04-28"))
        #expect(findings.unexplainedRun == 8)
        let start = try #require(findings.firstDayOfUnexplainedAbsence)
        let clocks = try policy.clockEngine.evaluate(
            events: [CaseEvent(.firstDayOfUnexplainedAbsence, at: LocalDateTime(day: start, minute: 9 * 60))],
            at: LocalDateTime(day: Self.day("2026-05-08"), minute: 17 * 60)
        )
        let clock = try #require(clocks.first { $0.rule.id == clockID })
        // John Moore 4.1 (Gloucestershire): the 10th school day; Derbyshire 5.1: day 11
        #expect(clock.due == .endOf(Self.day(due)))
        #expect(clock.state == .running)
    }

    @Test func aPupilBackAtSchoolHasNoRunAndAnUnresolvedNIsFound() throws {
        let policy = try PolicyFiles.load(id: "gloucestershire", directory: Self.policies)
        var marks = Self.marks(through: "2026-05-12")
        marks = marks.map { mark in
            var mark = mark
            if mark.day == Self.day("2026-04-28") { mark.code = "N" }
            if mark.day >= Self.day("2026-04-29") { mark.code = "/" }
            return mark
        }
        let findings = try #require(try AttendanceAnalysis.analyse(marks, calendar: policy.calendar))
        #expect(findings.firstDayOfUnexplainedAbsence == nil)
        #expect(findings.unresolvedN == [Self.day("2026-04-28")], "an N not replaced within 5 school days")
        #expect(!findings.isPersistentAbsentee, "2 of 22 sessions is 9%")
        #expect(findings.possibleSessions == 22)
    }

    @Test func twentyDaysOfUnauthorisedAbsenceIsARollRemovalCandidateAndLateMarksOver15MinutesAreFound() throws {
        let policy = try PolicyFiles.load(id: "derbyshire", directory: Self.policies)
        var marks: [AttendanceMark] = []
        var day = Self.day("2026-04-27")
        var schoolDays = 0
        while schoolDays < 21 {
            if try policy.calendar.isSchoolDay(day) {
                schoolDays += 1
                let first = schoolDays == 1
                marks.append(
                    AttendanceMark(
                        upn: "X",
                        schoolURN: "1",
                        day: day,
                        session: .am,
                        code: first ? "L" : "G",
                        minutesLate: first ? 25 : nil
                    )
                )
                marks.append(
                    AttendanceMark(
                        upn: "X",
                        schoolURN: "1",
                        day: day,
                        session: .pm,
                        code: first ? "/" : (schoolDays % 2 == 0 ? "N" : "O")
                    )
                )
            }
            day = day.adding(days: 1)
        }
        let findings = try #require(try AttendanceAnalysis.analyse(marks, calendar: policy.calendar))
        #expect(findings.unauthorisedRun == 20)
        #expect(findings.isRollRemovalCandidate, "Derbyshire 8.1")
        #expect(findings.firstDayOfUnexplainedAbsence == nil, "G is a known holiday, not unexplained")
        #expect(findings.lateOver15.map(\.minutes) == [25], "innov8 5.2: over 15 minutes late")
        #expect(findings.isPersistentAbsentee)
    }
}
