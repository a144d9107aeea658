import CMECore
import Foundation

/// A referral as a person or a client gave it, field by field, before it is checked: what the JSON API's body and
/// the pages' referral and notice forms both map to, so that one set of rules (`referral(policy:)`) decides what is
/// a valid referral whichever way it came (issue 17: one rule, every channel; the form no longer travels through
/// the API's generated types).
public struct ReferralFields: Sendable, Equatable {
    public struct Address: Sendable, Equatable {
        public var lines: [String]
        public var town: String?
        public var postcode: String?
        public var restricted: Bool?
        /// `last_known`, `additional`, `previous` or `current`.
        public var kind: String?

        public init(
            lines: [String],
            town: String? = nil,
            postcode: String? = nil,
            restricted: Bool? = nil,
            kind: String? = nil
        ) {
            (self.lines, self.town, self.postcode, self.restricted, self.kind) = (
                lines, town, postcode, restricted, kind
            )
        }
    }

    public struct Carer: Sendable, Equatable {
        public var name: String
        public var relationship: String?
        public var parentalResponsibility: Bool?
        public var telephone: String?
        public var email: String?

        public init(
            name: String,
            relationship: String? = nil,
            parentalResponsibility: Bool? = nil,
            telephone: String? = nil,
            email: String? = nil
        ) {
            (self.name, self.relationship, self.parentalResponsibility) = (name, relationship, parentalResponsibility)
            (self.telephone, self.email) = (telephone, email)
        }
    }

    public struct ChildFields: Sendable, Equatable {
        public var forename: String?
        public var middleNames: String?
        public var surname: String?
        public var aliases: [String] = []
        /// YYYY-MM-DD.
        public var dateOfBirth: String?
        /// `M`, `F`, `O` or `U`.
        public var gender: String?
        public var ethnicity: String?
        public var upn: String?
        /// `none`, `sen_support` or `ehcp`.
        public var sen: String?
        public var disability: String?
        public var inCare: Bool?
        public var childProtectionPlan: Bool?
        public var privatelyFostered: Bool?
        public var vulnerableGroups: [String] = []
        public var addresses: [Address] = []
        public var contacts: [Carer] = []
        public var schoolURN: String?
        public var schoolName: String?

        public init() {}
    }

    public struct Indicator: Sendable, Equatable {
        public var number: Int
        public var present: Bool
        /// `current` or `historic`.
        public var currency: String?

        public init(number: Int, present: Bool, currency: String? = nil) {
            (self.number, self.present, self.currency) = (number, present, currency)
        }
    }

    public struct Action: Sendable, Equatable {
        public var action: String
        public var outcome: String
        public var completedOn: String?

        public init(action: String, outcome: String, completedOn: String? = nil) {
            (self.action, self.outcome, self.completedOn) = (action, outcome, completedOn)
        }
    }

    public var kind: String
    public var child = ChildFields()
    public var reason: String?
    public var source: String?
    public var dateLastAttended: String?
    public var firstDayOfAbsence: String?
    public var actions: [Action] = []
    public var indicators: [Indicator] = []
    public var triageFacts: [String] = []
    public var socialCareReferralConsidered: Bool?
    public var parentalConsent: Bool?
    public var workingWell: String?
    public var worriedAbout: String?
    public var whatNext: String?
    public var additionalInformation: String?
    public var referrerName: String?
    public var referrerPosition: String?
    public var referrerContact: String?

    public init(kind: String) {
        self.kind = kind
    }
}
