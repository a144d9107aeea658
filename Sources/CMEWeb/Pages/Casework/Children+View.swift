import CMEStorage
import Foundation

/// Children search: by name (allowing the usual misspellings), date of birth or UPN.
enum ChildrenView {
    static func page(
        name: String,
        upn: String,
        dob: String,
        errors: FormErrors,
        results: [(child: ChildModel, score: Double, openCase: UUID?)]?
    ) -> Page {
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
                        value: name,
                        hint: "Forename and surname; spelling need not be exact"
                    ),
                    UI.input(
                        "dob",
                        label: "Date of birth",
                        value: dob,
                        hint: "YYYY-MM-DD, for example 2014-03-27",
                        error: errors.message(for: "dob"),
                        width: "10"
                    ),
                    UI.input("upn", label: "UPN", value: upn, width: "20"),
                    UI.button("Search", secondary: true),
                ]
            ),
        ]
        if let results {
            content.append(
                results.isEmpty
                    ? H.p("No children found.")
                    : UI.table(
                        caption: "\(results.count) child\(results.count == 1 ? "" : "ren") found",
                        head: ["Name", "Date of birth", "UPN", "Open case"],
                        rows: results.map { result in
                            [
                                H.text("\(result.child.forename) \(result.child.surname)"),
                                H.text(Words.day(iso: result.child.dateOfBirth)),
                                H.text(result.child.upn ?? "Not known"),
                                result.openCase.map { H.link("Open case", SiteURL.caseDetail($0).href) }
                                    ?? H.text("None"),
                            ]
                        }
                    )
            )
        }
        return Page("Find a child", hasErrors: !errors.isEmpty, content)
    }
}
