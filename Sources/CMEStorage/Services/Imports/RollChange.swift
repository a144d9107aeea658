import CMECore
import CMEInterop
import Foundation

/// A pupil who joined or left a school's roll between two imports: the school owes a return for them.
public struct RollChange: Sendable, Equatable {
    public var schoolURN: String
    public var key: String
    public var kind: SchoolReturn.Kind
    public var upn: String?
    public var forename: String
    public var surname: String
    public var dob: String
    public var day: String

    init(
        schoolURN: String,
        key: String,
        kind: SchoolReturn.Kind,
        upn: String?,
        forename: String,
        surname: String,
        dob: String,
        day: String
    ) {
        self.schoolURN = schoolURN
        self.key = key
        self.kind = kind
        self.upn = upn
        self.forename = forename
        self.surname = surname
        self.dob = dob
        self.day = day
    }

    init(pupil: RollPupil, kind: SchoolReturn.Kind, day: Day) {
        self.init(
            schoolURN: pupil.schoolURN,
            key: pupil.key,
            kind: kind,
            upn: pupil.record.upn,
            forename: pupil.record.forename ?? "",
            surname: pupil.record.surname ?? "",
            dob: pupil.record.dateOfBirth?.description ?? "",
            day: day.description
        )
    }

    func row(id: UUID, importID: UUID) -> [BulkValue] {
        [
            .uuid(id), .text(self.schoolURN), .text(self.key), .text(self.kind.rawValue), .text(self.upn),
            .text(self.forename), .text(self.surname), .text(self.dob), .text(self.day), .uuid(importID), .null,
        ]
    }
}
