import CMECore
import CMEStorage
import Foundation

/// The administrator's pages: users and roles, organisations and schools, the loaded policy and term dates.
enum AdminView {
    static func users(
        _ users: [UserModel],
        organisations: [OrganisationModel],
        answers a: [String: String],
        errors e: FormErrors,
        csrf: String,
        message: String?
    ) -> Page {
        let orgNames = Dictionary(
            uniqueKeysWithValues: organisations.compactMap { org in org.id.map { ($0, org.name) } }
        )
        return Page(
            "Users",
            hasErrors: !e.isEmpty,
            [
                UI.errorSummary(e),
                message.map { UI.notification($0) } ?? .empty,
                H.tag("h1", [("class", "heading-l")], text: "Users and roles"),
                UI.table(
                    caption: "\(users.count) users",
                    head: ["Name", "Email", "Role", "Organisation", "Security code", "Status", "", ""],
                    rows: users.map { user in
                        [
                            H.text(user.displayName), H.text(user.email),
                            H.text(user.roleValue?.label ?? user.role),
                            H.text(user.$organisation.id.flatMap { orgNames[$0] } ?? "None"),
                            H.text(user.totpLastStep == nil ? "Not set up" : "Set up"),
                            UI.tag(user.active ? "Active" : "Deactivated", colour: user.active ? "green" : "grey"),
                            H.link(
                                "Reset password or code for \(user.displayName)",
                                SiteURL.adminUserReset(user.id).href
                            ),
                            UI.form(
                                action: SiteURL.adminUserActive(user.id).href,
                                csrf: csrf,
                                [
                                    UI.hidden("active", user.active ? "no" : "yes"),
                                    UI.button(
                                        user.active
                                            ? "Deactivate \(user.displayName)" : "Reactivate \(user.displayName)",
                                        secondary: true
                                    ),
                                ]
                            ),
                        ]
                    }
                ),
                H.tag("h2", [("class", "heading-m")], text: "Add a user"),
                UI.form(
                    action: SiteURL.adminUsers.href,
                    csrf: csrf,
                    [
                        UI.input(
                            "email",
                            label: "Email address",
                            value: a["email"],
                            error: e.message(for: "email"),
                            type: "email"
                        ),
                        UI.input("name", label: "Full name", value: a["name"], error: e.message(for: "name")),
                        UI.select(
                            "role",
                            label: "Role",
                            options: Role.allCases.filter { $0 != .publicReporter }.map { ($0.rawValue, $0.label) },
                            selected: a["role"],
                            error: e.message(for: "role")
                        ),
                        UI.select(
                            "organisation",
                            label: "Organisation",
                            options: organisations.compactMap { org in
                                org.id.map { ($0.uuidString.lowercased(), org.name) }
                            },
                            selected: a["organisation"],
                            hint:
                                "Schools, AP providers, partner agencies and other LAs: the organisation they work for",
                            error: e.message(for: "organisation")
                        ),
                        UI.input(
                            "team",
                            label: "Team (EWOs and team managers, optional)",
                            value: a["team"],
                            width: "10"
                        ),
                        UI.input(
                            "password",
                            label: "First password",
                            hint:
                                "At least \(Password.minimumLength) characters. Give it to the person safely; they should change it.",
                            error: e.message(for: "password"),
                            type: "password",
                            autocomplete: "new-password"
                        ),
                        UI.button("Add user"),
                    ]
                ),
            ]
        )
    }

    /// An administrator sets a new password for someone who has forgotten theirs, and may clear their security code
    /// (a lost phone): they set it up again at their next sign-in.
    static func reset(_ user: UserModel, errors e: FormErrors, csrf: String) -> Page {
        Page(
            "Reset \(user.displayName)'s sign-in",
            hasErrors: !e.isEmpty,
            back: ("Back to users", SiteURL.adminUsers.href),
            [
                UI.errorSummary(e),
                H.tag("span", [("class", "caption")], text: user.email),
                H.tag("h1", [("class", "heading-l")], text: "Reset \(user.displayName)'s sign-in"),
                H.p("They are signed out everywhere. Give them the new password safely; they should change it."),
                UI.form(
                    action: SiteURL.adminUserReset(user.id).href,
                    csrf: csrf,
                    [
                        UI.input(
                            "password",
                            label: "New password",
                            hint: "At least \(Password.minimumLength) characters",
                            error: e.message(for: "password"),
                            type: "password",
                            autocomplete: "new-password"
                        ),
                        H.tag(
                            "div",
                            [("class", "form-group")],
                            [
                                UI.checkbox(
                                    "clearCode",
                                    label:
                                        "Also clear their security code (a lost phone): they set up a new one when they next sign in",
                                    checked: false
                                )
                            ]
                        ),
                        UI.button("Reset"),
                    ]
                ),
            ]
        )
    }

    static func organisations(
        _ organisations: [OrganisationModel],
        answers a: [String: String],
        errors e: FormErrors,
        csrf: String,
        message: String?
    ) -> Page {
        Page(
            "Organisations",
            hasErrors: !e.isEmpty,
            [
                UI.errorSummary(e),
                message.map { UI.notification($0) } ?? .empty,
                H.tag("h1", [("class", "heading-l")], text: "Organisations and schools"),
                UI.table(
                    caption: "\(organisations.count) organisations",
                    head: ["Name", "Kind", "URN", "School type"],
                    rows: organisations.map { org in
                        [
                            H.text(org.name),
                            H.text(org.kind.rawValue.replacingOccurrences(of: "_", with: " ").capitalisedFirst),
                            H.text(org.urn ?? ""), H.text(org.schoolType ?? ""),
                        ]
                    }
                ),
                H.tag("h2", [("class", "heading-m")], text: "Add an organisation"),
                UI.form(
                    action: SiteURL.adminOrganisations.href,
                    csrf: csrf,
                    [
                        UI.input("name", label: "Name", value: a["name"], error: e.message(for: "name")),
                        UI.select(
                            "kind",
                            label: "Kind",
                            options: OrganisationModel.Kind.allCases.map {
                                ($0.rawValue, $0.rawValue.replacingOccurrences(of: "_", with: " ").capitalisedFirst)
                            },
                            selected: a["kind"],
                            error: e.message(for: "kind")
                        ),
                        UI.input(
                            "urn",
                            label: "URN (schools)",
                            value: a["urn"],
                            hint: "The school's 6-digit unique reference number",
                            error: e.message(for: "urn"),
                            width: "10"
                        ),
                        UI.input("schoolType", label: "School type (optional)", value: a["schoolType"], width: "20"),
                        UI.button("Add organisation"),
                    ]
                ),
            ]
        )
    }

    static func policy(_ policy: Policy, today: Day) -> Page {
        Page(
            "Policy",
            [
                H.tag("span", [("class", "caption")], text: policy.localAuthority),
                H.tag("h1", [("class", "heading-l")], text: policy.name),
                UI.summaryList([
                    ("Policy id", H.text(policy.id)),
                    ("Source document", H.text("\(policy.source.document), \(policy.source.version)")),
                    (
                        "Restricted addresses visible to",
                        H.text(policy.restrictedAddressViewers.sorted().map(\.label).joined(separator: ", "))
                    ),
                ]),
                UI.table(
                    caption: "Deadlines (clocks)",
                    head: ["Clock", "Length", "Owner", "Policy"],
                    rows: policy.clocks.map {
                        [H.text($0.title), H.text($0.length.description), H.text($0.owner.label), H.text($0.section)]
                    }
                ),
                UI.table(
                    caption: "Reason codes",
                    head: ["Code", "Meaning"],
                    rows: policy.codes.reasons.map { [H.text($0.code), H.text($0.label)] }
                ),
                UI.table(
                    caption: "Outcome codes",
                    head: ["Code", "Meaning"],
                    rows: policy.codes.outcomes.map { [H.text($0.code), H.text($0.label)] }
                ),
                H.group(
                    policy.calendar.years.map { year in
                        UI.table(
                            caption:
                                "Term dates \(year.year)\(year.exampleDates ? " (example dates: replace with the LA's published ones)" : "")",
                            head: ["Term", "Starts", "Ends", "Half term"],
                            rows: year.terms.map { term in
                                [
                                    H.text(term.name), H.text(Words.day(term.start, weekday: true)),
                                    H.text(Words.day(term.end, weekday: true)),
                                    H.text(
                                        term.halfTerm.map { "\(Words.day($0.first)) to \(Words.day($0.last))" }
                                            ?? "None"
                                    ),
                                ]
                            }
                        )
                    }
                ),
            ]
        )
    }
}
