import CMECore
import CMEStorage
import Fluent
import Vapor

/// The team manager's queue, caseload and reviews, and the EWO's own cases.
extension CaseworkController {
    // MARK: team manager and EWO

    func teamQueue(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let queries = WorkQueries(db: request.db)
        let cases = try await queries.openCases(
            in: [.opened, .reasonRecorded, .assigned, .underEnquiry],
            unassignedOnly: true,
            limit: 100
        )
        let ewos = try await UserModel.query(on: request.db).filter(\.$role == Role.ewo.rawValue).filter(
            \.$active == true
        )
        .sort(\.$displayName).all()
        return TeamView.queue(
            cases: cases,
            assignable: Set(
                cases.filter { service.allowedEvents(on: $0, for: user.actor).contains(.ewoAssigned) }
                    .compactMap(\.id)
            ),
            names: try await queries.childNames(cases),
            ewos: ewos.compactMap { ewo in ewo.id.map { ($0, ewo.displayName) } },
            csrf: user.csrf,
            time: service.time
        ).render(for: request)
    }

    func caseload(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        return TeamView.caseload(try await WorkQueries(db: request.db).caseload()).render(for: request)
    }

    func reviews(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        let service = request.application.cme.service
        let clocks = try await WorkQueries(db: request.db).pendingClocks(ownerRole: .teamManager, limit: 200)
        return TeamView.reviews(
            clocks: clocks,
            policy: service.policy,
            today: service.time.day(self.now())
        ).render(for: request)
    }

    func myCases(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let queries = WorkQueries(db: request.db)
        let cases = try await queries.assigned(to: try user.user.requireID())
        return Page(
            "My cases",
            [
                H.tag("h1", [("class", "heading-l")], text: "My cases"),
                H.p("Cases assigned to you, those with overdue deadlines first."),
                CaseRows.table(
                    caption: "Cases assigned to you",
                    cases: cases,
                    owners: [try user.user.requireID(): user.user.displayName],
                    time: service.time,
                    empty: "No cases are assigned to you."
                ),
            ]
        ).render(for: request)
    }
}
