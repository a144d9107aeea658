import CMEStorage
import Fluent
import Foundation

/// What the report pages share.
enum ReportParts {
    /// The cases behind a figure, folded away: the drill-down of every figure.
    static func cases(_ references: [String], caseIDs: [String: UUID]) -> Markup {
        guard !references.isEmpty else { return H.text("None") }
        return H.tag(
            "details",
            [("class", "details")],
            [
                H.tag("summary", [], text: "\(references.count) case\(references.count == 1 ? "" : "s")"),
                H.tag(
                    "ul",
                    [("class", "list")],
                    references.map { reference in
                        H.tag(
                            "li",
                            [],
                            [
                                caseIDs[reference].map { H.link(reference, SiteURL.caseDetail($0).href) }
                                    ?? H.text(reference)
                            ]
                        )
                    }
                ),
            ]
        )
    }

    /// The ids of the cases with `references`, for links.
    static func caseIDs(_ references: Set<String>, on db: any Database) async throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        let all = Array(references)
        for start in stride(from: 0, to: all.count, by: 500) {
            let slice = Array(all[start..<min(start + 500, all.count)])
            for model in try await CaseModel.query(on: db).filter(\.$reference ~~ slice).all() {
                ids[model.reference] = model.id
            }
        }
        return ids
    }
}
