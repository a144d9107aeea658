import ArgumentParser
import CMECore
import CMEInterop
import CMEStorage
import Foundation

extension ImportCommand {
    /// A day's attendance marks, read against the policy's calendar and clocks (John Moore 4.1, Gloucestershire day
    /// 10, Derbyshire 5.1 day 11 and 8.1, innov8 5.2 and 7.3).
    struct Attendance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attendance",
            abstract: "Import attendance marks and read them: runs of unexplained absence and the clocks they start.",
            discussion: """
                Columns by name: upn, school_urn (or --school), date (YYYY-MM-DD), session (AM/PM), code (the DfE \
                codes since August 2024), and minutes_late if recorded. All or nothing: any bad row stops the import \
                with every bad row's line. A mark for a session already held replaces it. Each pupil's marks of the \
                school year so far are then read against the policy, and one CSV row per pupil in the file is \
                printed: the first day of the current run of unexplained absence (N, O), its length in school days, \
                the run of unauthorised absence (G, N, O; 20 days is a Derbyshire 8.1 ground), N marks not replaced \
                within 5 school days, late marks over 15 minutes, the absence rate and whether that is persistent \
                (10%), and the due day of each policy clock the run starts.
                """
        )

        @ArgumentParser.OptionGroup var options: ServerOptions
        @ArgumentParser.OptionGroup var feed: FeedFileOptions

        static let header =
            "upn,school_urn,first_day_of_unexplained_absence,unexplained_days,unauthorised_days,roll_removal_candidate,"
            + "unresolved_n,late_over_15,absence_rate,persistent_absence,clocks_due"

        func run() async throws {
            let (marks, file) = try self.feed.read { bytes throws(ImportFileError) in
                try AttendanceCSV.read(bytes: bytes, school: self.feed.school)
            }
            let (receipt, findings) = try await withApplication(self.options) { app in
                do {
                    return try await app.cme.service.importAttendance(
                        marks,
                        file: file,
                        school: self.feed.school,
                        by: .system,
                        on: app.db,
                        at: Date(),
                        progress: progressLine(self.feed.file)
                    )
                } catch let error as ServiceError {
                    throw Failure("\(self.feed.file): \(error.description)")
                }
            }
            FileHandle.standardError.write(Data("\(self.feed.file): \(receipt.summary)\n".utf8))
            var lines = [Self.header]
            for stored in findings {
                lines.append(Self.row(stored.findings, due: stored.clocksDue.map { "\($0.id)=\($0.due)" }))
            }
            if receipt.alreadyImportedAt == nil { print(lines.joined(separator: "\n")) }
        }

        /// The due day of each clock the run of unexplained absence starts, as `id=YYYY-MM-DD`.
        static func clocksDue(_ f: AttendanceFindings, policy: Policy, last: Day?) -> [String] {
            guard let last else { return [] }
            return policy.attendanceClocks(for: f, through: last).map { "\($0.id)=\($0.due)" }
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
