import CMECore
import Foundation

/// Everything held about one child, for a subject access request (UK GDPR Art. 15; issue 16): the record, every
/// referral as it was sent, every case with its timeline and clocks, and who has seen and changed it, from the audit
/// trail. Written out as JSON and as a readable HTML page (`cme sar`, the officer's page).
public struct SubjectAccessRecord: Codable, Sendable {
    public struct Person: Codable, Sendable {
        public var forename: String
        public var middleNames: String?
        public var surname: String
        public var otherNames: [String]
        public var dateOfBirth: String
        public var gender: String
        public var ethnicity: String?
        public var upn: String?
        public var sen: String
        public var disability: String?
        public var inCare: Bool
        public var childProtectionPlan: Bool
        public var privatelyFostered: Bool
        public var vulnerableGroups: [String]
        public var addresses: [Address]
        public var contacts: [Contact]
        public var schools: [School]
        /// Restriction of processing (UK GDPR Art. 18), when the record is restricted.
        public var restrictedSince: Date?
        public var restrictionReason: String?
    }

    public struct Address: Codable, Sendable {
        public var lines: [String]
        public var town: String?
        public var postcode: String?
        public var kind: String
        public var restricted: Bool
    }

    public struct Contact: Codable, Sendable {
        public var name: String
        public var relationship: String?
        public var parentalResponsibility: Bool
        public var telephone: String?
        public var email: String?
    }

    public struct School: Codable, Sendable {
        public var name: String
        public var urn: String?
        public var entryDate: String?
        public var leavingDate: String?
        public var dateLastAttended: String?
    }

    public struct ReferralEntry: Codable, Sendable {
        public var reference: String
        public var kind: String
        public var receivedAt: Date
        public var organisation: String?
        /// The referral exactly as it was sent.
        public var asSent: Referral?
    }

    public struct CaseEntry: Codable, Sendable {
        public var reference: String
        public var state: String
        public var category: String
        public var episode: Int
        public var openedAt: Date
        public var closedAt: Date?
        public var timeline: [Event]
        public var clocks: [Clock]
    }

    public struct Event: Codable, Sendable {
        public var at: Date
        public var what: String
        public var by: String?
        public var details: [String: String]
    }

    public struct Clock: Codable, Sendable {
        public var rule: String
        public var due: String
        public var state: String
    }

    /// One line of the audit trail about the child: who saw or changed what, when.
    public struct Access: Codable, Sendable {
        public var at: Date
        public var who: String
        public var role: String
        public var action: String
        public var record: String
        public var detail: String?
        /// The record the line was written against when it is not the child's own: a record since merged into it.
        public var mergedRecordID: UUID?
    }

    public var childID: UUID
    /// Records of the same child merged into this one (issue 18): their trail is part of this child's.
    public var mergedRecordIDs: [UUID]
    public var generatedAt: Date
    public var localAuthority: String
    public var child: Person
    public var referrals: [ReferralEntry]
    public var cases: [CaseEntry]
    public var accesses: [Access]

    /// The record as JSON: keys sorted, dates in ISO 8601, for a reader or another system.
    public var json: Data {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return try encoder.encode(self)
        }
    }
}
