import CMECore
import Foundation

/// The page a referrer sees once a referral or notice is sent.
extension ReferralStepView {
    /// Whether the child was already known is not said: a referrer reads what they sent and its progress, never
    /// the case (issue 16).
    static func confirmation(reference: String, kind: NoticeKind) -> Page {
        Page(
            "\(kind == .cmeReferral ? "Referral" : "Notice") sent",
            [
                UI.panel(title: kind == .cmeReferral ? "Referral sent" : "\(kind.label) sent", reference: reference),
                H.p("The CME team will look at it the same working day."),
                H.tag("h2", [("class", "heading-m")], text: "What happens next"),
                H.p(
                    "You can see the status of your organisation's referrals on the referrals page. Keep the reference number for your records."
                ),
                H.tag("p", [], [H.link("Go to your referrals", SiteURL.referrals.href)]),
            ]
        )
    }
}
