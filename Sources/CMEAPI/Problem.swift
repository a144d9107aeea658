import Foundation

// The generated types live in `Types.swift` and `Server.swift`, produced at build time from openapi.yaml.

extension Components.Schemas.Problem {
    /// A problem report with a reason and, for bad input, each bad field.
    public init(_ reason: String, fields: [Components.Schemas.FieldError] = []) {
        self.init(error: true, reason: reason, fields: fields.isEmpty ? nil : fields)
    }
}

/// The OpenAPI document the API is generated from, served at `/openapi.yaml`.
public enum OpenAPIDocument {
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()
}
