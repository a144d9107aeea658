import SQLKit

extension SQLDatabase {
    /// Whether this is PostgreSQL: the few places that plan, lock or gather statistics differently ask here.
    var isPostgreSQL: Bool { self.dialect.name == "postgresql" }
}
