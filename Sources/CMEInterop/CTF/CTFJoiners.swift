import CMECore
import CMEMatching

extension CommonTransferFile {
    /// The file's `Header/DateTime` (`YYYY-MM-DDTHH:MM:SS`).
    public var dateTime: String? { self.root.value("Header/DateTime") }

    /// A CTF sent to one of our schools: its pupils as joiners on that school's roll, entering on the day the file
    /// was made (or `fallback` when its header has no date). All or nothing: a pupil without a valid UPN, a name, a
    /// date of birth or a year group is a bad "row", numbered by its place in the file.
    public func joiners(school: String, fallback: Day) throws(ImportFileError) -> [RollPupil] {
        let entry = self.dateTime.flatMap { try? Day(iso: String($0.prefix(10))) } ?? fallback
        var errors: [ImportRowError] = []
        var pupils: [RollPupil] = []
        var seen: [String: Int] = [:]
        for (index, pupil) in self.pupils.enumerated() {
            var check = RowCheck()
            let upn = check.take(FeedField.upn(pupil.upn)) ?? nil
            if pupil.upn == nil { check.problems.append("UPN is missing") }
            let forename = check.required(pupil.forename, "Forename")
            let surname = check.required(pupil.surname, "Surname")
            let dob = pupil.dateOfBirth
            if dob == nil { check.problems.append("DOB is missing or not a date") }
            var year = pupil.ncYearActual?.uppercased() ?? ""
            if year.count == 2, year.first == "0" { year.removeFirst() }
            if !RollCSV.yearGroups.contains(year) {
                check.problems.append("NCyearActual '\(year)' is not a year group")
            }
            guard check.problems.isEmpty, let upn, let forename, let surname, let dob else {
                errors.append(ImportRowError(line: index + 1, reason: "pupil \(index + 1): \(check.reason)"))
                continue
            }
            if let earlier = seen[upn] {
                errors.append(
                    ImportRowError(line: index + 1, reason: "pupil \(index + 1): the same UPN as pupil \(earlier)")
                )
                continue
            }
            seen[upn] = index + 1
            let address = pupil.addressLines.joined(separator: ", ")
            let record = PupilRecord(
                recordID: upn,
                upn: upn,
                forename: forename,
                middleNames: pupil.middleNames,
                surname: surname,
                preferredSurname: pupil.preferredSurname,
                formerSurname: pupil.formerSurname,
                dateOfBirth: dob,
                gender: pupil.sex,
                ethnicity: pupil.ethnicity,
                postcode: pupil.postcode,
                address: address.isEmpty ? nil : address,
                schoolURN: school
            )
            pupils.append(RollPupil(record: record, ncYear: year, entryDate: entry, leavingDate: nil, key: upn))
        }
        guard errors.isEmpty else { throw .rows(errors) }
        return pupils
    }
}
