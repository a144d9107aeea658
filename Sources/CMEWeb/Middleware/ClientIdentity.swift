import Vapor

/// Who sent a request, as the audit trail, the rate limits and the sign-in lockout see it (issue 16): the client's
/// address (behind a proxy, only from the header the operator names as the trusted proxy's), and the request's id
/// (the client's `X-Request-Id` only when it is a short token of safe characters, else the server's own).
struct ClientIdentityMiddleware: AsyncMiddleware {
    /// The header the trusted proxy puts the client's address in (`CME_TRUSTED_PROXY_HEADER`), or nil when the
    /// server faces clients directly.
    let trustedProxyHeader: String?

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = Self.safeRequestID(request.id) ?? UUID().uuidString
        if id != request.id { request.logger[metadataKey: "request-id"] = .string(id) }
        request.storage[ClientIdentityKey.self] = ClientIdentity(
            address: Self.clientAddress(request, trustedHeader: self.trustedProxyHeader),
            requestID: id
        )
        return try await next.respond(to: request)
    }

    /// A client's request id is kept only if it is 1 to 64 letters, digits, dots, hyphens and underscores.
    static func safeRequestID(_ id: String) -> String? {
        guard (1...64).contains(id.utf8.count),
            id.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2E || byte == 0x2D || byte == 0x5F
            })
        else { return nil }
        return id
    }

    /// The trusted proxy's header, when one is configured: the last address in it is the one the proxy saw (any
    /// earlier ones came from the client and prove nothing). Without one, the connection's own address.
    static func clientAddress(_ request: Request, trustedHeader: String?) -> String? {
        if let trustedHeader {
            let values = request.headers[trustedHeader].flatMap { $0.split(separator: ",") }
            if let last = values.last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 64 {
                return last
            }
        }
        return request.remoteAddress?.ipAddress
    }
}

struct ClientIdentity: Sendable {
    var address: String?
    var requestID: String
}

enum ClientIdentityKey: StorageKey {
    typealias Value = ClientIdentity
}

extension Request {
    /// The client's address as `ClientIdentityMiddleware` established it.
    var clientAddress: String? {
        self.storage[ClientIdentityKey.self]?.address ?? self.remoteAddress?.ipAddress
    }

    /// The request's id for the audit trail: never a client's text that is not a short safe token.
    var auditRequestID: String {
        self.storage[ClientIdentityKey.self]?.requestID ?? ClientIdentityMiddleware.safeRequestID(self.id)
            ?? "unsafe-request-id"
    }
}
