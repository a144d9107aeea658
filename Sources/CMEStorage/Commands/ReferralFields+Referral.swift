import CMECore
import Foundation

extension ReferralFields {
    /// The core's `Referral`, or every bad field at once (`ServiceError.invalid`), named by its place in the JSON
    /// API's body (`child.dateOfBirth`, `actions[0].completedOn`); the form maps those names to its own fields.
    public func referral(policy: Policy) throws -> Referral {
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
        func code<T: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, as _: T.Type) -> T?
        where T.RawValue == String {
            guard let raw else { return nil }
            if let value = T(rawValue: raw) { return value }
            problems.append(
                FieldProblem(
                    field,
                    "unknown value '\(raw)'; allowed: \(T.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            )
            return nil
        }

        let kind = NoticeKind(rawValue: self.kind)
        if kind == nil {
            problems.append(
                FieldProblem(
                    "kind",
                    "unknown notice kind '\(self.kind)'; allowed: \(NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            )
        }
        let c = self.child
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
        for (index, raw) in c.vulnerableGroups.enumerated() {
            if let group = code(raw, "child.vulnerableGroups[\(index)]", as: VulnerableGroup.self) {
                groups.insert(group)
            }
        }
        let addresses: [AddressRecord] = c.addresses.enumerated().map { index, a in
            if a.lines.isEmpty {
                problems.append(FieldProblem("child.addresses[\(index)].lines", "give at least one line"))
            }
            let kind = code(a.kind, "child.addresses[\(index)].kind", as: AddressRecord.Kind.self) ?? .lastKnown
            return AddressRecord(
                address: CMECore.Address(
                    lines: a.lines,
                    town: a.town,
                    postcode: a.postcode,
                    restricted: a.restricted ?? false
                ),
                kind: kind
            )
        }
        let contacts = c.contacts.map {
            Contact(
                name: $0.name,
                relationship: $0.relationship,
                parentalResponsibility: $0.parentalResponsibility ?? false,
                telephone: $0.telephone,
                email: $0.email
            )
        }
        var indicators: [RiskIndicator: IndicatorAnswer] = [:]
        for (index, answer) in self.indicators.enumerated() {
            guard let indicator = RiskIndicator(rawValue: answer.number) else {
                problems.append(
                    FieldProblem("indicators[\(index)].number", "must be 1 to 20 (Leicestershire Appendix A)")
                )
                continue
            }
            indicators[indicator] = IndicatorAnswer(
                present: answer.present,
                currency: code(answer.currency, "indicators[\(index)].currency", as: Currency.self)
            )
        }
        var facts: Set<TriageFact> = []
        for (index, raw) in self.triageFacts.enumerated() {
            if let fact = code(raw, "triageFacts[\(index)]", as: TriageFact.self) { facts.insert(fact) }
        }
        var actions: [ReferrerAction: ActionOutcome] = [:]
        for (index, action) in self.actions.enumerated() {
            guard let which = code(action.action, "actions[\(index)].action", as: ReferrerAction.self) else { continue }
            actions[which] = ActionOutcome(
                outcome: action.outcome,
                completedOn: day(action.completedOn, "actions[\(index)].completedOn")
            )
        }
        for (field, code, list) in [("reason", self.reason, CodeList.reason), ("source", self.source, .source)] {
            if let code, (try? policy.codes.validate(code, in: list)) == nil {
                problems.append(
                    FieldProblem(
                        field,
                        CodeError.unknown(list, code, allowed: policy.codes[list].map(\.code)).description
                    )
                )
            }
        }
        let lastAttended = day(self.dateLastAttended, "dateLastAttended")
        let firstAbsent = day(self.firstDayOfAbsence, "firstDayOfAbsence")
        var schools: [SchoolEnrolment] = []
        if c.schoolURN != nil || c.schoolName != nil {
            schools.append(
                SchoolEnrolment(
                    urn: c.schoolURN,
                    name: c.schoolName ?? "School \(c.schoolURN ?? "")",
                    dateLastAttended: lastAttended
                )
            )
        }
        let gender = code(c.gender, "child.gender", as: Gender.self) ?? .notKnown
        let sen = code(c.sen, "child.sen", as: SENStatus.self) ?? SENStatus.none
        let assessment = ReferrerAssessment(
            workingWell: text(self.workingWell, "workingWell", max: 5000),
            worriedAbout: text(self.worriedAbout, "worriedAbout", max: 5000),
            whatNext: text(self.whatNext, "whatNext", max: 5000)
        )
        let referrer = Referrer(
            name: text(self.referrerName, "referrerName"),
            position: text(self.referrerPosition, "referrerPosition"),
            contactDetails: text(self.referrerContact, "referrerContact")
        )
        let additional = text(self.additionalInformation, "additionalInformation", max: 10_000)
        guard problems.isEmpty, let kind, let forename, let surname, let dob else {
            throw ServiceError.invalid(problems)
        }
        let child = Child(
            forename: forename,
            middleNames: text(c.middleNames, "child.middleNames"),
            surname: surname,
            aliases: c.aliases,
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
            reason: self.reason,
            source: self.source,
            dateLastAttended: lastAttended,
            firstDayOfAbsence: firstAbsent,
            actions: actions,
            indicators: indicators,
            triageAnswers: facts,
            socialCareReferralConsidered: self.socialCareReferralConsidered,
            parentalConsent: self.parentalConsent,
            assessment: assessment,
            additionalInformation: additional,
            referrer: referrer
        )
    }
}
