import CMECore
import Foundation

/// One step of the referral form, the check-your-answers page and the confirmation.
enum ReferralStepView {
    struct Model {
        var draftID: UUID
        var step: ReferralForm.Step
        var answers: [String: String]
        var errors: FormErrors
        var csrf: String
        var policy: Policy
    }

    static func page(_ model: Model) -> Page {
        let a = model.answers
        let e = model.errors
        func input(
            _ key: String,
            _ label: String,
            hint: String? = nil,
            width: String? = nil,
            type: String = "text"
        )
            -> Markup
        {
            UI.input(key, label: label, value: a[key], hint: hint, error: e.message(for: key), type: type, width: width)
        }
        func date(_ key: String, _ legend: String, hint: String? = "For example, 27 3 2014") -> Markup {
            UI.dateInput(key, legend: legend, iso: a[key], hint: hint, error: e.message(for: key))
        }
        func yesNo(_ key: String, _ legend: String) -> Markup {
            UI.radios(
                key,
                legend: legend,
                options: [("yes", "Yes"), ("no", "No")],
                selected: a[key],
                error: e.message(for: key),
                inline: true
            )
        }
        func check(_ key: String, _ label: String) -> Markup {
            UI.checkbox(key, label: label, checked: a[key] == "yes")
        }

        var fields: [Markup]
        switch model.step {
        case .child:
            fields = [
                input("child-forename", "First name"),
                input("child-middleNames", "Middle names (optional)"),
                input("child-surname", "Last name"),
                input(
                    "child-aliases",
                    "Other names the child is known by (optional)",
                    hint: "Separate names with commas"
                ),
                date("child-dateOfBirth", "Date of birth"),
                UI.radios(
                    "child-gender",
                    legend: "Sex",
                    options: [("F", "Female"), ("M", "Male"), ("O", "Other"), ("U", "Not known")],
                    selected: a["child-gender"],
                    error: e.message(for: "child-gender"),
                    inline: true
                ),
                input(
                    "child-upn",
                    "Unique pupil number (UPN) (optional)",
                    hint: "13 characters, for example A123456789012",
                    width: "20"
                ),
                input(
                    "child-ethnicity",
                    "Ethnicity code (optional)",
                    hint: "The DfE code, for example WBRI",
                    width: "10"
                ),
            ]
        case .home:
            fields = [
                H.tag("h2", [("class", "heading-m")], text: "Last known address"),
                input("address-line1", "Address line 1"),
                input("address-line2", "Address line 2 (optional)"),
                input("address-town", "Town or city", width: "20"),
                input("address-postcode", "Postcode", width: "10"),
                H.tag(
                    "div",
                    [("class", "form-group")],
                    [
                        check(
                            "address-restricted",
                            "This address must be kept restricted (for example a refuge): only named people may see it"
                        )
                    ]
                ),
                H.tag("h2", [("class", "heading-m")], text: "Parent or carer"),
                input("carer-name", "Full name (optional)"),
                input("carer-relationship", "Relationship to the child (optional)", width: "20"),
                input("carer-telephone", "Telephone (optional)", width: "20", type: "tel"),
                input("carer-email", "Email (optional)", type: "email"),
                H.tag("div", [("class", "form-group")], [check("carer-pr", "Has parental responsibility")]),
            ]
        case .school:
            fields = [
                input("child-schoolName", "School the child is on roll at"),
                input("child-schoolUrn", "School URN (optional)", width: "10"),
                date("dateLastAttended", "Date the child last attended", hint: nil),
                date("firstDayOfAbsence", "First day of unexplained absence", hint: nil),
                UI.select(
                    "reason",
                    label: "Reason you think the child is missing education (optional)",
                    options: model.policy.codes.reasons.map { ($0.code, "\($0.code) – \($0.label)") },
                    selected: a["reason"],
                    error: e.message(for: "reason"),
                    blank: "Not sure"
                ),
                UI.radios(
                    "child-sen",
                    legend: "Special educational needs",
                    options: [
                        ("none", "None"), ("sen_support", "SEN support"), ("ehcp", "Education, health and care plan"),
                    ],
                    selected: a["child-sen"],
                    error: e.message(for: "child-sen")
                ),
                H.tag(
                    "div",
                    [("class", "form-group")],
                    [
                        check("child-inCare", "The child is looked after (in care)"),
                        check("child-childProtectionPlan", "The child has a child protection plan"),
                        check("child-privatelyFostered", "The child is privately fostered"),
                    ]
                ),
            ]
        case .risks:
            fields =
                [H.p("For each, say whether it applies to the child now, did in the past, or not at all.")]
                + RiskIndicator.allCases.map { indicator in
                    let key = "indicator-\(indicator.rawValue)"
                    return UI.radios(
                        key,
                        legend: "\(indicator.rawValue). \(indicator.label)",
                        options: [("no", "No"), ("current", "Yes, now"), ("historic", "Yes, in the past")],
                        selected: a[key],
                        error: e.message(for: key),
                        inline: true
                    )
                }
        case .actions:
            fields =
                ReferrerAction.allCases.flatMap { action -> [Markup] in
                    [
                        H.tag("h2", [("class", "heading-m")], text: ReferralForm.actionLabel(action)),
                        input("action-\(action.rawValue)-outcome", "What happened (leave empty if not done)"),
                        date("action-\(action.rawValue)-date", "Date done (optional)", hint: nil),
                    ]
                } + [
                    yesNo("socialCareReferralConsidered", "Have you considered a referral to children's social care?"),
                    yesNo("parentalConsent", "Do the parents or carers know about and agree to this referral?"),
                ]
        case .assessment:
            fields = [
                UI.textarea(
                    "workingWell",
                    label: "What is working well?",
                    value: a["workingWell"],
                    error: e.message(for: "workingWell")
                ),
                UI.textarea(
                    "worriedAbout",
                    label: "What are you worried about?",
                    value: a["worriedAbout"],
                    error: e.message(for: "worriedAbout")
                ),
                UI.textarea(
                    "whatNext",
                    label: "What needs to happen next?",
                    value: a["whatNext"],
                    error: e.message(for: "whatNext")
                ),
                UI.textarea(
                    "additionalInformation",
                    label: "Anything else (optional)",
                    value: a["additionalInformation"],
                    error: e.message(for: "additionalInformation")
                ),
                input("referrerName", "Your name"),
                input("referrerPosition", "Your position", width: "20"),
                input("referrerContact", "Your telephone or email"),
            ]
        }
        let last = model.step == ReferralForm.Step.allCases.last
        return Page(
            model.step.title,
            hasErrors: !e.isEmpty,
            back: model.step.rawValue > 1
                ? ("Back", SiteURL.draft(model.draftID, step: model.step.rawValue - 1).href)
                : ("Back to referrals", SiteURL.referrals.href),
            [
                UI.errorSummary(e),
                H.tag(
                    "span",
                    [("class", "caption")],
                    text: "CME referral – step \(model.step.rawValue) of \(ReferralForm.Step.allCases.count)"
                ),
                H.tag("h1", [("class", "heading-l")], text: model.step.title),
                UI.form(
                    action: SiteURL.draft(model.draftID, step: model.step.rawValue).href,
                    csrf: model.csrf,
                    fields + [
                        H.tag(
                            "div",
                            [("class", "button-group")],
                            [
                                UI.button(last ? "Continue to check your answers" : "Save and continue"),
                                UI.button(
                                    "Save as draft and come back later",
                                    secondary: true,
                                    name: "later",
                                    value: "yes"
                                ),
                            ]
                        )
                    ]
                ),
            ]
        )
    }
}
