import CMECore
import Foundation

/// The check-your-answers page, with every answer under its label.
extension ReferralStepView {
    /// Check your answers, with a change link to each step.
    static func check(
        draftID: UUID,
        answers: [String: String],
        errors: FormErrors,
        csrf: String,
        policy: Policy
    ) -> Page {
        func answer(_ key: String) -> String {
            let value = answers[key] ?? ""
            if value.isEmpty { return "Not given" }
            if key.hasSuffix("dateOfBirth") || key.hasSuffix("-date") || key == "dateLastAttended"
                || key == "firstDayOfAbsence"
            {
                return Words.day(iso: value)
            }
            return value == "yes" ? "Yes" : value == "no" ? "No" : value
        }
        let sections = ReferralForm.Step.allCases.map { step -> Markup in
            let rows: [(String, Markup)] = step.fields.compactMap { key in
                if step == .risks || step == .actions, (answers[key] ?? "").isEmpty { return nil }
                let label: String
                if key.hasPrefix("indicator-"), let number = Int(key.dropFirst(10)),
                    let indicator = RiskIndicator(rawValue: number)
                {
                    label = indicator.label
                } else {
                    label = Self.labels[key] ?? key
                }
                return (label, H.text(answer(key)))
            }
            return H.group([
                H.tag("h2", [("class", "heading-m")], text: step.title),
                UI.summaryList(rows),
                H.tag(
                    "p",
                    [],
                    [H.link("Change \(step.title.lowercased())", SiteURL.draft(draftID, step: step.rawValue).href)]
                ),
            ])
        }
        return Page(
            "Check your answers",
            hasErrors: !errors.isEmpty,
            back: ("Back", SiteURL.draft(draftID, step: ReferralForm.Step.allCases.count).href),
            [
                UI.errorSummary(errors),
                H.tag("h1", [("class", "heading-l")], text: "Check your answers before sending the referral"),
            ] + sections + [
                H.tag("h2", [("class", "heading-m")], text: "Now send your referral"),
                H.p("By sending this referral you confirm that the details are correct to the best of your knowledge."),
                UI.form(action: SiteURL.draftSubmit(draftID).href, csrf: csrf, [UI.button("Send referral")]),
            ]
        )
    }

    static let labels: [String: String] = [
        "child-forename": "First name", "child-middleNames": "Middle names", "child-surname": "Last name",
        "child-aliases": "Other names", "child-dateOfBirth": "Date of birth", "child-gender": "Sex", "child-upn": "UPN",
        "child-ethnicity": "Ethnicity", "address-line1": "Address line 1", "address-line2": "Address line 2",
        "address-town": "Town", "address-postcode": "Postcode", "address-restricted": "Restricted address",
        "carer-name": "Parent or carer", "carer-relationship": "Relationship", "carer-telephone": "Telephone",
        "carer-email": "Email", "carer-pr": "Parental responsibility", "child-schoolName": "School",
        "child-schoolUrn": "School URN", "dateLastAttended": "Last attended",
        "firstDayOfAbsence": "First day of absence",
        "reason": "Reason", "child-sen": "Special educational needs", "child-inCare": "Looked after",
        "child-childProtectionPlan": "Child protection plan", "child-privatelyFostered": "Privately fostered",
        "socialCareReferralConsidered": "Social care referral considered", "parentalConsent": "Parents agree",
        "workingWell": "Working well", "worriedAbout": "Worried about", "whatNext": "What next",
        "additionalInformation": "Anything else", "referrerName": "Your name", "referrerPosition": "Your position",
        "referrerContact": "Your contact details",
    ].merging(
        Dictionary(
            uniqueKeysWithValues: ReferrerAction.allCases.flatMap { action in
                [
                    ("action-\(action.rawValue)-outcome", ReferralForm.actionLabel(action)),
                    ("action-\(action.rawValue)-date", "Date: \(ReferralForm.actionLabel(action).lowercased())"),
                ]
            }
        ),
        uniquingKeysWith: { first, _ in first }
    )
}
