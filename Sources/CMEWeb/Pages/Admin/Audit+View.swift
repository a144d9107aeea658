import CMEStorage
import Foundation

/// The auditor's view of the audit trail: who saw and changed which child's record, when and from where.
enum AuditView {
    static func page(
        entries: [AuditEntryModel],
        users: [UUID: String],
        query: [String: String],
        errors e: FormErrors,
        found: [ChildSearchResult]? = nil,
        chain: String?,
        time: LocalTime
    ) -> Page {
        Page(
            "Audit trail",
            hasErrors: !e.isEmpty,
            [
                UI.errorSummary(e),
                H.tag("h1", [("class", "heading-l")], text: "Audit trail"),
                chain.map { UI.notification($0, success: $0.hasPrefix("The trail is intact")) }
                    ?? H.tag(
                        "form",
                        [("method", "get"), ("action", SiteURL.audit.href)],
                        [
                            UI.hidden("verify", "1"),
                            UI.button("Check that no entry has been changed or removed", secondary: true),
                        ]
                    ),
                H.tag(
                    "form",
                    [("method", "get"), ("action", SiteURL.audit.href), ("class", "filters"), ("novalidate", nil)],
                    [
                        H.tag(
                            "div",
                            [("class", "filters__row")],
                            [
                                UI.input(
                                    "child",
                                    label: "Child",
                                    value: query["child"],
                                    hint: "A name, in any order, or a child record id as shown in the trail",
                                    error: e.message(for: "child")
                                ),
                                UI.input(
                                    "user",
                                    label: "User email",
                                    value: query["user"],
                                    error: e.message(for: "user")
                                ),
                                UI.input(
                                    "from",
                                    label: "From (YYYY-MM-DD)",
                                    value: query["from"],
                                    error: e.message(for: "from"),
                                    width: "10"
                                ),
                                UI.input(
                                    "to",
                                    label: "To (YYYY-MM-DD)",
                                    value: query["to"],
                                    error: e.message(for: "to"),
                                    width: "10"
                                ),
                            ]
                        ),
                        UI.button("Search", secondary: true),
                    ]
                ),
                found.map { children in
                    UI.table(
                        caption: "Children found by that name: choose one to see their trail",
                        head: ["Child", "Date of birth", "Why it matched"],
                        rows: children.map { result in
                            [
                                H.link(
                                    "\(result.child.forename) \(result.child.surname)",
                                    SiteURL.audit.path(query: ["child": result.child.id?.uuidString.lowercased() ?? ""])
                                ),
                                H.text(Words.day(iso: result.child.dateOfBirth)),
                                H.text(ChildrenView.sentence(result.reasons)),
                            ]
                        }
                    )
                }
                    ?? (entries.isEmpty
                        ? H.p("No entries match.")
                        : UI.table(
                            caption: "Latest \(entries.count) entries, newest first",
                            head: ["When", "Who", "Role", "Did", "Record", "Child", "From"],
                            rows: entries.map { entry in
                                [
                                    H.text(Words.dateTime(entry.at, time: time)),
                                    H.text(entry.userID.flatMap { users[$0] } ?? "System or public"),
                                    H.text(entry.role), H.text(entry.action),
                                    H.text("\(entry.entityType) \(entry.entityID.prefix(8))"),
                                    entry.childID.map {
                                        H.link(
                                            String($0.uuidString.lowercased().prefix(8)),
                                            SiteURL.audit.path(query: ["child": $0.uuidString.lowercased()])
                                        )
                                    } ?? H.text(""),
                                    H.text(entry.clientAddress ?? ""),
                                ]
                            }
                        )),
            ]
        )
    }
}
