import CMEAPI
import CMECore
import CMEStorage
import Foundation

/// Turns the API's referral input into the core's `Referral`, naming every bad field at once.
enum ReferralMapping {
    static func referral(from input: Components.Schemas.ReferralInput, policy: Policy) throws -> Referral {
        var problems: [FieldProblem] = []
        func day(_ text: String?, _ field: String) -> Day? {
            guard let text, !text.isEmpty else { return nil }
            do {
                return try Day(iso: text)
            } catch {
                problems.append(FieldProblem(field, error.description))
                return nil
            }
        }
        func text(_ value: String?, _ field: String, max: Int = 200) -> String? {
            guard let value else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > max { problems.append(FieldProblem(field, "must be at most \(max) characters")) }
            return trimmed.isEmpty ? nil : trimmed
        }

        let kind = NoticeKind(rawValue: input.kind)
        if kind == nil {
            problems.append(
                FieldProblem(
                    "kind",
                    "unknown notice kind '\(input.kind)'; allowed: \(NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            )
        }
        let c = input.child
        let forename = text(c.forename, "child.forename", max: 100)
        let surname = text(c.surname, "child.surname", max: 100)
        if forename == nil { problems.append(FieldProblem("child.forename", "must not be empty")) }
        if surname == nil { problems.append(FieldProblem("child.surname", "must not be empty")) }
        let dob = day(c.dateOfBirth, "child.dateOfBirth")
        var upn: UPN?
        if let raw = c.upn, !raw.isEmpty {
            do { upn = try UPN(raw) } catch { problems.append(FieldProblem("child.upn", error.description)) }
        }
        var groups: Set<VulnerableGroup> = []
        for (index, raw) in (c.vulnerableGroups ?? []).enumerated() {
            if let group = VulnerableGroup(rawValue: raw) {
                groups.insert(group)
            } else {
                problems.append(
                    FieldProblem(
                        "child.vulnerableGroups[\(index)]",
                        "unknown group '\(raw)'; allowed: \(VulnerableGroup.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                )
            }
        }
        let addresses: [AddressRecord] = (c.addresses ?? []).enumerated().map { index, a in
            if a.lines.isEmpty {
                problems.append(FieldProblem("child.addresses[\(index)].lines", "give at least one line"))
            }
            let kind = a.kind.flatMap { AddressRecord.Kind(rawValue: $0.rawValue) } ?? .lastKnown
            return AddressRecord(
                address: Address(lines: a.lines, town: a.town, postcode: a.postcode, restricted: a.restricted ?? false),
                kind: kind
            )
        }
        let contacts = (c.contacts ?? []).map {
            Contact(
                name: $0.name,
                relationship: $0.relationship,
                parentalResponsibility: $0.parentalResponsibility ?? false,
                telephone: $0.telephone,
                email: $0.email
            )
        }
        var indicators: [RiskIndicator: IndicatorAnswer] = [:]
        for (index, answer) in (input.indicators ?? []).enumerated() {
            guard let indicator = RiskIndicator(rawValue: answer.number) else {
                problems.append(
                    FieldProblem("indicators[\(index)].number", "must be 1 to 20 (Leicestershire Appendix A)")
                )
                continue
            }
            indicators[indicator] = IndicatorAnswer(
                present: answer.present,
                currency: answer.currency.flatMap { Currency(rawValue: $0.rawValue) }
            )
        }
        var facts: Set<TriageFact> = []
        for (index, raw) in (input.triageFacts ?? []).enumerated() {
            if let fact = TriageFact(rawValue: raw) {
                facts.insert(fact)
            } else {
                problems.append(
                    FieldProblem(
                        "triageFacts[\(index)]",
                        "unknown fact '\(raw)'; allowed: \(TriageFact.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                )
            }
        }
        var actions: [ReferrerAction: ActionOutcome] = [:]
        for (index, action) in (input.actions ?? []).enumerated() {
            guard let which = ReferrerAction(rawValue: action.action.rawValue) else { continue }
            actions[which] = ActionOutcome(
                outcome: action.outcome,
                completedOn: day(action.completedOn, "actions[\(index)].completedOn")
            )
        }
        for (field, code, list) in [("reason", input.reason, CodeList.reason), ("source", input.source, .source)] {
            if let code, (try? policy.codes.validate(code, in: list)) == nil {
                problems.append(
                    FieldProblem(
                        field,
                        CodeError.unknown(list, code, allowed: policy.codes[list].map(\.code)).description
                    )
                )
            }
        }
        let lastAttended = day(input.dateLastAttended, "dateLastAttended")
        let firstAbsent = day(input.firstDayOfAbsence, "firstDayOfAbsence")
        var schools: [SchoolEnrolment] = []
        if c.schoolUrn != nil || c.schoolName != nil {
            schools.append(
                SchoolEnrolment(
                    urn: c.schoolUrn,
                    name: c.schoolName ?? "School \(c.schoolUrn ?? "")",
                    dateLastAttended: lastAttended
                )
            )
        }
        let gender = c.gender.flatMap { Gender(rawValue: $0.rawValue) } ?? .notKnown
        let sen = c.sen.flatMap { SENStatus(rawValue: $0.rawValue) } ?? SENStatus.none
        let assessment = ReferrerAssessment(
            workingWell: text(input.workingWell, "workingWell", max: 5000),
            worriedAbout: text(input.worriedAbout, "worriedAbout", max: 5000),
            whatNext: text(input.whatNext, "whatNext", max: 5000)
        )
        let referrer = Referrer(
            name: text(input.referrerName, "referrerName"),
            position: text(input.referrerPosition, "referrerPosition"),
            contactDetails: text(input.referrerContact, "referrerContact")
        )
        let additional = text(input.additionalInformation, "additionalInformation", max: 10_000)
        guard problems.isEmpty, let kind, let forename, let surname, let dob else {
            throw ServiceError.invalid(problems)
        }
        let child = Child(
            forename: forename,
            middleNames: text(c.middleNames, "child.middleNames"),
            surname: surname,
            aliases: c.aliases ?? [],
            dateOfBirth: dob,
            gender: gender,
            ethnicity: c.ethnicity,
            upn: upn,
            sen: sen,
            disability: c.disability,
            inCare: c.inCare ?? false,
            childProtectionPlan: c.childProtectionPlan ?? false,
            privatelyFostered: c.privatelyFostered ?? false,
            vulnerableGroups: groups,
            addresses: addresses,
            contacts: contacts,
            schools: schools
        )
        return Referral(
            kind: kind,
            child: child,
            reason: input.reason,
            source: input.source,
            dateLastAttended: lastAttended,
            firstDayOfAbsence: firstAbsent,
            actions: actions,
            indicators: indicators,
            triageAnswers: facts,
            socialCareReferralConsidered: input.socialCareReferralConsidered,
            parentalConsent: input.parentalConsent,
            assessment: assessment,
            additionalInformation: additional,
            referrer: referrer
        )
    }
}
