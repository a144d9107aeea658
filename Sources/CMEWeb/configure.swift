import CMEStorage
import Vapor

/// Sets up the application: database, migrations, middleware and routes.
public func configure(_ app: Application, database: DatabaseSettings) async throws {
    app.logger.info("database: \(database.description)")
    app.get("health") { _ in "ok" }
}
