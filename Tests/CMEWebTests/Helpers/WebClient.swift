import CMECore
import CMEStorage
import Fluent
import Foundation
import VaporTesting

@testable import CMEWeb

/// A browser stand-in for page tests: keeps cookies, sends forms with the page's CSRF token, and signs in with a
/// password and, for staff, the TOTP code.
final class WebClient: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    /// The last page's body and its form token.
    var body = ""
    var csrf = ""

    init(_ app: Application) { self.app = app }

    struct Page {
        var status: HTTPStatus
        var headers: HTTPHeaders
        var body: String
        var location: String? { self.headers.first(name: .location) }
    }

    @discardableResult
    func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> Page {
        try await self.send(.GET, path, body: nil, headers: extra)
    }

    /// Posts a form; the page's CSRF token is added unless `csrf` is false.
    @discardableResult
    func post(
        _ path: String,
        _ fields: [String: String] = [:],
        csrf: Bool = true,
        headers extra: HTTPHeaders = [:]
    )
        async throws -> Page
    {
        var fields = fields
        if csrf && fields["_csrf"] == nil { fields["_csrf"] = self.csrf }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let encoded = fields.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        var headers = extra
        headers.contentType = .urlEncodedForm
        return try await self.send(.POST, path, body: ByteBuffer(string: encoded), headers: headers)
    }

    /// Posts a multipart form with files (field name, file name, contents; a name may repeat) and the CSRF token.
    @discardableResult
    func upload(_ path: String, fields: [String: String] = [:], files: [(String, String, String)]) async throws -> Page
    {
        let boundary = "cme-test-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields.merging(["_csrf": self.csrf], uniquingKeysWith: { first, _ in first }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for (name, filename, contents) in files {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
            body += "Content-Type: text/csv\r\n\r\n\(contents)\r\n"
        }
        body += "--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await self.send(.POST, path, body: ByteBuffer(string: body), headers: headers)
    }

    private func send(
        _ method: HTTPMethod,
        _ path: String,
        body: ByteBuffer?,
        headers extra: HTTPHeaders
    ) async throws
        -> Page
    {
        var headers = extra
        if !self.cookies.isEmpty {
            headers.replaceOrAdd(
                name: .cookie,
                value: self.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            )
        }
        let response = try await self.app.testing().sendRequest(method, path, headers: headers, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || header.contains("Max-Age=0") {
                self.cookies[pair[0]] = nil
            } else {
                self.cookies[pair[0]] = pair[1]
            }
        }
        let text = String(buffer: response.body)
        self.body = text
        if let range = text.range(of: #"name="_csrf" value="([^"]*)""#, options: .regularExpression) {
            let match = String(text[range])
            self.csrf = String(match.dropFirst(#"name="_csrf" value=""#.count).dropLast())
        }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    /// Signs in as `email`: the password, then the code when the page asks for one.
    @discardableResult
    func signIn(_ email: String, password: String = WebPeople.password, at now: Date) async throws -> Page {
        try await self.get("/sign-in")
        var page = try await self.post("/sign-in", ["email": email, "password": password])
        if page.location?.hasPrefix("/sign-in/code") == true {
            let user = try await UserModel.query(on: self.app.db).filter(\.$email == email).first()
            let code = TOTP.code(secret: user?.totpSecret ?? "", step: TOTP.step(at: now)) ?? ""
            try await self.get(page.location!)
            page = try await self.post("/sign-in/code", ["code": code])
        }
        return page
    }
}

/// Passwords and second factors for the `People` of the API tests, so that they can sign in to pages.
enum WebPeople {
    static let password = "correct horse battery"

    /// Gives every user a password (bcrypt cost 4: tests only) and staff an enrolled TOTP secret.
    static func enable(_ app: Application) async throws {
        let hash = try Password.hash(self.password, cost: 4)
        for user in try await UserModel.query(on: app.db).all() {
            user.passwordHash = hash
            if let role = user.roleValue, WebSession.needsSecondFactor(role, settings: app.cme.settings) {
                user.totpSecret = TOTP.newSecret()
                user.totpLastStep = 0
            }
            try await user.update(on: app.db)
        }
    }
}
