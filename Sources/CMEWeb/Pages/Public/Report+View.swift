import Foundation

/// The public report form: short, plain, anonymous if the reporter wishes (Suffolk 6.6; Derbyshire 8.1).
enum ReportView {
    static func form(answers a: [String: String], errors e: FormErrors, csrf: String, stamp: String) -> Page {
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
        return Page(
            "Report a child missing education",
            hasErrors: !e.isEmpty,
            [
                UI.errorSummary(e),
                H.tag("h1", [("class", "heading-l")], text: "Report a child you think is missing education"),
                H.p(
                    "Tell us about a child of school age who you think is not at school or being educated. You do not have to give your name."
                ),
                H.tag(
                    "div",
                    [("class", "notification")],
                    [H.p("If a child is in immediate danger, call 999 now.")]
                ),
                UI.form(
                    action: SiteURL.report.href,
                    csrf: csrf,
                    [
                        UI.hidden("stamp", stamp),
                        H.tag("h2", [("class", "heading-m")], text: "About the child"),
                        input("forename", "Child's first name"),
                        input("surname", "Child's last name (if you know it)"),
                        input("age", "How old is the child, roughly?", hint: "In years, for example 11", width: "2"),
                        input(
                            "area",
                            "Where does the child live or where have you seen them?",
                            hint: "A street, area or postcode"
                        ),
                        UI.textarea(
                            "concern",
                            label: "Why do you think the child is missing education?",
                            value: a["concern"],
                            hint: "For example, they are at home during school hours every day",
                            error: e.message(for: "concern")
                        ),
                        H.tag("h2", [("class", "heading-m")], text: "About you (optional)"),
                        H.p(
                            "Leave these empty to report anonymously. If you give a way to contact you, we may get in touch."
                        ),
                        input("reporterName", "Your name"),
                        input("reporterContact", "Your telephone number or email address"),
                        // A field people never see: bots that fill every field give themselves away.
                        H.tag(
                            "div",
                            [("class", "honeypot"), ("aria-hidden", "true")],
                            [
                                H.tag("label", [("for", "website")], text: "Leave this empty"),
                                H.void(
                                    "input",
                                    [
                                        ("id", "website"), ("name", "website"), ("type", "text"), ("tabindex", "-1"),
                                        ("autocomplete", "off"),
                                    ]
                                ),
                            ]
                        ),
                        UI.button("Send report"),
                    ]
                ),
            ]
        )
    }

    static func done(reference: String) -> Page {
        Page(
            "Report sent",
            [
                UI.panel(title: "Report sent", reference: reference),
                H.p("Thank you. The children missing education team will look into it."),
                H.p(
                    "If you gave your contact details, they may get in touch. Quote the reference if you contact them."
                ),
            ]
        )
    }

    static func tooMany() -> Page {
        var page = Page(
            "Too many reports",
            [
                H.tag("h1", [("class", "heading-l")], text: "Too many reports from this connection"),
                H.p("Please wait 10 minutes and try again, or contact the council's children missing education team."),
            ]
        )
        page.status = .tooManyRequests
        return page
    }
}
