import CMEAPI
import CMEStorage
import Fluent
import OpenAPIVapor
import Vapor

/// Every route, in one place.
func routes(_ app: Application) throws {
    // MARK: - Operations

    app.get(SiteURL.health.pathComponents) { request async throws -> String in
        // The database must answer, not just the process.
        _ = try await OrganisationModel.query(on: request.db).count()
        return "ok"
    }

    // MARK: - API description

    app.get(SiteURL.openAPI.pathComponents) { _ async throws -> Response in
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return Response(status: .ok, headers: headers, body: .init(string: OpenAPIDocument.text))
    }

    // MARK: - JSON API (/api/v1), generated from openapi.yaml

    let api = app.grouped(SiteURL.api.pathComponents.map { $0 }).grouped(BodyLimitMiddleware(), APIAuthMiddleware())
    let transport = VaporTransport(routesBuilder: api)
    let handler = APIHandler(service: app.cme.service, now: app.cme.now)
    try handler.registerHandlers(on: transport, serverURL: URL(string: "/")!)
}
