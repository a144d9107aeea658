import CMECore
import CMEStorage
import Foundation

/// A school's or agency's own referrals and notices, and the status of one.
enum ReferralsView {
    static func list(
        rows: ReferralPage,
        drafts: [ReferralDraftModel],
        organisation: String,
        time: LocalTime,
        duties: Markup = .empty
    ) -> Page {
        var pageLinks: [Markup] = []
        if rows.page > 1 {
            pageLinks.append(H.link("Previous page", SiteURL.referrals.path(query: ["page": String(rows.page - 1)])))
        }
        if rows.page < rows.pages {
            pageLinks.append(H.link("Next page", SiteURL.referrals.path(query: ["page": String(rows.page + 1)])))
        }
        return Page(
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
                duties,
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
                rows.items.isEmpty
                    ? H.p("Your organisation has not sent any referrals or notices yet.")
                    : H.group([
                        H.p(
                            "\(rows.total) referral\(rows.total == 1 ? "" : "s") and notice\(rows.total == 1 ? "" : "s") sent, newest first. Page \(rows.page) of \(rows.pages)."
                        ),
                        UI.table(
                            caption: "Sent by your organisation",
                            head: ["Reference", "Child", "Kind", "Sent", "Status"],
                            rows: rows.items.map { row in
                                [
                                    H.link(row.reference, SiteURL.referral(row.id).href),
                                    H.text(row.childName),
                                    H.text(row.kind?.label ?? ""),
                                    H.text(Words.day(time.day(row.receivedAt))),
                                    UI.tag(row.progress.label, colour: row.progress == .closed ? "grey" : nil),
                                ]
                            }
                        ),
                        H.tag("nav", [("class", "pagination"), ("aria-label", "Pages")], pageLinks),
                    ]),
            ]
        )
    }

    static func show(_ status: ReferralStatusData, csrf: String, time: LocalTime) -> Page {
        let sent = status.asSent
        let child = sent?.child
        var rows: [(String, Markup)] = [
            ("Kind", H.text(status.kind?.label ?? "")),
            ("Sent", H.text(Words.dateTime(status.receivedAt, time: time))),
            ("Status", UI.tag(status.progress.label, colour: status.progress == .closed ? "grey" : nil)),
        ]
        if let child {
            rows.append(("Date of birth you gave", H.text(Words.day(child.dateOfBirth))))
            if let upn = child.upn { rows.append(("UPN you gave", H.text(upn.description))) }
        }
        if let last = sent?.dateLastAttended { rows.append(("Date last attended", H.text(Words.day(last)))) }
        if let info = sent?.additionalInformation { rows.append(("What you told us", H.text(info))) }
        return Page(
            "Referral \(status.reference)",
            back: ("Back to referrals", SiteURL.referrals.href),
            [
                H.tag("span", [("class", "caption")], text: "Referral \(status.reference)"),
                H.tag("h1", [("class", "heading-l")], text: status.childName),
                UI.summaryList(rows),
                H.p(status.progress.explanation),
                H.p(
                    "For the child's safety, the CME team's enquiries are not shown here. Contact the team if you need to know more."
                ),
                status.contacts.isEmpty
                    ? .empty
                    : H.group([
                        H.tag("h2", [("class", "heading-m")], text: "Who to contact"),
                        UI.summaryList(
                            status.contacts.map { contact in
                                (
                                    contact.name,
                                    H.text(
                                        [contact.telephone, contact.email].compactMap { $0 }.joined(separator: ", ")
                                            + " (\(contact.section))"
                                    )
                                )
                            }
                        ),
                    ]),
                status.duties.isEmpty
                    ? .empty
                    : UI.table(
                        caption: "What the policy asks of you",
                        head: ["Duty", "Within", "Policy"],
                        rows: status.duties.map {
                            [H.text($0.title), H.text($0.length.description), H.text($0.section)]
                        }
                    ),
                H.tag("h2", [("class", "heading-m")], text: "Something has changed?"),
                H.p("Send an update about this child. It is added to the child's record, not sent as a new case."),
                UI.form(
                    action: SiteURL.referralUpdate(status.id).href,
                    csrf: csrf,
                    [UI.button("Send an update", secondary: true)]
                ),
            ]
        )
    }
}
