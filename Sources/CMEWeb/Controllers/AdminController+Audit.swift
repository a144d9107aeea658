import CMECore
import CMEMatching
import CMEStorage
import Fluent
import Vapor

/// The auditor's view of the audit trail.
extension AdminController {
    // MARK: audit trail (auditor)

    func audit(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        var query: [String: String] = [:]
        for key in ["child", "user", "from", "to"] {
            if let value = request.query[String.self, at: key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                query[key] = value
            }
        }
        var errors = FormErrors()
        let entries = AuditEntryModel.query(on: request.db)
        var found: [ChildSearchResult]?
        if let child = query["child"] {
            if let id = UUID(uuidString: child) {
                entries.filter(\.$childID == id)
            } else {
                // A name: the children it finds, each linking to their trail (issue 18).
                do {
                    let results = try await service.searchChildren(
                        ChildSearchQuery(name: child),
                        name: child,
                        purpose: .auditTrail,
                        for: user.actor,
                        on: request.db,
                        at: self.now()
                    ).results
                    if results.isEmpty { errors.add("child", "No child is found by \(child)") }
                    found = results
                } catch ServiceError.invalid(let problems) {
                    for problem in problems { errors.add("child", FormErrors.sentence(problem.message)) }
                }
            }
        }
        if let email = query["user"] {
            let user = try await UserModel.query(on: request.db).filter(\.$email == email.lowercased()).first()
            if let id = user?.id {
                entries.filter(\.$userID == id)
            } else {
                errors.add("user", "No user has this email address")
            }
        }
        for (key, after) in [("from", true), ("to", false)] {
            guard let text = query[key] else { continue }
            guard let day = try? Day(iso: text) else {
                errors.add(key, "Enter the date as YYYY-MM-DD")
                continue
            }
            let instant = service.time.date(LocalDateTime(day: after ? day : day.adding(days: 1)))
            entries.filter(\.$at, after ? .greaterThanOrEqual : .lessThan, instant)
        }
        let rows = errors.isEmpty && found == nil ? try await entries.sort(\.$seq, .descending).limit(200).all() : []
        let names = try await WorkQueries(db: request.db).userNames(Set(rows.compactMap(\.userID)))
        // Checking the whole chain reads every row, so it runs when the auditor asks, not on every search.
        var chain: String?
        if request.query[String.self, at: "verify"] == "1" {
            if let broken = try await AuditLog.verify(on: request.db) {
                chain = "Warning: the trail has been altered at entry \(broken.seq): \(broken.problem)"
            } else {
                chain = "The trail is intact: no entry has been changed or removed."
            }
        }
        var page = AuditView.page(
            entries: rows,
            users: names,
            query: query,
            errors: errors,
            found: found,
            chain: chain,
            time: service.time
        )
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return page.render(for: request)
    }
}
