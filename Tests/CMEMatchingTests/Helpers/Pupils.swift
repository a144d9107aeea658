import CMECore
import CMEMatching

/// A pupil record in one line: `pupil("R1", "Amelia", "Clarke", "2015-03-07", ...)`.
func pupil(
    _ id: String,
    _ forename: String?,
    _ surname: String?,
    _ dob: String?,
    gender: String? = nil,
    middle: String? = nil,
    preferred: String? = nil,
    former: String? = nil,
    upn: String? = nil,
    postcode: String? = nil,
    address: String? = nil
) -> PupilRecord {
    PupilRecord(
        recordID: id,
        upn: upn,
        forename: forename,
        middleNames: middle,
        surname: surname,
        preferredSurname: preferred,
        formerSurname: former,
        dateOfBirth: dob.map { try! Day(iso: $0) },
        gender: gender,
        postcode: postcode,
        address: address
    )
}

/// A valid UPN for the twelve characters after the check letter.
func validUPN(_ body: String) -> String {
    String(UPN.checkLetter(for: Array(body))) + body
}

extension [Match] {
    /// The rows for one lost record, best first.
    func rows(for lostID: String) -> [Match] {
        self.filter { $0.lostID == lostID }
    }

    /// The best row for one lost record.
    func best(for lostID: String) -> Match? {
        self.rows(for: lostID).max { $0.score < $1.score }
    }
}
