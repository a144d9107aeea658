import CMEStorage
import Foundation

/// What the report pages share.
enum ReportParts {
    /// A figure's count, linking to the cases behind it (the drill-down: a page of them at a time).
    static func cases(_ count: Int, _ href: String) -> Markup {
        guard count > 0 else { return H.text("None") }
        return H.link("\(count) case\(count == 1 ? "" : "s")", href)
    }
}
