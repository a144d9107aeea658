import CMEStorage
import Foundation

/// Find a child (issue 18): by any names in any order, part of a name or a misspelling, a date of birth, a UPN or a
/// postcode; ranked by the tracing engine, each child with what agreed, a page at a time.
enum ChildrenView {
    /// What was typed, kept as typed.
    struct Form {
        var name: String
        var dob: String
        var upn: String
        var postcode: String

        var isEmpty: Bool { self.name.isEmpty && self.dob.isEmpty && self.upn.isEmpty && self.postcode.isEmpty }

        /// The search again, at `page`.
        func link(page: Int) -> String {
            var query = ["page": String(page)]
            for (key, value) in [
                ("name", self.name), ("dob", self.dob), ("upn", self.upn), ("postcode", self.postcode),
            ]
            where !value.isEmpty {
                query[key] = value
            }
            return SiteURL.children.path(query: query)
        }
    }

    /// `mayCompare`: the reader may compare two children and merge them (`CaseAccess.mayReviewDuplicates`).
    static func page(_ form: Form, errors: FormErrors, results: ChildSearchPage?, mayCompare: Bool = false) -> Page {
        var content: [Markup] = [
            UI.errorSummary(errors),
            H.tag("h1", [("class", "heading-l")], text: "Find a child"),
            H.tag(
                "form",
                [("method", "get"), ("action", SiteURL.children.href), ("class", "filters"), ("novalidate", nil)],
                [
                    UI.input(
                        "name",
                        label: "Name",
                        value: form.name,
                        hint: "Any names, in any order: a surname alone, part of a name or a misspelling will do",
                        error: errors.message(for: "name")
                    ),
                    UI.input(
                        "dob",
                        label: "Date of birth",
                        value: form.dob,
                        hint: "YYYY-MM-DD, for example 2014-03-27; day and month swapped are found too",
                        error: errors.message(for: "dob"),
                        width: "10"
                    ),
                    UI.input(
                        "upn",
                        label: "UPN",
                        value: form.upn,
                        hint: "A former or temporary UPN will do",
                        width: "20"
                    ),
                    UI.input(
                        "postcode",
                        label: "Postcode",
                        value: form.postcode,
                        hint: "All or the start of one",
                        width: "10"
                    ),
                    UI.button("Search", secondary: true),
                ]
            ),
        ]
        if let results {
            content.append(Self.results(results, form: form, mayCompare: mayCompare))
        }
        return Page("Find a child", hasErrors: !errors.isEmpty, content)
    }

    static func results(_ results: ChildSearchPage, form: Form, mayCompare: Bool) -> Markup {
        guard results.total > 0 else { return H.p("No children found.") }
        var pageLinks: [Markup] = []
        if results.page > 1 { pageLinks.append(H.link("Previous page", form.link(page: results.page - 1))) }
        if results.page < results.pages { pageLinks.append(H.link("Next page", form.link(page: results.page + 1))) }
        let found = "\(results.total) child\(results.total == 1 ? "" : "ren") found, best first"
        let table = UI.table(
            caption: results.pages > 1 ? "\(found): page \(results.page) of \(results.pages)" : found,
            head: ["Name", "Date of birth", "UPN", "Why it matched", "Open case"] + (mayCompare ? ["Compare"] : []),
            rows: results.results.map { result in
                let name = "\(result.child.forename) \(result.child.surname)"
                var row = [
                    H.text(name),
                    H.text(Words.day(iso: result.child.dateOfBirth)),
                    H.text(result.child.upn ?? "Not known"),
                    H.text(Self.sentence(result.reasons)),
                    result.openCase.map { H.link("Open case", SiteURL.caseDetail($0).href) } ?? H.text("None"),
                ]
                if mayCompare, let id = result.child.id?.uuidString.lowercased() {
                    row.append(Self.choose(id: id, name: name, born: Words.day(iso: result.child.dateOfBirth)))
                }
                return row
            }
        )
        // An officer or manager ticks two children to compare them side by side, and merge them if they are one.
        var parts: [Markup] = [
            mayCompare
                ? H.tag(
                    "form",
                    [("method", "get"), ("action", SiteURL.childCompare.href)],
                    [table, UI.button("Compare the two children ticked", secondary: true)]
                ) : table
        ]
        if results.truncated {
            parts.append(
                H.p(
                    "More than \(ChildSearchPage.candidateLimit) children share something with this search; only "
                        + "the \(ChildSearchPage.candidateLimit) sharing the most were ranked. Add a date of birth, "
                        + "another name or a postcode to narrow it."
                )
            )
        }
        if !pageLinks.isEmpty {
            parts.append(H.tag("nav", [("class", "pagination"), ("aria-label", "Pages")], pageLinks))
        }
        return H.tag("div", [], parts)
    }

    /// A tick box choosing one child to compare, labelled with who they are.
    static func choose(id: String, name: String, born: String) -> Markup {
        H.tag(
            "div",
            [("class", "checkboxes__item")],
            [
                H.void(
                    "input",
                    [
                        ("class", "checkboxes__input"), ("id", "compare-\(id)"), ("name", "child"),
                        ("type", "checkbox"),
                        ("value", id),
                    ]
                ),
                H.tag(
                    "label",
                    [("class", "label checkboxes__label"), ("for", "compare-\(id)")],
                    [H.tag("span", [("class", "visually-hidden")], text: "Compare \(name), born \(born)")]
                ),
            ]
        )
    }

    /// "Surname the same; date of birth with day and month swapped".
    static func sentence(_ reasons: [String]) -> String {
        guard let first = reasons.first else { return "" }
        let joined = ([first.prefix(1).uppercased() + first.dropFirst()] + reasons.dropFirst()).joined(separator: "; ")
        return joined
    }
}
