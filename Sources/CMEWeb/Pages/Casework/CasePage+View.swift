import CMECore
import CMEStorage
import Foundation

/// The case page: the child, where they may be, who cares for them, the timeline, clocks and recommended
/// escalations, and the actions the viewer may take next.
enum CasePageView {
    static func page(_ model: CasePageModel) -> Page {
        let data = model.data
        var page = Page(
            "Case \(data.model.reference)",
            hasErrors: !model.errors.isEmpty,
            back: ("Back to cases", SiteURL.cases.href),
            [
                UI.errorSummary(model.errors),
                model.conflict.map { UI.notification($0, success: false) } ?? .empty,
                model.message.map { UI.notification($0) } ?? .empty,
                self.joined(model),
                H.group(
                    model.data.prompts.map { prompt in
                        let day = prompt.day.map { " School leaving date: \(Words.day($0))." } ?? ""
                        return UI.notification("\(prompt.message)\(day) (\(prompt.section))", success: false)
                    }
                ),
                H.tag("span", [("class", "caption")], text: "Case \(data.model.reference)"),
                H.tag("h1", [("class", "heading-l")], text: model.childName),
                H.tag(
                    "p",
                    [],
                    [
                        UI.tag(Words.state(data.model.state), colour: data.model.state == "closed" ? "grey" : nil),
                        H.text(" "),
                        UI.tag(
                            data.category?.category.label
                                ?? Category(rawValue: data.model.category)?.label ?? data.model.category,
                            colour: "purple"
                        ),
                        data.episodes > 1
                            ? H.text(" Episode \(data.episodes) (this child has been missing before)") : .empty,
                    ]
                ),
                self.caseSummary(model),
                self.clocks(model),
                self.recommendations(model),
                self.actions(model),
                self.child(model),
                self.restriction(model),
                self.timeline(model),
            ]
        )
        if !model.errors.isEmpty { page.status = .unprocessableEntity }
        if model.conflict != nil { page.status = .conflict }
        return page
    }

    /// A case joined into another by a merge (issue 18) says where the work goes on.
    static func joined(_ model: CasePageModel) -> Markup {
        guard let into = model.data.joinedInto else { return .empty }
        let when = model.data.model.closedAt.map { " on \(Words.dateTime($0, time: model.time))" } ?? ""
        return H.tag(
            "div",
            [("class", "notification"), ("role", "status")],
            [
                H.tag(
                    "p",
                    [],
                    [
                        H.text("This case was joined into "),
                        H.link(into.reference, SiteURL.caseDetail(into.id).href),
                        H.text(
                            "\(when), when two records of this child were merged. Its events are on that case's timeline and count toward its deadlines; record new work there."
                        ),
                    ]
                )
            ]
        )
    }

    static func caseSummary(_ model: CasePageModel) -> Markup {
        let m = model.data.model
        return UI.summaryList([
            ("Reason", H.text(Words.code(m.reason, in: .reason, policy: model.policy))),
            ("Source", H.text(Words.code(m.source, in: .source, policy: model.policy))),
            ("Owner", H.text(m.$assignee.id.flatMap { model.userNames[$0] } ?? "Not assigned")),
            ("Opened", H.text(Words.dateTime(m.openedAt, time: model.time))),
            ("Outcome", H.text(m.outcome.map { Words.code($0, in: .outcome, policy: model.policy) } ?? "None yet")),
            ("Destination", H.text(m.destination ?? "Not known")),
        ])
    }

    static func clocks(_ model: CasePageModel) -> Markup {
        // Settled deadlines stay, saying what settled them: done by the event that did what was asked, or no
        // longer needed because of another (issue 17).
        let clocks = model.data.clocks
        guard !clocks.isEmpty else { return .empty }
        return UI.table(
            caption: "Deadlines",
            head: ["What", "When", "Status", "Policy"],
            rows: clocks.map { clock in
                let (label, colour) = Words.clockState(clock.state.rawValue)
                let settled = clock.settledBy.map { event in
                    H.tag(
                        "span",
                        [("class", "hint")],
                        text: " \(event.label)\(clock.settledAt.map { ", \(Words.day($0.day))" } ?? "")"
                    )
                }
                return [
                    H.text(clock.rule.title),
                    H.text(Words.due(clock.due, today: model.today)),
                    H.group([UI.tag(label, colour: colour), settled ?? .empty]),
                    H.text(clock.rule.section),
                ]
            }
        )
    }

    static func recommendations(_ model: CasePageModel) -> Markup {
        guard !model.data.recommendations.isEmpty else { return .empty }
        return UI.table(
            caption: "Recommended escalations",
            head: ["Escalate to", "What to do", "Urgency", "Status", "Policy"],
            rows: model.data.recommendations.map { settled in
                let recommendation = settled.recommendation
                // Done: the escalation recorded, and when; an urgency no longer applies to it (issue 17).
                let status: Markup =
                    switch settled.status {
                    case .outstanding: UI.tag("Outstanding", colour: "red")
                    case .done, .declined:
                        H.group([
                            UI.tag(settled.status.label, colour: settled.status == .done ? "green" : "grey"),
                            settled.settledBy.map {
                                H.tag("span", [("class", "hint")], text: " \($0.kind.label), \(Words.day($0.at.day))")
                            } ?? .empty,
                            // A decline says why, in the officer's words.
                            settled.status == .declined
                                ? (settled.settledBy?.note.map { H.p("Reason: \($0)") } ?? .empty) : .empty,
                        ])
                    }
                return [
                    H.text(recommendation.target.label), H.text(recommendation.action),
                    H.text(settled.status == .outstanding ? recommendation.urgency.rawValue.capitalisedFirst : "–"),
                    status, H.text(recommendation.section),
                ]
            }
        )
    }

    static func child(_ model: CasePageModel) -> Markup {
        let child = model.data.child
        let age = (try? Day(iso: child.dateOfBirth)).map(SchoolAge.init(dateOfBirth:))
        let ncYear = age.flatMap { SchoolAge.ncYearLabel($0.ncYear(on: model.today)) }
        var rows: [(String, Markup)] = [
            ("Date of birth", H.text(Words.day(iso: child.dateOfBirth) + (ncYear.map { " (\($0))" } ?? ""))),
            ("Gender", H.text(Gender(rawValue: child.gender)?.label ?? child.gender)),
            ("UPN", H.text(child.upn ?? "Not known")),
        ]
        if !model.data.aliases.isEmpty {
            rows.append(("Other names", H.text(model.data.aliases.joined(separator: ", "))))
        }
        let addresses: [Markup] = model.data.addresses.map { address in
            if address.restricted && !model.data.mayReadRestricted {
                // Cromford 8.0: others see that a restricted address exists, never what it is.
                return H.tag(
                    "li",
                    [("class", "restricted-address")],
                    [
                        UI.tag("Restricted", colour: "red"),
                        H.text(" A restricted address is held. Only the people the policy names can see it."),
                    ]
                )
            }
            let text = (address.lines + [address.town, address.postcode].compactMap { $0 }).joined(separator: ", ")
            return H.tag(
                "li",
                [],
                [
                    address.restricted ? UI.tag("Restricted", colour: "red") : .empty,
                    H.text(" \(text) (\(address.kind.replacingOccurrences(of: "_", with: " ")))"),
                ]
            )
        }
        rows.append(
            ("Addresses", addresses.isEmpty ? H.text("None known") : H.tag("ul", [("class", "list")], addresses))
        )
        rows.append(
            (
                "Parents and carers",
                model.contacts.isEmpty
                    ? H.text("None recorded")
                    : H.tag(
                        "ul",
                        [("class", "list")],
                        model.contacts.map { contact in
                            H.tag(
                                "li",
                                [],
                                text: [
                                    contact.name, contact.relationship,
                                    contact.parentalResponsibility ? "parental responsibility" : nil,
                                    contact.telephone, contact.email,
                                ].compactMap { $0 }.joined(separator: ", ")
                            )
                        }
                    )
            )
        )
        rows.append(
            (
                "School history",
                model.schools.isEmpty
                    ? H.text("None recorded")
                    : H.tag(
                        "ul",
                        [("class", "list")],
                        model.schools.map { school in
                            H.tag(
                                "li",
                                [],
                                text: [
                                    school.name, school.urn.map { "URN \($0)" },
                                    school.dateLastAttended.map { "last attended \(Words.day(iso: $0))" },
                                ].compactMap { $0 }.joined(separator: ", ")
                            )
                        }
                    )
            )
        )
        return H.group([H.tag("h2", [("class", "heading-m")], text: "The child"), UI.summaryList(rows)])
    }
}
