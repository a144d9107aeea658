import Foundation

/// The site's stylesheet, read once from the target's resources.
enum Stylesheet {
    static let text: String = {
        guard let url = Bundle.module.url(forResource: "site", withExtension: "css", subdirectory: "Assets"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()
}
