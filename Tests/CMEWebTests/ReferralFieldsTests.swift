import CMECore
import CMEStorage
import Foundation
import Testing
import Vapor

@testable import CMEWeb

/// Issue 17, one rule every channel: the referral form and the JSON API both map to `ReferralFields`, whose rules
/// decide what is a valid referral, so the same bad answers are refused for the same reasons either way.
@Suite("Referral fields")
struct ReferralFieldsTests {
    @Test(
        "Leicestershire Appendix A: a date of birth that does not exist and an unknown reason are refused alike by the form and the API, each field named",
        arguments: Backend.available
    )
    func formAndAPIRefuseAlike(_ backend: Backend) async throws {
        try await withTestApp(backend) { app, _ in
            // setup
            let people = try await People.make(app)
            var body = referralJSON(forename: "Amelia", surname: "Price", dob: "2014-02-30")
            body["reason"] = "XYZ"

            // MUT: the API, and the form's answers for the same referral
            let api = try await app.call(.POST, "api/v1/referrals", as: people.tokens["dslA"], json: body)
            let form = ReferralForm.fields(
                kind: .cmeReferral,
                answers: [
                    "child-forename": "Amelia", "child-surname": "Price", "child-dateOfBirth": "2014-02-30",
                    "reason": "XYZ", "source": "SCH",
                ]
            )

            // validate
            #expect(api.status == .unprocessableEntity)
            let apiFields = Set(((api["fields"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            var formFields: Set<String> = []
            do {
                _ = try form.referral(policy: app.cme.service.policy)
                Issue.record("the form's answers were accepted")
            } catch ServiceError.invalid(let problems) {
                formFields = Set(problems.map(\.field))
            }
            #expect(apiFields == ["child.dateOfBirth", "reason"], "\(api.json)")
            #expect(formFields == apiFields)
            // The form names its own fields in words.
            let errors = ReferralForm.errors(
                [FieldProblem("child.dateOfBirth", "not a date"), FieldProblem("child.gender", "unknown value 'Q'")],
                answers: [:]
            )
            #expect(errors.message(for: "child-dateOfBirth") != nil)
            #expect(errors.message(for: "child-gender") != nil)
            // An unknown gender or SEN status is named (the form's answers were once decoded as the API's body, and
            // an unknown value made the whole form unreadable).
            var odd = form
            odd.child.dateOfBirth = "2014-03-27"
            odd.reason = "RTL"
            odd.child.gender = "Q"
            odd.child.sen = "lots"
            #expect(
                throws: ServiceError.invalid([
                    FieldProblem("child.gender", "unknown value 'Q'; allowed: M, F, O, U"),
                    FieldProblem("child.sen", "unknown value 'lots'; allowed: none, sen_support, ehcp"),
                ])
            ) {
                try odd.referral(policy: app.cme.service.policy)
            }
        }
    }
}
