import CMECore
import CMEMatching
import Fluent
import Foundation

/// A pair a tracing search proposed for a person to confirm or reject, with the evidence beside it.
public final class TracingCandidateModel: Model, @unchecked Sendable {
    public static let schema = "tracing_candidates"

    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending
        case confirmed
        case rejected
    }

    // managed
    @ID(key: .id) public var id: UUID?
    @Field(key: "created_at") public var createdAt: Date

    // data
    /// Which search proposed it (`lost_pupil`).
    @Field(key: "search") public var search: String
    /// A key for the lost record that stays the same week to week (UPN, or name and date of birth).
    @Field(key: "lost_key") public var lostKey: String
    @Field(key: "lost_record") public var lostRecord: Data
    /// `case:<id>` for a child with an open case, else the roll record's key.
    @Field(key: "roll_key") public var rollKey: String
    @Field(key: "roll_record") public var rollRecord: Data
    @Field(key: "score") public var score: Double
    @Field(key: "band") public var band: String
    @Field(key: "evidence") public var evidence: String
    @Enum(key: "status") public var status: Status
    @OptionalField(key: "decided_at") public var decidedAt: Date?

    // relationships
    @OptionalParent(key: "case_id") public var `case`: CaseModel?
    @OptionalParent(key: "decided_by") public var decidedBy: UserModel?

    public init() {}

    public var lost: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: self.lostRecord)) ?? [:]
    }
    public var roll: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: self.rollRecord)) ?? [:]
    }
}

extension PupilRecord {
    /// The record as CSV column name to value, for storing beside a candidate.
    public var columns: [String: String] {
        var values: [String: String] = ["record_id": self.recordID]
        values["upn"] = self.upn
        values["forename"] = self.forename
        values["middle_names"] = self.middleNames
        values["surname"] = self.surname
        values["preferred_surname"] = self.preferredSurname
        values["former_surname"] = self.formerSurname
        values["dob"] = self.dateOfBirth?.description
        values["gender"] = self.gender
        values["ethnicity"] = self.ethnicity
        values["postcode"] = self.postcode
        values["address"] = self.address
        values["school_urn"] = self.schoolURN
        values["parent_name"] = self.parentName
        return values
    }

    /// A record stored as `columns`; nil without its record id.
    public init?(columns values: [String: String]) {
        guard let id = values["record_id"] else { return nil }
        self.init(
            recordID: id,
            upn: values["upn"],
            forename: values["forename"],
            middleNames: values["middle_names"],
            surname: values["surname"],
            preferredSurname: values["preferred_surname"],
            formerSurname: values["former_surname"],
            dateOfBirth: values["dob"].flatMap { try? Day(iso: $0) },
            gender: values["gender"],
            ethnicity: values["ethnicity"],
            postcode: values["postcode"],
            address: values["address"],
            schoolURN: values["school_urn"],
            parentName: values["parent_name"]
        )
    }

    /// What identifies the child across weekly files whose record ids differ: the UPN, else name and date of birth.
    public var tracingKey: String {
        if let upn = self.upn, !upn.isEmpty { return "upn:\(upn.uppercased())" }
        let name = Normalise.name("\(self.forename ?? "") \(self.surname ?? "")")
        return "name:\(name)|dob:\(self.dateOfBirth?.description ?? "")"
    }
}
