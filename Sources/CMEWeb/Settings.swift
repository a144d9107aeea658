import CMEStorage
import Foundation

/// Everything the server needs, decoded once from flags and the environment with development defaults, then
/// passed explicitly. Only `cme` reads the environment.
public struct Settings: Sendable {
    public var database: DatabaseSettings
    /// The local policy the LA runs on (a file in `policiesDirectory`).
    public var policyID: String
    public var policiesDirectory: URL
    /// How often the clock sweep runs inside the server; `nil` turns it off (tests).
    public var sweepInterval: Duration?
    /// Largest request body accepted; larger ones get 413.
    public var maxBodySize: Int
    /// Largest CSV upload (the lost-pupil search's files).
    public var maxUploadSize: Int = 64 * 1024 * 1024
    /// Serve the two bare Vapor + Fluent routes the benchmark measures as its ceiling (never in production).
    public var benchmarkRoutes: Bool = false
    /// Served over TLS (directly or behind a proxy that terminates it): cookies get `Secure` and the `__Host-`
    /// prefix. From `CME_SECURE_COOKIES=1`.
    public var secureCookies: Bool = false
    /// Staff roles must enter a TOTP code after their password.
    public var secondFactorRequired: Bool = true
    /// bcrypt work factor for new password hashes (tests lower it; 12 is the floor in production).
    public var bcryptCost: Int = 12
    /// Key for the public form's timing token; several instances must share it (`CME_SECRET_KEY`).
    public var secretKey: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
    /// Behind a reverse proxy: the header it puts the client's address in (`CME_TRUSTED_PROXY_HEADER`, for example
    /// `X-Forwarded-For` or `X-Real-IP`). Only set it when every request comes through that proxy, which must
    /// overwrite or append to the header: the last address in it is taken. Unset, the connection's address is used
    /// and such headers are ignored.
    public var trustedProxyHeader: String?
    /// Where the server appends the audit chain's head every `auditCheckpointInterval` (`CME_AUDIT_CHECKPOINT_FILE`):
    /// a file on storage the database's users cannot write, for `cme audit verify --checkpoint`. Unset: none.
    public var auditCheckpointFile: String?
    /// `CME_AUDIT_CHECKPOINT_MINUTES`, 60 by default.
    public var auditCheckpointInterval: Duration = .seconds(3600)
    /// Public reports accepted per client address in ten minutes.
    public var publicReportsPerTenMinutes: Int = 5
    /// PostgreSQL connections per event loop (`CME_DB_CONNECTIONS`). Two measured fastest when the server shares its
    /// two cores with PostgreSQL once the busiest reads were prepared (ADR 0012, BENCHMARKS.md): with one, requests
    /// waited for their loop's only connection while a batch of audit rows held it through its commit. More help
    /// when PostgreSQL is on another machine, where each query waits on the network. SQLite always has one per loop,
    /// and one more for writes.
    public var postgresConnectionsPerLoop: Int = 2

    public init(
        database: DatabaseSettings,
        policyID: String = "suffolk",
        policiesDirectory: URL,
        sweepInterval: Duration? = .seconds(300),
        maxBodySize: Int = 256 * 1024
    ) {
        self.database = database
        self.policyID = policyID
        self.policiesDirectory = policiesDirectory
        self.sweepInterval = sweepInterval
        self.maxBodySize = maxBodySize
    }
}
