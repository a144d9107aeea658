import Vapor

/// Every path the application serves, built from one place.
enum SiteURL {
    case health
    case openAPI
    case api

    var path: String {
        switch self {
        case .health: "health"
        case .openAPI: "openapi.yaml"
        case .api: "api/v1"
        }
    }

    var pathComponents: [PathComponent] {
        self.path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}
