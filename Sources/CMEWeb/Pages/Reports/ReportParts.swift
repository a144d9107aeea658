import CMEStorage
import Fluent
import Foundation

/// What the report pages share.
enum ReportParts {
    /// A figure's count, linking to the cases behind it (the drill-down: a page of them at a time).
    static func cases(_ count: Int, _ href: String) -> Markup {
        guard count > 0 else { return H.text("None") }
        return H.link("\(count) case\(count == 1 ? "" : "s")", href)
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
