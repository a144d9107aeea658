import ArgumentParser
import CMECore
import CMEInterop
import Foundation

extension ImportCommand {
    /// A day's attendance marks, read against the policy's calendar and clocks (John Moore 4.1, Gloucestershire day
    /// 10, Derbyshire 5.1 day 11 and 8.1, innov8 5.2 and 7.3).
    struct Attendance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attendance",
            abstract: "Read attendance marks: runs of unexplained absence and the clocks they start, per pupil (CSV).",
            discussion: """
                Columns by name: upn, school_urn, date (YYYY-MM-DD), session (AM/PM), code (the DfE codes since August \
                2024), and minutes_late if recorded. All or nothing: any bad row stops the import with every bad row's \
                line. Prints one CSV row per pupil: the first day of the current run of unexplained absence (N, O), its \
                length in school days, the run of unauthorised absence (G, N, O; 20 days is a Derbyshire 8.1 ground), \
                N marks not replaced within 5 school days, late marks over 15 minutes, the absence rate and whether \
                that is persistent (10%), and the due day of each policy clock the run starts.
                """
        )

        @ArgumentParser.OptionGroup var policyDirectory: PolicyDirectoryOption

        @ArgumentParser.Option(help: "Policy id (see `cme policy list`).")
        var policy: String

        @ArgumentParser.Argument(help: "The marks (CSV).")
        var file: String

        static let header =
            "upn,school_urn,first_day_of_unexplained_absence,unexplained_days,unauthorised_days,roll_removal_candidate,"
            + "unresolved_n,late_over_15,absence_rate,persistent_absence,clocks_due"

        func run() throws {
            let policy = try self.policyDirectory.load(self.policy)
            let text: String
            do {
                text = try String(contentsOfFile: self.file, encoding: .utf8)
            } catch {
                throw Failure("\(self.file): cannot be read as UTF-8 text")
            }
            let marks: [AttendanceMark]
            do {
                marks = try AttendanceCSV.read(text)
            } catch {
                throw Failure("\(self.file): \(error.description)")
            }
            var byPupil: [String: [AttendanceMark]] = [:]
            for mark in marks { byPupil["\(mark.upn)|\(mark.schoolURN)", default: []].append(mark) }
            var lines = [Self.header]
            for key in byPupil.keys.sorted() {
                let pupilMarks = byPupil[key] ?? []
                let findings: AttendanceFindings?
                do {
                    findings = try AttendanceAnalysis.analyse(pupilMarks, calendar: policy.calendar)
                } catch {
                    throw Failure("\(self.file): \(error.description)")
                }
                guard let f = findings else { continue }
                lines.append(Self.row(f, due: Self.clocksDue(f, policy: policy, last: pupilMarks.map(\.day).max())))
            }
            print(lines.joined(separator: "\n"))
        }

        /// The due day of each clock the run of unexplained absence starts, as `id=YYYY-MM-DD`.
        static func clocksDue(_ f: AttendanceFindings, policy: Policy, last: Day?) -> [String] {
            guard let start = f.firstDayOfUnexplainedAbsence, let last else { return [] }
            let clocks =
                (try? policy.clockEngine.evaluate(
                    events: [CaseEvent(.firstDayOfUnexplainedAbsence, at: LocalDateTime(day: start))],
                    at: LocalDateTime(day: last, minute: 23 * 60)
                )) ?? []
            return clocks.filter { $0.rule.startsOn == .firstDayOfUnexplainedAbsence }.map {
                "\($0.rule.id)=\($0.due.day)"
            }
        }

        static func row(_ f: AttendanceFindings, due: [String]) -> String {
            [
                f.upn, f.schoolURN, f.firstDayOfUnexplainedAbsence?.description ?? "", String(f.unexplainedRun),
                String(f.unauthorisedRun), f.isRollRemovalCandidate ? "yes" : "no",
                f.unresolvedN.map(\.description).joined(separator: " "),
                f.lateOver15.map { "\($0.day) \($0.minutes)min" }.joined(separator: " "),
                String(format: "%.3f", f.absenceRate), f.isPersistentAbsentee ? "yes" : "no",
                due.joined(separator: " "),
            ].joined(separator: ",")
        }
    }
}
