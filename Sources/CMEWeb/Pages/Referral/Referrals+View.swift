import CMECore
import CMEStorage
import Foundation

/// A school's or agency's own referrals and notices, and the status of one.
enum ReferralsView {
    struct Row {
        var referral: ReferralModel
        var childName: String
        var caseState: String?
    }

    static func list(rows: [Row], drafts: [ReferralDraftModel], organisation: String, time: LocalTime) -> Page {
        Page(
            "Referrals",
            [
                H.tag("span", [("class", "caption")], text: organisation),
                H.tag("h1", [("class", "heading-l")], text: "Referrals and notices"),
                H.tag(
                    "div",
                    [("class", "button-group")],
                    [
                        H.link(
                            "Make a CME referral",
                            SiteURL.referralStart.href,
                            [("class", "button"), ("role", "button")]
                        )
                    ]
                ),
                drafts.isEmpty
                    ? .empty
                    : UI.table(
                        caption: "Drafts you have not sent",
                        head: ["Child", "Last saved", ""],
                        rows: drafts.map { draft in
                            let answers = draft.answerValues
                            let name = [answers["child-forename"], answers["child-surname"]].compactMap { $0 }
                                .joined(separator: " ")
                            return [
                                H.text(name.isEmpty ? "Not named yet" : name),
                                H.text(draft.updatedAt.map { Words.dateTime($0, time: time) } ?? ""),
                                H.link(
                                    "Continue \(name.isEmpty ? "draft" : name)",
                                    SiteURL.draft(draft.id, step: 1).href
                                ),
                            ]
                        }
                    ),
                rows.isEmpty
                    ? H.p("Your organisation has not sent any referrals or notices yet.")
                    : UI.table(
                        caption: "Sent by your organisation",
                        head: ["Reference", "Child", "Kind", "Sent", "Status"],
                        rows: rows.map { row in
                            [
                                H.link(row.referral.reference, SiteURL.referral(row.referral.id).href),
                                H.text(row.childName),
                                H.text(NoticeKind(rawValue: row.referral.kind)?.label ?? row.referral.kind),
                                H.text(Words.day(time.day(row.referral.receivedAt))),
                                UI.tag(self.status(row.caseState), colour: row.caseState == "closed" ? "grey" : nil),
                            ]
                        }
                    ),
            ]
        )
    }

    static func status(_ state: String?) -> String {
        guard let state else { return "Received" }
        switch CaseState(rawValue: state) {
        case .closed: return "Closed"
        case .opened, .reasonRecorded: return "Received by the CME team"
        case .assigned, .underEnquiry: return "Enquiries under way"
        case .postedToS2S: return "Searching nationally"
        case .destinationConfirmed, .followedUpSixWeeks, .followedUpEighteenWeeks: return "Child found"
        case nil: return state
        }
    }

    static func show(
        referral: ReferralModel,
        child: ChildModel,
        caseModel: CaseModel?,
        csrf: String,
        time: LocalTime,
        mayUpdate: Bool
    ) -> Page {
        Page(
            "Referral \(referral.reference)",
            back: ("Back to referrals", SiteURL.referrals.href),
            [
                H.tag("span", [("class", "caption")], text: "Referral \(referral.reference)"),
                H.tag("h1", [("class", "heading-l")], text: "\(child.forename) \(child.surname)"),
                UI.summaryList([
                    ("Kind", H.text(NoticeKind(rawValue: referral.kind)?.label ?? referral.kind)),
                    ("Sent", H.text(Words.dateTime(referral.receivedAt, time: time))),
                    ("Date of birth", H.text(Words.day(iso: child.dateOfBirth))),
                    ("Status", UI.tag(self.status(caseModel?.state))),
                    ("Case reference", H.text(caseModel?.reference ?? "No case opened")),
                ]),
                H.p(
                    "For the child's safety, the CME team's enquiries are not shown here. Contact the team if you need to know more."
                ),
                mayUpdate
                    ? H.group([
                        H.tag("h2", [("class", "heading-m")], text: "Something has changed?"),
                        H.p(
                            "Send an update about this child. It is added to the child's record, not sent as a new case."
                        ),
                        UI.form(
                            action: SiteURL.referralUpdate(referral.id).href,
                            csrf: csrf,
                            [UI.button("Send an update", secondary: true)]
                        ),
                    ]) : .empty,
            ]
        )
    }
}
