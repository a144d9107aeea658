import ArgumentParser
import CMEStorage
import CMEWeb
import Foundation
import Vapor

/// Options every database command shares: which database, which policy.
struct ServerOptions: ParsableArguments {
    @ArgumentParser.Option(
        help:
            "Database URL: sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB (default: $DATABASE_URL, else sqlite://cme.sqlite)."
    )
    var database: String?

    @ArgumentParser.Option(help: "The LA's policy id (default: $CME_POLICY, else suffolk).")
    var policy: String?

    @ArgumentParser.OptionGroup var policyDirectory: PolicyDirectoryOption

    func settings(sweepInterval: Duration? = nil) throws -> Settings {
        let environment = ProcessInfo.processInfo.environment
        let database: DatabaseSettings
        do {
            database = try DatabaseSettings(url: self.database ?? environment["DATABASE_URL"])
        } catch {
            throw Failure(error.description)
        }
        var settings = Settings(
            database: database,
            policyID: self.policy ?? environment["CME_POLICY"] ?? "suffolk",
            policiesDirectory: try self.policyDirectory.directory(),
            sweepInterval: sweepInterval
        )
        switch environment["CME_SECURE_COOKIES"] {
        case nil, "", "0": settings.secureCookies = false
        case "1": settings.secureCookies = true
        case let other?: throw Failure("CME_SECURE_COOKIES: '\(other)' is not 0 or 1")
        }
        if let key = environment["CME_SECRET_KEY"] {
            guard key.count >= 32 else { throw Failure("CME_SECRET_KEY: must be at least 32 characters") }
            settings.secretKey = Array(key.utf8)
        }
        if let header = environment["CME_TRUSTED_PROXY_HEADER"], !header.isEmpty {
            guard header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw Failure("CME_TRUSTED_PROXY_HEADER: '\(header)' is not a header name")
            }
            settings.trustedProxyHeader = header
        }
        if let path = environment["CME_AUDIT_CHECKPOINT_FILE"], !path.isEmpty {
            settings.auditCheckpointFile = path
        }
        if let text = environment["CME_AUDIT_CHECKPOINT_MINUTES"] {
            guard let minutes = Int(text), (1...10_080).contains(minutes) else {
                throw Failure("CME_AUDIT_CHECKPOINT_MINUTES: '\(text)' is not a number of minutes from 1 to 10080")
            }
            settings.auditCheckpointInterval = .seconds(minutes * 60)
        }
        if let text = environment["CME_DB_CONNECTIONS"] {
            guard let count = Int(text), (1...64).contains(count) else {
                throw Failure("CME_DB_CONNECTIONS: '\(text)' is not a number from 1 to 64")
            }
            settings.postgresConnectionsPerLoop = count
        }
        return settings
    }

    /// An application configured but not serving, for one-off commands. The caller shuts it down.
    func application(arguments: [String] = ["cme"]) async throws -> Application {
        let settings = try self.settings()
        let app = try await Application.make(.init(name: environmentName(), arguments: arguments))
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings)
        } catch {
            try? await app.asyncShutdown()
            throw Failure(describe(error))
        }
        return app
    }
}

func environmentName() -> String { ProcessInfo.processInfo.environment["CME_ENV"] ?? "development" }

/// One line for any error a command reports.
func describe(_ error: any Error) -> String {
    if let failure = error as? Failure { return failure.reason }
    return "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
}

/// Runs `body` with a configured application and always shuts it down.
func withApplication<T>(_ options: ServerOptions, _ body: (Application) async throws -> T) async throws -> T {
    let app = try await options.application()
    do {
        let value = try await body(app)
        try await app.asyncShutdown()
        return value
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}
