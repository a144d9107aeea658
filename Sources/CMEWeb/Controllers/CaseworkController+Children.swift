import CMECore
import CMEMatching
import CMEStorage
import Fluent
import Vapor

/// Find a child (issue 18): the children search page, for the LA's caseworkers.
extension CaseworkController {
    func children(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        func field(_ key: String) -> String {
            request.query[String.self, at: key]?.trimmingCharacters(in: .whitespaces) ?? ""
        }
        let form = ChildrenView.Form(
            name: field("name"),
            dob: field("dob"),
            upn: field("upn"),
            postcode: field("postcode")
        )
        var errors = FormErrors()
        var day: Day?
        if !form.dob.isEmpty {
            do { day = try Day(iso: form.dob) } catch {
                errors.add("dob", "Enter the date of birth as YYYY-MM-DD, for example 2014-03-27")
            }
        }
        var results: ChildSearchPage?
        if errors.isEmpty && !form.isEmpty {
            do {
                results = try await service.searchChildren(
                    ChildSearchQuery(
                        name: form.name,
                        dateOfBirth: day,
                        upn: form.upn.isEmpty ? nil : form.upn,
                        postcode: form.postcode.isEmpty ? nil : form.postcode
                    ),
                    name: form.name,
                    page: request.query[Int.self, at: "page"] ?? 1,
                    for: user.actor,
                    on: request.db,
                    at: self.now()
                )
            } catch ServiceError.invalid(let problems) {
                for problem in problems { errors.add(problem.field, FormErrors.sentence(problem.message)) }
            }
        }
        var page = ChildrenView.page(
            form,
            errors: errors,
            results: results,
            mayCompare: user.actor.caseAccess.mayReviewDuplicates
        )
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return page.render(for: request)
    }
}
