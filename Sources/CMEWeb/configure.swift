import CMEAPI
import CMECore
import CMEPolicyFiles
import CMEStorage
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import OpenAPIVapor
import Vapor

/// Sets up the application: database and migrations, the LA's policy, the casework service, middleware and
/// routes. The serve command and the tests both call this.
public func configure(
    _ app: Application,
    _ settings: Settings,
    now: @escaping @Sendable () -> Date = { Date() }
) async throws {
    // Database: one code path for both.
    let gate: WriteGate
    switch settings.database {
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        // The gated writes' own connection to the same file (ADR 0011).
        app.databases.use(.sqlite(.file(path)), as: .sqliteWriter, isDefault: false)
        let writer = app.databases.database(.sqliteWriter, logger: app.logger, on: app.eventLoopGroup.any())
        guard let writer else { throw Abort(.internalServerError, reason: "no SQLite writer connection") }
        let pooled = app.eventLoopGroup.makeIterator().map {
            app.databases.database(.sqlite, logger: app.logger, on: $0)
        }
        try await SQLiteTuning.apply(app.db, connections: pooled + [writer])
        gate = .serialised(writer: writer)
    case .postgres(let url):
        app.databases.use(
            try .postgres(url: url, maxConnectionsPerEventLoop: settings.postgresConnectionsPerLoop),
            as: .psql
        )
        // PostgreSQL's transactions run side by side on the pooled connections: a writer connection of their own
        // measured no faster there (ADR 0011).
        gate = .none
    }
    app.migrations.add(Migrations.all)
    try await app.autoMigrate()

    let policy = try PolicyFiles.load(id: settings.policyID, directory: settings.policiesDirectory)
    let audit = AuditLog(database: app.db, isPostgres: settings.database.isPostgres, gate: gate)
    let service = CaseService(policy: policy, audit: audit, gate: gate)
    app.cme = CMEServices(service: service, settings: settings, now: now, reports: ReportCache())
    // A changed policy file is a policy change: the first load of it goes into the audit trail (issue 16).
    if let file = PolicyFiles.file(id: settings.policyID, directory: settings.policiesDirectory),
        let contents = try? Data(contentsOf: file)
    {
        try await service.recordPolicyLoaded(file: file.lastPathComponent, contents: contents, on: app.db, at: now())
    }

    app.routes.defaultMaxBodySize = ByteCount(integerLiteral: settings.maxBodySize)
    app.middleware = Middlewares()
    // First of all, so that shutting down waits for every request taken before the databases close. Fluent's own
    // handler was registered with the databases above, and handlers shut down in the reverse order.
    let inFlight = InFlightRequests(patience: .seconds(10))
    app.middleware.use(inFlight)
    app.lifecycle.use(inFlight)
    // Outermost after that, so that error pages carry the headers too.
    app.middleware.use(SecurityHeadersMiddleware(secure: settings.secureCookies))
    app.middleware.use(ClientIdentityMiddleware(trustedProxyHeader: settings.trustedProxyHeader))
    app.middleware.use(CMEErrorMiddleware(environment: app.environment))
    try routes(app)

    if let interval = settings.sweepInterval {
        app.lifecycle.use(RepeatingTask.clockSweep(every: interval))
    }
    if let path = settings.auditCheckpointFile {
        app.lifecycle.use(RepeatingTask.auditCheckpoint(every: settings.auditCheckpointInterval, to: path))
    }
}

/// The services the routes use, made once at start-up.
public struct CMEServices: Sendable {
    public let service: CaseService
    public let settings: Settings
    public let now: @Sendable () -> Date
    /// Reports over every case, kept while the cases are unchanged.
    public let reports: ReportCache
}

extension Application {
    private struct CMEServicesKey: StorageKey {
        typealias Value = CMEServices
    }

    /// The casework service and settings.
    public var cme: CMEServices {
        get {
            guard let value = self.storage[CMEServicesKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { self.storage[CMEServicesKey.self] = newValue }
    }
}

extension DatabaseID {
    /// SQLite: the connection the write gate's transactions run on (ADR 0011).
    static let sqliteWriter = DatabaseID(string: "sqlite-writer")
}
