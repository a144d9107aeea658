import ArgumentParser
import CMECore

/// `cme rules school-age --dob YYYY-MM-DD [--on YYYY-MM-DD]`.
struct SchoolAgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "school-age",
        abstract: "Compulsory school age, school leaving date and year group for a date of birth (JSON)."
    )

    @Option(help: "Date of birth, YYYY-MM-DD.")
    var dob: String

    @Option(help: "Day to give the age and year group on (default: today in England).")
    var on: String?

    func run() throws {
        let birth = try parseDay(self.dob, option: "--dob")
        let day = try self.on.map { try parseDay($0, option: "--on") } ?? todayInEngland()
        let age = SchoolAge(dateOfBirth: birth)
        let year = SchoolAge.ncYearLabel(age.ncYear(on: day))
        let answer = JSON.object([
            ("compulsorySchoolAgeStarts", .string(age.starts.description)),
            ("schoolLeavingDate", .string(age.schoolLeavingDate.description)),
            ("dateOfBirth", .string(birth.description)),
            ("fifthBirthday", .string(age.birthday(5).description)),
            ("sixteenthBirthday", .string(age.birthday(16).description)),
            ("on", .string(day.description)),
            ("age", .int(age.age(on: day))),
            ("compulsorySchoolAge", .bool(age.isCompulsorySchoolAge(on: day))),
            ("ncYear", year.map(JSON.string) ?? .null),
        ])
        print(answer.text)
    }
}

/// `cme rules upn UPN`: exit 0 when valid, 1 with the broken rule when not.
struct UPNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upn",
        abstract: "Validate a Unique Pupil Number (exit 0 valid, 1 invalid with the reason)."
    )

    @Argument(help: "The UPN, 13 characters.")
    var upn: String

    func run() throws {
        do {
            let upn = try UPN(self.upn)
            print(
                "\(upn.value): valid \(upn.isTemporary ? "temporary" : "permanent") UPN (LA \(upn.laNumber), establishment \(upn.establishmentNumber))"
            )
        } catch {
            throw Failure("\(self.upn) is not a valid UPN: \(error.description)")
        }
    }
}
