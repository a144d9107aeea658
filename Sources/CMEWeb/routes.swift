import CMEAPI
import CMEStorage
import Fluent
import OpenAPIRuntime
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

    // MARK: - Benchmark ceiling (only with `cme serve --benchmark-routes`)

    if app.cme.settings.benchmarkRoutes {
        // One row by primary key, and one single-row insert: no auth, audit or domain logic.
        app.get("bench", "bare", "cases", ":id") { request async throws -> String in
            guard let id = request.parameters.get("id", as: UUID.self),
                let model = try await CaseModel.find(id, on: request.db)
            else { throw Abort(.notFound) }
            return model.reference
        }
        app.post("bench", "bare", "rows") { request async throws -> HTTPStatus in
            try await CounterModel(name: UUID().uuidString, value: 0).create(on: request.db)
            return .created
        }
    }

    // MARK: - Stylesheet (the project's own; no CDN or remote asset)

    app.get(SiteURL.stylesheet.pathComponents) { _ async throws -> Response in
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.text))
    }

    // MARK: - Pages: sessions, CSRF and role guards

    let settings = app.cme.settings
    let now = app.cme.now
    let pages = app.grouped(
        BodyLimitMiddleware(),
        WebSessionMiddleware(settings: settings, now: now),
        CSRFMiddleware(secure: settings.secureCookies)
    )
    let uploads = app.grouped(
        BodyLimitMiddleware(limit: settings.maxUploadSize),
        WebSessionMiddleware(settings: settings, now: now),
        CSRFMiddleware(secure: settings.secureCookies)
    )
    try pageRoutes(pages, uploads: uploads, settings: settings, now: now)

    // MARK: - JSON API (/api/v1), generated from openapi.yaml

    let api = app.grouped(SiteURL.api.pathComponents.map { $0 }).grouped(BodyLimitMiddleware(), APIAuthMiddleware())
    let transport = VaporTransport(routesBuilder: api)
    let handler = APIHandler(service: app.cme.service, now: app.cme.now)
    // Compact JSON: the generator's default pretty-prints and sorts every answer, which cost the case detail a
    // tenth of its time. Clients parse it; people read it through `jq`.
    try handler.registerHandlers(
        on: transport,
        serverURL: URL(string: "/")!,
        configuration: OpenAPIRuntime.Configuration(jsonEncodingOptions: [.withoutEscapingSlashes])
    )
}
