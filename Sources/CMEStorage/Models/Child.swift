import Fluent
import Foundation

/// A child the CME team knows about. Names are also kept normalised for duplicate checks.
public final class ChildModel: Model, @unchecked Sendable {
    public static let schema = "children"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    // data
    @Field(key: "forename") public var forename: String
    @OptionalField(key: "middle_names") public var middleNames: String?
    @Field(key: "surname") public var surname: String
    /// YYYY-MM-DD: sortable and the same on SQLite and PostgreSQL.
    @Field(key: "date_of_birth") public var dateOfBirth: String
    @Field(key: "gender") public var gender: String
    @OptionalField(key: "ethnicity") public var ethnicity: String?
    @OptionalField(key: "upn") public var upn: String?
    @Field(key: "sen") public var sen: String
    @OptionalField(key: "disability") public var disability: String?
    @Field(key: "in_care") public var inCare: Bool
    @Field(key: "child_protection_plan") public var childProtectionPlan: Bool
    @Field(key: "privately_fostered") public var privatelyFostered: Bool
    @Field(key: "vulnerable_groups") public var vulnerableGroups: [String]
    @Field(key: "search_forename") public var searchForename: String
    @Field(key: "search_surname") public var searchSurname: String
    /// Restriction of processing (UK GDPR Art. 18): when, by whom and why; officers and managers only may then read
    /// the record, each time giving a reason.
    @OptionalField(key: "processing_restricted_at") public var processingRestrictedAt: Date?
    @OptionalField(key: "processing_restricted_by") public var processingRestrictedBy: UUID?
    @OptionalField(key: "processing_restriction_reason") public var processingRestrictionReason: String?
    /// The child this record was merged into (issue 18): a merged record keeps its own details, for an unmerge, but
    /// is no longer found, matched or shown; everything about the child is on the record kept.
    @OptionalField(key: "merged_into") public var mergedInto: UUID?

    // relationships
    @Children(for: \.$child) public var aliases: [ChildAliasModel]
    @Children(for: \.$child) public var addresses: [ChildAddressModel]
    @Children(for: \.$child) public var contacts: [ChildContactModel]
    @Children(for: \.$child) public var schools: [ChildSchoolModel]

    public init() {}
}

/// Another name the child is known by (AKA, former or preferred surname).
public final class ChildAliasModel: Model, @unchecked Sendable {
    public static let schema = "child_aliases"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "search_name") public var searchName: String
    @Parent(key: "child_id") public var child: ChildModel

    public init() {}

    public init(childID: UUID, name: String, searchName: String) {
        self.$child.id = childID
        self.name = name
        self.searchName = searchName
    }
}

/// An address in the child's history. A restricted one (Cromford 8.0) is shown only to the roles the policy names.
public final class ChildAddressModel: Model, @unchecked Sendable {
    public static let schema = "child_addresses"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "kind") public var kind: String
    @Field(key: "lines") public var lines: [String]
    @OptionalField(key: "town") public var town: String?
    @OptionalField(key: "postcode") public var postcode: String?
    @Field(key: "restricted") public var restricted: Bool
    @OptionalField(key: "from_date") public var fromDate: String?
    @OptionalField(key: "to_date") public var toDate: String?
    @Parent(key: "child_id") public var child: ChildModel

    public init() {}
}

/// A parent, carer or emergency contact.
public final class ChildContactModel: Model, @unchecked Sendable {
    public static let schema = "child_contacts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @OptionalField(key: "relationship") public var relationship: String?
    @Field(key: "parental_responsibility") public var parentalResponsibility: Bool
    @OptionalField(key: "telephone") public var telephone: String?
    @OptionalField(key: "email") public var email: String?
    @Parent(key: "child_id") public var child: ChildModel

    public init() {}
}

/// A school the child has been on the roll of.
public final class ChildSchoolModel: Model, @unchecked Sendable {
    public static let schema = "child_schools"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "urn") public var urn: String?
    @Field(key: "name") public var name: String
    @OptionalField(key: "entry_date") public var entryDate: String?
    @OptionalField(key: "leaving_date") public var leavingDate: String?
    @OptionalField(key: "date_last_attended") public var dateLastAttended: String?
    @Parent(key: "child_id") public var child: ChildModel

    public init() {}
}

/// Two children known to be siblings (so matching never merges them).
public final class SiblingLinkModel: Model, @unchecked Sendable {
    public static let schema = "sibling_links"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "child_id") public var child: ChildModel
    @Parent(key: "sibling_id") public var sibling: ChildModel

    public init() {}
}
