import CMECore
import CMEStorage
import Foundation

/// The CME referral form (Leicestershire Appendix A, whole) as steps of a few questions each, and its mapping to
/// the API's referral input, so that a web referral is validated by exactly the code an API referral is.
enum ReferralForm {
    enum Step: Int, CaseIterable {
        case child = 1
        case home
        case school
        case risks
        case actions
        case assessment

        var title: String {
            switch self {
            case .child: "About the child"
            case .home: "Where the child lives and who cares for them"
            case .school: "School and absence"
            case .risks: "Risk indicators"
            case .actions: "What you have done so far"
            case .assessment: "Your assessment and details"
            }
        }

        /// The answer keys (and form ids) this step asks.
        var fields: [String] {
            switch self {
            case .child:
                [
                    "child-forename", "child-middleNames", "child-surname", "child-aliases", "child-dateOfBirth",
                    "child-gender",
                    "child-upn", "child-ethnicity",
                ]
            case .home:
                [
                    "address-line1", "address-line2", "address-town", "address-postcode", "address-restricted",
                    "carer-name",
                    "carer-relationship", "carer-telephone", "carer-email", "carer-pr",
                ]
            case .school:
                [
                    "child-schoolName", "child-schoolUrn", "dateLastAttended", "firstDayOfAbsence", "reason",
                    "child-sen",
                    "child-inCare", "child-childProtectionPlan", "child-privatelyFostered",
                ]
            case .risks:
                RiskIndicator.allCases.map { "indicator-\($0.rawValue)" }
            case .actions:
                ReferrerAction.allCases.flatMap { ["action-\($0.rawValue)-outcome", "action-\($0.rawValue)-date"] }
                    + ["socialCareReferralConsidered", "parentalConsent"]
            case .assessment:
                [
                    "workingWell", "worriedAbout", "whatNext", "additionalInformation", "referrerName",
                    "referrerPosition",
                    "referrerContact",
                ]
            }
        }

        /// Fields given as day, month and year boxes.
        var dateFields: [String] {
            switch self {
            case .child: ["child-dateOfBirth"]
            case .school: ["dateLastAttended", "firstDayOfAbsence"]
            case .actions: ReferrerAction.allCases.map { "action-\($0.rawValue)-date" }
            default: []
            }
        }

        var checkboxes: [String] {
            switch self {
            case .home: ["address-restricted", "carer-pr"]
            case .school: ["child-inCare", "child-childProtectionPlan", "child-privatelyFostered"]
            default: []
            }
        }
    }

    static func actionLabel(_ action: ReferrerAction) -> String {
        switch action {
        case .checkedWithStaffSiblingsFriends:
            "Checked possible whereabouts with staff, siblings, friends and other pupils"
        case .contactedFamilyAndEmergencyContacts: "Contacted extended family and emergency contacts"
        case .visitedLastKnownAddress: "Visited the last known address (signs of occupation, neighbours)"
        }
    }

    /// A date answer from its three boxes: ISO when all three are numbers, the raw text otherwise (so that the
    /// mapping names it), nil when all are empty.
    static func date(day: String?, month: String?, year: String?) -> String? {
        let parts = [day, month, year].map { ($0 ?? "").trimmingCharacters(in: .whitespaces) }
        if parts.allSatisfy(\.isEmpty) { return nil }
        if let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), (1...31).contains(d),
            (1...12).contains(m),
            (1900...2100).contains(y)
        {
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
        return "\(parts[2])-\(parts[1])-\(parts[0])"
    }

    /// The referral's fields from the form's `answers` (the same `ReferralFields` the API's body maps to, so the
    /// same rules check both); `kind` is the notice kind.
    static func fields(kind: NoticeKind, answers a: [String: String]) -> ReferralFields {
        func v(_ key: String) -> String? {
            guard let value = a[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                return nil
            }
            return value
        }
        func yes(_ key: String) -> Bool? { v(key).map { $0 == "yes" } }
        var fields = ReferralFields(kind: kind.rawValue)
        fields.child.forename = v("child-forename") ?? ""
        fields.child.surname = v("child-surname") ?? ""
        fields.child.dateOfBirth = v("child-dateOfBirth") ?? ""
        fields.child.middleNames = v("child-middleNames")
        fields.child.aliases =
            v("child-aliases").map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            } ?? []
        fields.child.gender = v("child-gender")
        fields.child.upn = v("child-upn")?.uppercased()
        fields.child.ethnicity = v("child-ethnicity")
        fields.child.sen = v("child-sen")
        fields.child.inCare = yes("child-inCare")
        fields.child.childProtectionPlan = yes("child-childProtectionPlan")
        fields.child.privatelyFostered = yes("child-privatelyFostered")
        fields.child.schoolName = v("child-schoolName")
        fields.child.schoolURN = v("child-schoolUrn")
        let lines = [v("address-line1"), v("address-line2")].compactMap { $0 }
        if !lines.isEmpty || v("address-postcode") != nil || v("address-town") != nil {
            fields.child.addresses = [
                ReferralFields.Address(
                    lines: lines,
                    town: v("address-town"),
                    postcode: v("address-postcode")?.uppercased(),
                    restricted: yes("address-restricted") ?? false,
                    kind: AddressRecord.Kind.lastKnown.rawValue
                )
            ]
        }
        if let name = v("carer-name") {
            fields.child.contacts = [
                ReferralFields.Carer(
                    name: name,
                    relationship: v("carer-relationship"),
                    parentalResponsibility: yes("carer-pr") ?? false,
                    telephone: v("carer-telephone"),
                    email: v("carer-email")
                )
            ]
        }
        fields.reason = v("reason")
        fields.source = v("source")
        fields.dateLastAttended = v("dateLastAttended")
        fields.firstDayOfAbsence = v("firstDayOfAbsence")
        fields.indicators = RiskIndicator.allCases.compactMap { indicator in
            guard let answer = v("indicator-\(indicator.rawValue)") else { return nil }
            return answer == "no"
                ? ReferralFields.Indicator(number: indicator.rawValue, present: false)
                : ReferralFields.Indicator(number: indicator.rawValue, present: true, currency: answer)
        }
        fields.actions = ReferrerAction.allCases.compactMap { action in
            guard let outcome = v("action-\(action.rawValue)-outcome") else { return nil }
            return ReferralFields.Action(
                action: action.rawValue,
                outcome: outcome,
                completedOn: v("action-\(action.rawValue)-date")
            )
        }
        fields.socialCareReferralConsidered = yes("socialCareReferralConsidered")
        fields.parentalConsent = yes("parentalConsent")
        fields.workingWell = v("workingWell")
        fields.worriedAbout = v("worriedAbout")
        fields.whatNext = v("whatNext")
        fields.additionalInformation = v("additionalInformation")
        fields.referrerName = v("referrerName")
        fields.referrerPosition = v("referrerPosition")
        fields.referrerContact = v("referrerContact")
        return fields
    }

    /// The mapping's problems as form errors: API paths to this form's ids, in step order.
    static func errors(_ problems: [FieldProblem], answers: [String: String]) -> FormErrors {
        let actionsGiven = ReferrerAction.allCases.filter { answers["action-\($0.rawValue)-outcome"]?.isEmpty == false }
        return FormErrors(
            problems.map { problem -> (String, String) in
                var id = FormErrors.id(for: problem.field)
                if id.hasPrefix("child-addresses-0") { id = "address-line1" }
                if id.hasPrefix("child-contacts-0") { id = "carer-name" }
                if id.hasPrefix("actions-"), let index = Int(id.split(separator: "-")[1]), index < actionsGiven.count {
                    id = "action-\(actionsGiven[index].rawValue)-date"
                }
                return (id, FormErrors.sentence(problem.message))
            }
        )
    }

    /// The step a form id belongs to.
    static func step(of id: String) -> Step? { Step.allCases.first { $0.fields.contains(id) } }

    /// Validates `answers` as a whole referral: the referral, or the problems by form id.
    static func validate(kind: NoticeKind, answers: [String: String], policy: Policy) -> Result<Referral, FormErrors> {
        var extra = FormErrors()
        if (answers["child-dateOfBirth"] ?? "").isEmpty {
            extra.add("child-dateOfBirth", "Enter the child's date of birth")
        }
        do {
            let referral = try self.fields(kind: kind, answers: answers).referral(policy: policy)
            return extra.isEmpty ? .success(referral) : .failure(extra)
        } catch let ServiceError.invalid(problems) {
            var errors = self.errors(problems, answers: answers)
            errors.items += extra.items
            return .failure(errors)
        } catch {
            return .failure(FormErrors([("child-forename", "The answers could not be read: \(error)")]))
        }
    }
}
