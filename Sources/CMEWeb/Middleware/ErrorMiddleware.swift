import CMEStorage
import OpenAPIRuntime
import Vapor

/// The one error middleware: JSON `{error, reason, fields}` under `/api`, an HTML page elsewhere, always with the
/// real status. Bad input a client can send is a 4xx, never a 500. Logs carry the status and path, never the
/// reason text (which may quote a child's details).
struct CMEErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    struct Body: Content {
        var error: Bool
        var reason: String
        var fields: [Field]?

        struct Field: Content {
            var field: String
            var message: String
        }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var (status, reason, fields) = self.describe(error)
            if status.code >= 500 {
                // Whatever failed inside says so in the log, by type; the client gets a reference to quote.
                reason += " Quote reference \(request.auditRequestID) if you contact the CME team."
                request.logger.critical(
                    "\(status.code) \(request.method) \(request.url.path)",
                    metadata: [
                        "error": "\(String(reflecting: type(of: (error as? ServerError)?.underlyingError ?? error)))"
                    ]
                )
            } else {
                request.logger.error("\(status.code) \(request.method) \(request.url.path)")
            }
            let response = Response(status: status)
            if request.url.path.hasPrefix("/api") {
                try response.content.encode(Body(error: true, reason: reason, fields: fields), as: .json)
            } else if request.url.path.hasPrefix("/assets") || request.url.path == "/health" {
                response.body = .init(string: reason)
                response.headers.contentType = .plainText
            } else {
                return Self.page(status: status, reason: reason, request: request)
            }
            return response
        }
    }

    /// The HTML error page: what went wrong in plain words, and where to go next.
    static func page(status: HTTPResponseStatus, reason: String, request: Request) -> Response {
        let title: String
        switch status.code {
        case 401: title = "Sign in to continue"
        case 403: title = "You do not have access to this page"
        case 404: title = "Page not found"
        case 413: title = "What you sent is too large"
        case 429: title = "Too many attempts"
        case 400..<500: title = "There is a problem with what was sent"
        default: title = "Sorry, there is a problem with the service"
        }
        var page = Page(
            title,
            [
                H.tag("h1", [("class", "heading-l")], text: title),
                H.p(reason),
                status == .unauthorized
                    ? H.tag("p", [], [H.link("Sign in", SiteURL.signIn.href)])
                    : H.tag("p", [], [H.link("Go to the start page", SiteURL.home.href)]),
            ]
        )
        page.status = status
        return page.render(for: request)
    }

    func describe(_ error: any Error) -> (HTTPResponseStatus, String, [Body.Field]?) {
        switch error {
        case let server as ServerError:
            // The generated server wraps decoding errors: a bad body or parameter is the client's to fix.
            if let decoding = self.decodingError(server.underlyingError) {
                return decoding
            }
            if server.underlyingError is ServerError || server.underlyingError is any AbortError
                || server.underlyingError is ServiceError
            {
                return self.describe(server.underlyingError)
            }
            let text = "\(server.underlyingError)"
            if text.contains("Unexpected content type") || text.contains("content type") {
                return (.unsupportedMediaType, "send the body as application/json", nil)
            }
            // The generated server marks what it could not read as a 4xx; anything else the handler threw (a database
            // gone away, say) is the server's failure, not the client's.
            guard server.httpStatus.code < 500 else { return self.describe(server.underlyingError) }
            return (
                HTTPResponseStatus(statusCode: server.httpStatus.code),
                "the request could not be read: \(server.causeDescription)", nil
            )
        case let service as ServiceError:
            switch service {
            case .notFound: return (.notFound, service.description, nil)
            case .forbidden: return (.forbidden, service.description, nil)
            case .invalid(let problems):
                return (
                    .unprocessableEntity, service.description,
                    problems.map { .init(field: $0.field, message: $0.message) }
                )
            case .conflict: return (.conflict, service.description, nil)
            }
        case let abort as any AbortError:
            return (abort.status, abort.reason, nil)
        default:
            if let decoding = self.decodingError(error) { return decoding }
            // Never the error's own text, in any environment: a database's message names tables and values
            // (issue 16).
            return (.internalServerError, "Something went wrong on our side.", nil)
        }
    }

    func decodingError(_ error: any Error) -> (HTTPResponseStatus, String, [Body.Field]?)? {
        guard let decoding = error as? DecodingError else { return nil }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .replacingOccurrences(of: ".[", with: "[").trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        let field: String
        let message: String
        switch decoding {
        case .keyNotFound(let key, let context):
            field = path(context.codingPath + [key])
            message = "is required"
        case .typeMismatch(let type, let context):
            field = path(context.codingPath)
            message = "has the wrong type (expected \(type))"
        case .valueNotFound(_, let context):
            field = path(context.codingPath)
            message = "must not be null"
        case .dataCorrupted(let context):
            field = path(context.codingPath)
            message = context.debugDescription
        @unknown default:
            field = ""
            message = "could not be read"
        }
        let name = field.isEmpty ? "body" : field
        return (.unprocessableEntity, "\(name): \(message)", [.init(field: name, message: message)])
    }
}

/// Refuses bodies over the configured size with 413 before anything reads them.
struct BodyLimitMiddleware: AsyncMiddleware {
    /// The limit in bytes; nil takes the settings' `maxBodySize`.
    var limit: Int?

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let limit = self.limit ?? request.application.cme.settings.maxBodySize
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw Abort(.payloadTooLarge, reason: "the body is larger than \(limit) bytes")
        }
        if request.method == .POST || request.method == .PUT || request.method == .PATCH {
            _ = try await request.body.collect(max: limit).get()
        }
        return try await next.respond(to: request)
    }
}
