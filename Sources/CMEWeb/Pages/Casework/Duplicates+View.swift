import CMECore
import CMEMatching
import CMEStorage
import Foundation

/// The possible-duplicates queue (issue 18): each pair's records side by side, what agreed and what differed, and
/// the officer's decision: the same child (merged, keeping the record they choose) or different children.
enum DuplicatesView {
    static func page(
        _ pairs: [DuplicatePairView],
        status: DuplicatePairModel.Status,
        csrf: String,
        time: LocalTime,
        done: String?
    ) -> Page {
        var content: [Markup] = []
        if let done { content.append(UI.notification(done)) }
        content += [
            H.tag("h1", [("class", "heading-l")], text: "Possible duplicates"),
            H.p(
                "When a referral's child looks like a child already known, but not surely the same, the referral opens "
                    + "its own case and the two records wait here. Compare them and decide: the same child (the two "
                    + "records become one, and the merge can be undone) or different children (never asked again)."
            ),
            H.tag(
                "nav",
                [("class", "pagination"), ("aria-label", "Which pairs")],
                DuplicatePairModel.Status.allCases.map { other in
                    other == status
                        ? H.tag("span", [("aria-current", "page")], text: Self.tab(other))
                        : H.link(Self.tab(other), SiteURL.duplicates.path(query: ["status": other.rawValue]))
                }
            ),
        ]
        if pairs.isEmpty {
            content.append(H.p(status == .open ? "No pairs are waiting for a decision." : "None yet."))
        }
        for (index, view) in pairs.enumerated() {
            content.append(Self.pair(view, number: index + 1, csrf: csrf, time: time))
        }
        return Page("Possible duplicates", content)
    }

    static func tab(_ status: DuplicatePairModel.Status) -> String {
        switch status {
        case .open: "Waiting for a decision"
        case .merged: "Merged"
        case .different: "Different children"
        }
    }

    static func pair(_ view: DuplicatePairView, number: Int, csrf: String, time: LocalTime) -> Markup {
        let id = view.pair.id?.uuidString.lowercased() ?? ""
        let heading = "\(Self.name(view.child.child)) and \(Self.name(view.other.child))"
        var parts: [Markup] = [
            H.tag("h2", [("class", "heading-m"), ("id", "pair-\(number)")], text: heading),
            H.p(
                [
                    view.pair.referralReference.map { "Referral \($0) opened the new record" },
                    "found \(Words.dateTime(view.pair.createdAt, time: time))",
                    view.pair.score > 0 ? "the tracing engine's score \(Self.percent(view.pair.score))" : nil,
                ].compactMap { $0 }.joined(separator: "; ") + "."
            ),
            Self.sideBySide(view.child, view.other, caption: heading, first: "New record", second: "Known record"),
        ]
        if !view.pair.agreeing.isEmpty {
            parts.append(H.p("What agrees: " + ChildrenView.sentence(view.pair.agreeing) + "."))
        }
        if !view.pair.differing.isEmpty {
            parts.append(H.p("What differs: " + ChildrenView.sentence(view.pair.differing) + "."))
        }
        switch DuplicatePairModel.Status(rawValue: view.pair.status) ?? .open {
        case .open:
            parts.append(Self.joinNote(view.child, view.other))
            parts.append(
                UI.form(
                    action: SiteURL.duplicateDecision(view.pair.id).href,
                    csrf: csrf,
                    [
                        UI.radios(
                            "decision",
                            id: "decision-\(number)",
                            legend: "Are these the same child?",
                            options: [
                                ("keep_known", "Same child: merge, keeping the known record"),
                                ("keep_new", "Same child: merge, keeping the new record"),
                                ("different", "Different children"),
                            ]
                        ),
                        UI.button("Save the decision"),
                    ]
                )
            )
        case .merged:
            var decided = "Merged"
            if let at = view.pair.decidedAt { decided += " \(Words.dateTime(at, time: time))" }
            parts.append(H.p(decided + "."))
            if let merge = view.merge {
                parts.append(
                    UI.form(
                        action: SiteURL.childMergeUndo(merge).href,
                        csrf: csrf,
                        [UI.button("Undo the merge of \(heading)", secondary: true)]
                    )
                )
            }
        case .different:
            var decided = "Decided to be different children"
            if let at = view.pair.decidedAt { decided += " \(Words.dateTime(at, time: time))" }
            parts.append(H.p(decided + "."))
        }
        return H.tag(
            "section",
            [("class", "duplicate"), ("aria-labelledby", "pair-\(number)"), ("data-pair", id)],
            parts
        )
    }

    /// Two records compared, a row per thing the record says.
    static func sideBySide(
        _ a: ChildRecordSummary,
        _ b: ChildRecordSummary,
        caption: String,
        first: String,
        second: String
    ) -> Markup {
        func rows(_ s: ChildRecordSummary) -> [String] {
            let child = s.child
            return [
                Self.name(child),
                s.otherNames.isEmpty ? "None" : s.otherNames.joined(separator: ", "),
                Words.day(iso: child.dateOfBirth),
                child.upn ?? "Not known",
                s.addresses.compactMap(\.postcode).joined(separator: ", ").nonEmpty ?? "None",
                s.schools.map(\.name).joined(separator: ", ").nonEmpty ?? "None",
                child.mergedInto != nil ? "Merged into the other record" : nil,
            ].compactMap { $0 }
        }
        let labels = ["Name", "Other names", "Date of birth", "UPN", "Postcodes", "Schools", "Record"]
        let x = rows(a)
        let y = rows(b)
        var table: [[Markup]] = (0..<min(x.count, y.count)).map { [H.text(labels[$0]), H.text(x[$0]), H.text(y[$0])] }
        table.append([H.text("Cases"), Self.cases(a), Self.cases(b)])
        return UI.table(caption: caption, head: ["", first, second], rows: table, captionHidden: true)
    }

    static func cases(_ s: ChildRecordSummary) -> Markup {
        guard !s.cases.isEmpty else { return H.text("None") }
        return H.tag(
            "ul",
            [("class", "list")],
            s.cases.map {
                H.tag("li", [], [H.link("\($0.reference) (\($0.state.label))", SiteURL.caseDetail($0.id).href)])
            }
        )
    }

    /// What a merge does to two open cases (issue 18): said before the officer decides.
    static func joinNote(_ a: ChildRecordSummary, _ b: ChildRecordSummary) -> Markup {
        let open = (a.cases + b.cases).filter { $0.state.isOpen }.map(\.reference)
        guard open.count > 1 else { return .empty }
        return H.p(
            "Both records have an open case (\(open.sorted().joined(separator: " and "))): a merge keeps the one opened first open and joins the other into it, its events on one timeline; undoing the merge parts them again."
        )
    }

    static func name(_ child: ChildModel) -> String {
        [child.forename, child.middleNames ?? "", child.surname].filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func percent(_ score: Double) -> String {
        "\(Int((score * 100).rounded(.down)))%"
    }

    /// Two children found by search, side by side, with the merge form.
    static func compare(
        _ a: ChildRecordSummary,
        _ b: ChildRecordSummary,
        duplicate: PossibleDuplicate,
        csrf: String
    ) -> Page {
        let heading = "\(Self.name(a.child)) and \(Self.name(b.child))"
        let first = a.child.id?.uuidString.lowercased() ?? ""
        let second = b.child.id?.uuidString.lowercased() ?? ""
        var content: [Markup] = [
            H.tag("h1", [("class", "heading-l")], text: "Compare two children"),
            Self.sideBySide(a, b, caption: heading, first: "First record", second: "Second record"),
            H.p("The tracing engine's score: \(Self.percent(duplicate.score))."),
        ]
        if !duplicate.agreeing.isEmpty {
            content.append(H.p("What agrees: " + ChildrenView.sentence(duplicate.agreeing) + "."))
        }
        if !duplicate.differing.isEmpty {
            content.append(H.p("What differs: " + ChildrenView.sentence(duplicate.differing) + "."))
        }
        if a.child.mergedInto == nil && b.child.mergedInto == nil {
            content.append(Self.joinNote(a, b))
            content.append(
                UI.form(
                    action: SiteURL.childMerges.href,
                    csrf: csrf,
                    [
                        UI.radios(
                            "keep",
                            legend: "These are the same child: which record is kept?",
                            options: [
                                (first, "Keep the first record (\(Self.name(a.child)))"),
                                (second, "Keep the second record (\(Self.name(b.child)))"),
                            ]
                        ),
                        UI.hidden("a", first),
                        UI.hidden("b", second),
                        UI.button("Merge the two records"),
                    ]
                )
            )
        }
        return Page("Compare two children", back: ("Find a child", SiteURL.children.href), content)
    }
}

extension String {
    /// Nil when empty.
    fileprivate var nonEmpty: String? { self.isEmpty ? nil : self }
}
