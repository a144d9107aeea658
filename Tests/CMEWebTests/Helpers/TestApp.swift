import CMECore
import CMEStorage
import CMEWeb
import Fluent
import FluentPostgresDriver
import Foundation
import Testing
import VaporTesting

/// The databases the storage and API suites run against. PostgreSQL joins when `CME_TEST_POSTGRES_URL` names a
/// server (scripts/test starts a throwaway cluster and sets it).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var available: [Backend] {
        ProcessInfo.processInfo.environment["CME_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { self.rawValue }
}

/// A clock the tests move by hand: the server reads time only through it.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ iso: String) { self.current = ISO8601DateFormatter().date(from: iso)! }

    var now: Date { self.lock.withLock { self.current } }

    func advance(days: Double = 0, hours: Double = 0) {
        self.lock.withLock { self.current = self.current.addingTimeInterval(days * 86_400 + hours * 3600) }
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Runs `body` with a configured application on a fresh database of `backend`: a new SQLite file, or a new
/// PostgreSQL database that is dropped afterwards.
func withTestApp(
    _ backend: Backend,
    policy: String = "suffolk",
    clock: TestClock = TestClock("2025-11-03T09:00:00Z"),
    settings adjust: (inout Settings) -> Void = { _ in },
    _ body: (Application, TestClock) async throws -> Void
) async throws {
    let name = "cme_test_\(UUID().uuidString.prefix(8).lowercased())"
    let database: DatabaseSettings
    var dropPostgres: (() async throws -> Void)?
    switch backend {
    case .sqlite:
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
        database = .sqlite(path: path)
        dropPostgres = { try? FileManager.default.removeItem(atPath: path) }
    case .postgres:
        let admin = ProcessInfo.processInfo.environment["CME_TEST_POSTGRES_URL"]!
        try await runOnPostgres(admin, "CREATE DATABASE \(name)")
        var components = URLComponents(string: admin)!
        components.path = "/\(name)"
        database = .postgres(url: components.string!)
        dropPostgres = { try await runOnPostgres(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }
    let app = try await Application.make(.testing)
    // 4xx are logged as errors by design; the tests provoke many. Keep 5xx (critical) visible.
    app.logger.logLevel = .critical
    do {
        var settings = Settings(
            database: database,
            policyID: policy,
            policiesDirectory: repositoryRoot.appendingPathComponent("policies"),
            sweepInterval: nil,
            maxBodySize: 64 * 1024
        )
        // bcrypt's cheapest cost: the tests sign in hundreds of times.
        settings.bcryptCost = 4
        adjust(&settings)
        try await configure(app, settings, now: { clock.now })
        try await body(app, clock)
    } catch {
        try? await app.asyncShutdown()
        try? await dropPostgres?()
        throw error
    }
    try await app.asyncShutdown()
    try await dropPostgres?()
}

/// Runs one statement on the PostgreSQL server's admin database.
func runOnPostgres(_ url: String, _ statement: String) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        app.databases.use(try .postgres(url: url), as: .psql)
        try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
