import Foundation

/// Which database to use: `DATABASE_URL` as `sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DB`; without it,
/// a SQLite file `cme.sqlite` in the working directory.
public enum DatabaseSettings: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "cme.sqlite"

    /// Reads a database URL; `nil` gives the default SQLite file. An unusable URL is an error naming the variable.
    public init(url: String?) throws(DatabaseSettingsError) {
        guard let url, !url.isEmpty else {
            self = .sqlite(path: Self.defaultSQLitePath)
            return
        }
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .invalid(url, "sqlite:// needs a file path, e.g. sqlite://cme.sqlite") }
            self = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: url), components.host?.isEmpty == false,
                components.path.count > 1
            else {
                throw .invalid(url, "expected postgres://USER:PASSWORD@HOST:PORT/DB")
            }
            self = .postgres(url: url)
        } else {
            throw .invalid(url, "must start with sqlite:// or postgres://")
        }
    }

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// The setting without a password, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "****" }
            return components.string ?? "postgres://…"
        }
    }
}

/// A database URL that cannot be used.
public enum DatabaseSettingsError: Error, Equatable, CustomStringConvertible {
    case invalid(String, String)

    public var description: String {
        switch self {
        case .invalid(_, let why): "DATABASE_URL: \(why)"
        }
    }
}
