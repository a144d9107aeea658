import Foundation
import Vapor

/// Every path the application serves, built from one place. A case with a `nil` id gives the route pattern
/// (`cases/:id`); with an id, the link.
enum SiteURL {
    // operations and API
    case health
    case openAPI
    case api
    case stylesheet

    // sign-in
    case home
    case signIn
    case signInCode
    case signInSetUp
    case signOut
    case password

    // CME officer, team manager, EWO
    case dashboard
    case cases
    case caseDetail(UUID?)
    case caseEvents(UUID?)
    case children
    case subjectAccess(UUID?)
    case subjectAccessJSON(UUID?)
    case childRestriction(UUID?)
    /// The possible-duplicates queue (issue 18).
    case duplicates
    case duplicateDecision(UUID?)
    /// Two children found by search, side by side.
    case childCompare
    case childMerges
    case childMergeUndo(UUID?)
    case teamQueue
    case teamCaseload
    case teamReviews
    case myCases
    case tracing
    case tracingSearch
    case tracingDecision(UUID?)
    case tracingReports
    case tracingWasp
    case tracingFTT
    case termlyReturn
    /// Records one of the organisation's regular duties done.
    case duties
    /// The cases behind one figure of the termly return, a page at a time.
    case termlyCases
    /// The cases behind one figure of a management report.
    case managementCases(String?)
    case managementReport(String?)
    case managementKeep
    case data
    case dataImport

    // schools and partner agencies
    case referrals
    case referral(UUID?)
    case referralStart
    case draft(UUID?, step: Int?)
    case draftCheck(UUID?)
    case draftSubmit(UUID?)
    case referralUpdate(UUID?)
    case notices
    case notice(String?)

    // the public
    case report

    // administrator and auditor
    case adminUsers
    case adminUserActive(UUID?)
    case adminUserReset(UUID?)
    case adminOrganisations
    case adminPolicy
    case audit

    var path: String {
        func id(_ value: UUID?) -> String { value?.uuidString.lowercased() ?? ":id" }
        switch self {
        case .health: return "health"
        case .openAPI: return "openapi.yaml"
        case .api: return "api/v1"
        case .stylesheet: return "assets/site.css"
        case .home: return ""
        case .signIn: return "sign-in"
        case .signInCode: return "sign-in/code"
        case .signInSetUp: return "sign-in/set-up-code"
        case .signOut: return "sign-out"
        case .password: return "account/password"
        case .dashboard: return "dashboard"
        case .cases: return "cases"
        case .caseDetail(let value): return "cases/\(id(value))"
        case .caseEvents(let value): return "cases/\(id(value))/events"
        case .children: return "children"
        case .subjectAccess(let value): return "children/\(id(value))/subject-access"
        case .subjectAccessJSON(let value): return "children/\(id(value))/subject-access.json"
        case .childRestriction(let value): return "children/\(id(value))/restriction"
        case .duplicates: return "duplicates"
        case .duplicateDecision(let value): return "duplicates/\(id(value))"
        case .childCompare: return "children/compare"
        case .childMerges: return "children/merges"
        case .childMergeUndo(let value): return "children/merges/\(id(value))/undo"
        case .teamQueue: return "team/queue"
        case .teamCaseload: return "team/caseload"
        case .teamReviews: return "team/reviews"
        case .myCases: return "my-cases"
        case .tracing: return "tracing/lost-pupils"
        case .tracingSearch: return "tracing/lost-pupils/search"
        case .tracingDecision(let value): return "tracing/lost-pupils/\(id(value))"
        case .tracingReports: return "tracing/reports"
        case .tracingWasp: return "tracing/reports/without-a-school-place"
        case .tracingFTT: return "tracing/reports/failure-to-transfer"
        case .termlyReturn: return "reports/termly"
        case .duties: return "duties"
        case .termlyCases: return "reports/termly/cases"
        case .managementCases(let kind): return "reports/management/\(kind ?? ":kind")/cases"
        case .managementReport(let kind): return "reports/management/\(kind ?? ":kind")"
        case .managementKeep: return "reports/management/monthly/keep"
        case .data: return "data"
        case .dataImport: return "data/import"
        case .referrals: return "referrals"
        case .referral(let value): return "referrals/\(id(value))"
        case .referralStart: return "referrals/new"
        case .draft(let value, let step): return "referrals/drafts/\(id(value))/\(step.map(String.init) ?? ":step")"
        case .draftCheck(let value): return "referrals/drafts/\(id(value))/check"
        case .draftSubmit(let value): return "referrals/drafts/\(id(value))/submit"
        case .referralUpdate(let value): return "referrals/\(id(value))/update"
        case .notices: return "notices"
        case .notice(let kind): return "notices/\(kind ?? ":kind")"
        case .report: return "report"
        case .adminUsers: return "admin/users"
        case .adminUserActive(let value): return "admin/users/\(id(value))/active"
        case .adminUserReset(let value): return "admin/users/\(id(value))/reset"
        case .adminOrganisations: return "admin/organisations"
        case .adminPolicy: return "admin/policy"
        case .audit: return "audit"
        }
    }

    /// The absolute path for a link.
    var href: String { "/" + self.path }

    func path(query: [String: String]) -> String {
        var components = URLComponents()
        components.path = self.href
        components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.string ?? self.href
    }

    var pathComponents: [PathComponent] {
        self.path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}
