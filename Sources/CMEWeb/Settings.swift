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
    /// Serve the two bare Vapor + Fluent routes the benchmark measures as its ceiling (never in production).
    public var benchmarkRoutes: Bool = false

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
