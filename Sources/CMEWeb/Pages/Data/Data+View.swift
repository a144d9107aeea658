import CMECore
import CMEStorage
import Foundation

/// The LA's data feeds on a page: take in a roll, attendance, a transfer list or schools' returns; what has been
/// taken in; the schools owing returns; the pupils whose attendance needs someone now.
enum DataView {
    static let kinds: [(String, String)] = [
        ("roll", "A school roll (census-like: one school or many)"),
        ("attendance", "Attendance marks (a day or more of registers)"),
        ("returns", "Leaver (CML) and joiner (CMJ) returns"),
        ("transfers", "Last year's Nursery, Year 4, 6 and 8 cohorts (transfer lists)"),
        ("ctf", "A CTF for pupils joining one of our schools (XML; give the school's URN)"),
    ]

    static func page(
        imports: [DataImportModel],
        chase: [ReturnChase],
        attention: [StoredAttendance],
        csrf: String,
        form: (kind: String?, school: String?),
        message: String?,
        errors: FormErrors,
        time: LocalTime
    ) -> Page {
        Page(
            "Data feeds",
            hasErrors: !errors.isEmpty,
            [
                UI.errorSummary(errors),
                message.map { UI.notification($0) } ?? .empty,
                H.tag("h1", [("class", "heading-l")], text: "Data feeds"),
                H.p(
                    "Files from schools and admissions: each is taken in whole or not at all, and the same file twice changes nothing."
                ),
                H.tag(
                    "form",
                    [
                        ("method", "post"), ("action", SiteURL.dataImport.href), ("enctype", "multipart/form-data"),
                        ("novalidate", nil), ("class", "filters"),
                    ],
                    [
                        UI.csrf(csrf),
                        H.tag("h2", [("class", "heading-m")], text: "Take in a file"),
                        UI.radios(
                            "kind",
                            legend: "What is the file?",
                            options: Self.kinds,
                            selected: form.kind,
                            error: errors.message(for: "kind")
                        ),
                        UI.input(
                            "school",
                            label: "School URN (optional)",
                            value: form.school ?? "",
                            hint: "For a file of one school: then its school_urn column may be left out",
                            error: errors.message(for: "school"),
                            width: "10"
                        ),
                        TracingView.file(
                            "file",
                            label: "The file (CSV, or XML for a CTF)",
                            hint:
                                "Columns by name. Roll: upn, forename, surname, dob, nc_year, entry_date, leaving_date, school_urn. Attendance: upn, school_urn, date, session, code. Returns: return_type, upn, forename, surname, dob, date, school_urn. Transfers: upn, forename, surname, dob, nc_year, school_urn.",
                            error: errors.message(for: "file"),
                            accept: ".csv,text/csv,.xml,application/xml"
                        ),
                        UI.button("Take in the file"),
                    ]
                ),
                chase.isEmpty
                    ? H.p("No school owes a leaver or joiner return.")
                    : UI.table(
                        caption: "Schools owing returns 5 school days after a pupil left or joined (Suffolk 9.6)",
                        head: ["School", "Pupil", "Return", "Left or joined", "Due"],
                        rows: chase.flatMap { school in
                            school.missing.map { missing in
                                [
                                    H.text("\(school.schoolName ?? "School") \(school.schoolURN)"),
                                    H.text(missing.name), H.text(missing.kind.rawValue),
                                    H.text(Words.day(missing.day)), H.text(Words.day(missing.due)),
                                ]
                            }
                        }
                    ),
                attention.isEmpty
                    ? H.p("No pupil's attendance needs attention.")
                    : UI.table(
                        caption:
                            "Attendance needing attention: absent without explanation (John Moore 4.1), 20 days unauthorised (Derbyshire 8.1), N not replaced in 5 school days, late over 15 minutes (innov8 5.2), persistent absence",
                        head: [
                            "Pupil (UPN)", "School", "Absent since", "Days", "Unauthorised days", "Also", "Clocks due",
                        ],
                        rows: attention.map { item in
                            var also: [String] = []
                            if !item.unresolvedN.isEmpty { also.append("N unresolved: \(item.unresolvedN)") }
                            if !item.lateOver15.isEmpty { also.append("late: \(item.lateOver15) min") }
                            if item.absenceRate >= 0.1 {
                                also.append("absent \(Int((item.absenceRate * 100).rounded()))% of sessions")
                            }
                            return [
                                H.text(item.upn), H.text(item.schoolURN),
                                H.text(item.firstUnexplainedDay.map { Words.day($0) } ?? "–"),
                                H.text(String(item.unexplainedDays)),
                                H.text(
                                    item.unauthorisedDays >= 20
                                        ? "\(item.unauthorisedDays): a roll-removal ground"
                                        : String(item.unauthorisedDays)
                                ),
                                H.text(also.joined(separator: "; ")),
                                H.text(
                                    item.clocksDue.isEmpty
                                        ? "none" : item.clocksDue.replacingOccurrences(of: "=", with: " due ")
                                ),
                            ]
                        }
                    ),
                imports.isEmpty
                    ? H.p("No file has been taken in yet.")
                    : UI.table(
                        caption: "Files taken in",
                        head: ["When", "What", "File", "Rows", "Result"],
                        rows: imports.map { model in
                            [
                                H.text(Words.dateTime(model.importedAt, time: time)), H.text(model.kind),
                                H.text(model.fileName), H.text(String(model.rows)), H.text(model.summary),
                            ]
                        }
                    ),
            ]
        )
    }
}
