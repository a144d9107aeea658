// The generated types live in `Types.swift` and `Server.swift`, produced at build time from openapi.yaml.

extension Components.Schemas.Problem {
    /// A problem report with a reason and, for bad input, each bad field.
    public init(_ reason: String, fields: [Components.Schemas.FieldError] = []) {
        self.init(error: true, reason: reason, fields: fields.isEmpty ? nil : fields)
    }
}
