import CMEAPI
import CMECore
import CMEStorage
import Foundation

/// The JSON API's referral body as the fields every channel gives (`ReferralFields`), whose rules decide what is a
/// valid referral: this only copies, field by field.
enum ReferralMapping {
    static func referral(from input: Components.Schemas.ReferralInput, policy: Policy) throws -> Referral {
        try Self.fields(input).referral(policy: policy)
    }

    static func fields(_ input: Components.Schemas.ReferralInput) -> ReferralFields {
        var fields = ReferralFields(kind: input.kind)
        let c = input.child
        fields.child.forename = c.forename
        fields.child.middleNames = c.middleNames
        fields.child.surname = c.surname
        fields.child.aliases = c.aliases ?? []
        fields.child.dateOfBirth = c.dateOfBirth
        fields.child.gender = c.gender?.rawValue
        fields.child.ethnicity = c.ethnicity
        fields.child.upn = c.upn
        fields.child.sen = c.sen?.rawValue
        fields.child.disability = c.disability
        fields.child.inCare = c.inCare
        fields.child.childProtectionPlan = c.childProtectionPlan
        fields.child.privatelyFostered = c.privatelyFostered
        fields.child.vulnerableGroups = c.vulnerableGroups ?? []
        fields.child.addresses = (c.addresses ?? []).map {
            ReferralFields.Address(
                lines: $0.lines,
                town: $0.town,
                postcode: $0.postcode,
                restricted: $0.restricted,
                kind: $0.kind?.rawValue
            )
        }
        fields.child.contacts = (c.contacts ?? []).map {
            ReferralFields.Carer(
                name: $0.name,
                relationship: $0.relationship,
                parentalResponsibility: $0.parentalResponsibility,
                telephone: $0.telephone,
                email: $0.email
            )
        }
        fields.child.schoolURN = c.schoolUrn
        fields.child.schoolName = c.schoolName
        fields.reason = input.reason
        fields.source = input.source
        fields.dateLastAttended = input.dateLastAttended
        fields.firstDayOfAbsence = input.firstDayOfAbsence
        fields.actions = (input.actions ?? []).map {
            ReferralFields.Action(action: $0.action.rawValue, outcome: $0.outcome, completedOn: $0.completedOn)
        }
        fields.indicators = (input.indicators ?? []).map {
            ReferralFields.Indicator(number: $0.number, present: $0.present, currency: $0.currency?.rawValue)
        }
        fields.triageFacts = input.triageFacts ?? []
        fields.socialCareReferralConsidered = input.socialCareReferralConsidered
        fields.parentalConsent = input.parentalConsent
        fields.workingWell = input.workingWell
        fields.worriedAbout = input.worriedAbout
        fields.whatNext = input.whatNext
        fields.additionalInformation = input.additionalInformation
        fields.referrerName = input.referrerName
        fields.referrerPosition = input.referrerPosition
        fields.referrerContact = input.referrerContact
        return fields
    }
}
