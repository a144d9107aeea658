import CMECore
import CMEStorage
import Foundation

/// Restriction of processing on the case page (UK GDPR Art. 18): the officer or manager sees whether the child's
/// record is restricted, and restricts it or lifts the restriction; anyone else sees nothing of it.
extension CasePageView {
    static func restriction(_ model: CasePageModel) -> Markup {
        guard Role.laWide.contains(model.role), let childID = model.data.child.id else { return .empty }
        let back = UI.hidden("case", model.data.model.id?.uuidString.lowercased() ?? "")
        return H.group([
            H.tag(
                "p",
                [],
                [H.link("Subject access export: everything held about this child", SiteURL.subjectAccess(childID).href)]
            ),
            self.restrictionForm(model, childID: childID, back: back),
        ])
    }

    private static func restrictionForm(_ model: CasePageModel, childID: UUID, back: Markup) -> Markup {
        let child = model.data.child
        if let since = child.processingRestrictedAt {
            let by = child.processingRestrictedBy.flatMap { model.userNames[$0] } ?? "an officer"
            return H.tag(
                "section",
                [("class", "restriction"), ("aria-labelledby", "restriction-heading")],
                [
                    H.tag("h2", [("class", "heading-m"), ("id", "restriction-heading")], text: "Restricted record"),
                    UI.notification(
                        "Processing of this child's record is restricted (UK GDPR Art. 18) since \(Words.dateTime(since, time: model.time)), by \(by): \(child.processingRestrictionReason ?? ""). Only CME officers and team managers can read it, and each read asks why.",
                        success: false
                    ),
                    UI.form(
                        action: SiteURL.childRestriction(childID).href,
                        csrf: model.csrf,
                        [back, UI.hidden("restricted", "no"), UI.button("Lift the restriction", secondary: true)]
                    ),
                ]
            )
        }
        return H.tag(
            "details",
            [("class", "details action"), ("id", "action-restriction")],
            [
                H.tag("summary", [], text: "Restrict processing of this child's record"),
                UI.form(
                    action: SiteURL.childRestriction(childID).href,
                    csrf: model.csrf,
                    [
                        back, UI.hidden("restricted", "yes"),
                        UI.textarea(
                            "reason",
                            id: "restriction-reason",
                            label: "Why is the record restricted?",
                            hint:
                                "For example, the accuracy of the record is contested, or a parent has objected. Only CME officers and team managers will then read it, and EWOs will no longer find it.",
                            rows: 3
                        ),
                        UI.button("Restrict the record", secondary: true),
                    ]
                ),
            ]
        )
    }

    /// The page asking an officer or manager why they read a restricted record, before it is shown.
    static func reasonRequired(caseID: UUID, error: String?) -> Page {
        var page = Page(
            "Restricted record",
            hasErrors: error != nil,
            back: ("Back to cases", SiteURL.cases.href),
            [
                error.map { UI.errorSummary(FormErrors([("accessReason", $0)])) } ?? .empty,
                H.tag("h1", [("class", "heading-l")], text: "This child's record is restricted"),
                H.p(
                    "Processing of this record is restricted (UK GDPR Art. 18). Say why you need to read it: your reason is kept in the audit trail with your name."
                ),
                H.tag(
                    "form",
                    [("method", "get"), ("action", SiteURL.caseDetail(caseID).href), ("novalidate", nil)],
                    [
                        UI.input("accessReason", label: "Why do you need to read this record?", error: error),
                        UI.button("Read the record"),
                    ]
                ),
            ]
        )
        if error != nil { page.status = .unprocessableEntity }
        return page
    }
}
