import CMECore
import CMEMatching
import Foundation

/// The two searches for children nobody has: without a school place (Leicestershire 8.1 ii) and failure to
/// transfer (Suffolk 8.1), each from uploaded CSVs.
enum TracingReportsView {
    static func forms(csrf: String, errors: FormErrors, today: Day) -> Page {
        let columns =
            "Columns by name: record_id, forename, surname, dob, and any of upn, middle_names, gender, postcode, address, school_urn"
        return Page(
            "Children without a school place and failure to transfer",
            hasErrors: !errors.isEmpty,
            [
                UI.errorSummary(errors),
                H.tag("h1", [("class", "heading-l")], text: "Find children nobody has"),
                H.tag(
                    "form",
                    [
                        ("method", "post"), ("action", SiteURL.tracingWasp.href), ("enctype", "multipart/form-data"),
                        ("novalidate", nil), ("class", "filters"),
                    ],
                    [
                        UI.csrf(csrf),
                        H.tag("h2", [("class", "heading-m")], text: "Children without a school place"),
                        H.p(
                            "A population list (for example GP or housing registrations) against every school roll and our open cases. The report is the children of compulsory school age found nowhere (Leicestershire 8.1 ii)."
                        ),
                        TracingView.file(
                            "population",
                            label: "Population list (CSV)",
                            hint: columns,
                            error: errors.message(for: "population")
                        ),
                        TracingView.file(
                            "rolls",
                            label: "School rolls (CSV, one or more; optional)",
                            hint:
                                "Choose every school's roll at once, or none to use the rolls taken in under Data feeds",
                            error: errors.message(for: "rolls"),
                            multiple: true
                        ),
                        UI.input(
                            "on",
                            label: "Report date",
                            value: today.description,
                            hint: "YYYY-MM-DD: who is of compulsory school age is judged on this day",
                            error: errors.message(for: "on"),
                            width: "10"
                        ),
                        UI.button("Make the report"),
                    ]
                ),
                H.tag(
                    "form",
                    [
                        ("method", "post"), ("action", SiteURL.tracingFTT.href), ("enctype", "multipart/form-data"),
                        ("novalidate", nil), ("class", "filters"),
                    ],
                    [
                        UI.csrf(csrf),
                        H.tag("h2", [("class", "heading-m")], text: "Failure to transfer"),
                        H.p(
                            "Last year's Nursery, Year 4, Year 6 and Year 8 children against this September's rolls (Suffolk 8.1)."
                        ),
                        TracingView.file(
                            "cohorts",
                            label: "Last year's cohort lists (CSV, one or more; optional)",
                            hint: columns + ". Or none, to use the transfer lists taken in under Data feeds",
                            error: errors.message(for: "cohorts"),
                            multiple: true
                        ),
                        TracingView.file(
                            "rolls",
                            label: "This September's rolls (CSV, one or more; optional)",
                            hint:
                                "Choose every school's roll at once, or none to use the rolls taken in under Data feeds",
                            error: errors.message(for: "ftt-rolls"),
                            multiple: true,
                            id: "ftt-rolls"
                        ),
                        UI.input(
                            "lastYear",
                            label: "A day of last school year",
                            hint: "YYYY-MM-DD, for example 2026-07-01: the cohorts' year groups are taken on this day",
                            error: errors.message(for: "lastYear"),
                            width: "10"
                        ),
                        H.tag(
                            "div",
                            [("class", "form-group")],
                            [
                                UI.checkbox(
                                    "refer",
                                    label: "Make a CME referral with reason FTT for each child not found",
                                    checked: false
                                )
                            ]
                        ),
                        UI.button("Search"),
                    ]
                ),
            ]
        )
    }

    static func results(
        title: String,
        intro: String,
        rows: [TracingReports.Untraced],
        referrals: [String],
        refused: [String] = []
    ) -> Page {
        Page(
            title,
            back: ("Back to the searches", SiteURL.tracingReports.href),
            [
                H.tag("h1", [("class", "heading-l")], text: title),
                H.p(intro),
                referrals.isEmpty ? .empty : UI.notification("Referrals made: \(referrals.joined(separator: ", "))."),
                refused.isEmpty
                    ? .empty
                    : UI.notification(
                        "Referrals not made, for a person to check: \(refused.joined(separator: "; ")).",
                        success: false
                    ),
                rows.isEmpty
                    ? H.p("Every child was found.")
                    : UI.table(
                        caption: "\(rows.count) child\(rows.count == 1 ? "" : "ren") not found",
                        head: [
                            "Record", "Name", "Date of birth", "Year group", "Postcode",
                            "Nearest record (for a person to check)",
                        ],
                        rows: rows.map { row in
                            let r = row.record
                            return [
                                H.text(r.recordID),
                                H.text("\(r.forename ?? "") \(r.surname ?? "")"),
                                H.text(r.dateOfBirth.map { Words.day($0) } ?? "Not given"),
                                H.text(Words.yearGroup(row.ncYear)),
                                H.text(r.postcode ?? ""),
                                H.text(
                                    row.nearest.map {
                                        "\($0.rollID): \(Int(($0.score * 100).rounded()))% (\($0.summary))"
                                    } ?? "None"
                                ),
                            ]
                        }
                    ),
            ]
        )
    }
}
