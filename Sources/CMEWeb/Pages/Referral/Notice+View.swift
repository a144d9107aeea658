import CMECore
import Foundation

/// Leaver (CML), joiner (CMJ), removal-from-roll and elective home education notices: one short page each.
enum NoticeView {
    static let kinds: [(String, NoticeKind, String)] = [
        (
            "leaver", .leaverCML,
            "A pupil is leaving your school (Children Missing Leaver form, before removal from roll)"
        ),
        ("joiner", .joinerCMJ, "A pupil has joined your school (Children Missing Joiner form, within 5 school days)"),
        ("removal", .pupilRemoval, "You are removing a pupil from your roll"),
        ("home-education", .electiveHomeEducation, "Parents have told you they will educate their child at home"),
    ]

    static func choose() -> Page {
        Page(
            "Send a notice",
            [
                H.tag("h1", [("class", "heading-l")], text: "Send a notice to the CME team"),
                H.tag(
                    "ul",
                    [("class", "list")],
                    self.kinds.map { slug, kind, text in
                        H.tag("li", [], [H.link(kind.label, SiteURL.notice(slug).href), H.text(": \(text)")])
                    }
                ),
            ]
        )
    }

    static func form(
        slug: String,
        kind: NoticeKind,
        answers a: [String: String],
        errors e: FormErrors,
        csrf: String
    )
        -> Page
    {
        func input(_ key: String, _ label: String, hint: String? = nil, width: String? = nil) -> Markup {
            UI.input(key, label: label, value: a[key], hint: hint, error: e.message(for: key), width: width)
        }
        let dateLegend: String =
            switch kind {
            case .joinerCMJ: "Date the pupil joined"
            case .leaverCML: "Date the pupil is leaving"
            case .electiveHomeEducation: "Date the parents' letter was received"
            default: "Date removed from roll"
            }
        return Page(
            kind.label,
            hasErrors: !e.isEmpty,
            back: ("Back", SiteURL.notices.href),
            [
                UI.errorSummary(e),
                H.tag("h1", [("class", "heading-l")], text: kind.label),
                UI.form(
                    action: SiteURL.notice(slug).href,
                    csrf: csrf,
                    [
                        input("child-forename", "Pupil's first name"),
                        input("child-surname", "Pupil's last name"),
                        UI.dateInput(
                            "child-dateOfBirth",
                            legend: "Date of birth",
                            iso: a["child-dateOfBirth"],
                            error: e.message(for: "child-dateOfBirth")
                        ),
                        input("child-upn", "UPN (optional)", width: "20"),
                        UI.dateInput(
                            "dateLastAttended",
                            legend: dateLegend,
                            iso: a["dateLastAttended"],
                            hint: nil,
                            error: e.message(for: "dateLastAttended")
                        ),
                        input(
                            "additionalInformation",
                            kind == .joinerCMJ
                                ? "Previous school (optional)" : "Destination: new school, area or country (if known)"
                        ),
                        input("address-line1", "Home address (optional)"),
                        input("address-postcode", "Postcode (optional)", width: "10"),
                        UI.button("Send notice"),
                    ]
                ),
            ]
        )
    }
}
