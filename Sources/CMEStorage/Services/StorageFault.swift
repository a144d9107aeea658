/// A fault in how the storage was set up, not in what the caller asked: reported as a server error (500) with a
/// reference, never as "not found" (issue 17).
public enum StorageFault: Error, Equatable, CustomStringConvertible {
    /// The database handed to a query is not an SQL database (every supported driver is).
    case notSQL

    public var description: String {
        switch self {
        case .notSQL: "the database is not an SQL database; CME Tracker runs on SQLite or PostgreSQL"
        }
    }
}
