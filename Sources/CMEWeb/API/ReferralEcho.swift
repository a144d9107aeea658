import CMEAPI
import CMECore
import Foundation

/// A stored referral back in the API's input shape: what its referrer reads of what they sent (issue 16), in the
/// same fields they wrote it in. Built as JSON and decoded, so the generated types' names need not be spelled out
/// here.
enum ReferralEcho {
    static func input(from referral: Referral) -> Components.Schemas.ReferralInput? {
        let c = referral.child
        var child: [String: Any] = [
            "forename": c.forename, "surname": c.surname, "dateOfBirth": c.dateOfBirth.description,
            "gender": c.gender.rawValue, "sen": c.sen.rawValue, "inCare": c.inCare,
            "childProtectionPlan": c.childProtectionPlan, "privatelyFostered": c.privatelyFostered,
        ]
        child["middleNames"] = c.middleNames
        child["aliases"] = c.aliases.isEmpty ? nil : c.aliases
        child["ethnicity"] = c.ethnicity
        child["upn"] = c.upn?.description
        child["disability"] = c.disability
        child["vulnerableGroups"] = c.vulnerableGroups.isEmpty ? nil : c.vulnerableGroups.map(\.rawValue).sorted()
        child["addresses"] = c.addresses.map { record -> [String: Any] in
            var address: [String: Any] = [
                "lines": record.address.lines, "restricted": record.address.restricted, "kind": record.kind.rawValue,
            ]
            address["town"] = record.address.town
            address["postcode"] = record.address.postcode
            return address
        }
        child["contacts"] = c.contacts.map { contact -> [String: Any] in
            var item: [String: Any] = ["name": contact.name, "parentalResponsibility": contact.parentalResponsibility]
            item["relationship"] = contact.relationship
            item["telephone"] = contact.telephone
            item["email"] = contact.email
            return item
        }
        child["schoolUrn"] = c.schools.first?.urn
        child["schoolName"] = c.schools.first?.name
        var body: [String: Any] = ["kind": referral.kind.rawValue, "child": child]
        body["reason"] = referral.reason
        body["source"] = referral.source
        body["dateLastAttended"] = referral.dateLastAttended?.description
        body["firstDayOfAbsence"] = referral.firstDayOfAbsence?.description
        body["actions"] = referral.actions.sorted { $0.key.rawValue < $1.key.rawValue }.map { action, outcome in
            var item: [String: Any] = ["action": action.rawValue, "outcome": outcome.outcome]
            item["completedOn"] = outcome.completedOn?.description
            return item
        }
        body["indicators"] = referral.indicators.sorted { $0.key.rawValue < $1.key.rawValue }.map { indicator, answer in
            var item: [String: Any] = ["number": indicator.rawValue, "present": answer.present]
            item["currency"] = answer.currency?.rawValue
            return item
        }
        body["triageFacts"] = referral.triageAnswers.map(\.rawValue).sorted()
        body["socialCareReferralConsidered"] = referral.socialCareReferralConsidered
        body["parentalConsent"] = referral.parentalConsent
        body["workingWell"] = referral.assessment.workingWell
        body["worriedAbout"] = referral.assessment.worriedAbout
        body["whatNext"] = referral.assessment.whatNext
        body["additionalInformation"] = referral.additionalInformation
        body["referrerName"] = referral.referrer.name
        body["referrerPosition"] = referral.referrer.position
        body["referrerContact"] = referral.referrer.contactDetails
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { return nil }
        return try? JSONDecoder().decode(Components.Schemas.ReferralInput.self, from: data)
    }
}
