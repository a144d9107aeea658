import CMECore
import Testing

/// Education Act 1996 s.8 and the Start of Compulsory School Age Order 1998 (DESIGN.md procedure 8).
@Suite("Compulsory school age")
struct SchoolAgeTests {
    @Test(arguments: [
        // Birthday on a prescribed day: compulsory school age starts on the fifth birthday itself.
        ("2015-08-31", "2020-08-31", "2031-06-27"),
        // 1 September: the first prescribed day after the fifth birthday is 31 December; the oldest in the year.
        ("2015-09-01", "2020-12-31", "2032-06-25"),
        ("2015-12-31", "2020-12-31", "2032-06-25"),
        ("2016-03-31", "2021-03-31", "2032-06-25"),
        ("2016-01-01", "2021-03-31", "2032-06-25"),
        ("2016-04-01", "2021-08-31", "2032-06-25"),
        // 29 February: the fifth birthday is reached on 1 March 2021 (a common year), so 31 March.
        ("2016-02-29", "2021-03-31", "2032-06-25"),
        // Born 2012-02-29: fifth birthday 2017-03-01, sixteenth 2028-02-29 (a leap year).
        ("2012-02-29", "2017-03-31", "2028-06-30"),
        ("2010-07-15", "2015-08-31", "2026-06-26"),
    ])
    func startAndLeavingDate(dob: String, starts: String, leaves: String) {
        let age = SchoolAge(dateOfBirth: d(dob))
        #expect(age.starts == d(starts))
        #expect(age.schoolLeavingDate == d(leaves))
        #expect(age.schoolLeavingDate.weekday == 5)
    }

    @Test func aChildWhoTurnsSixteenInTheSummerLeavesInTheJuneBefore() {
        // 16 on 31 August 2026, in school year 2025/26: leaves on the last Friday of June 2026.
        let age = SchoolAge(dateOfBirth: d("2010-08-31"))
        #expect(age.schoolLeavingDate == d("2026-06-26"))
        #expect(age.isCompulsorySchoolAge(on: d("2026-06-26")))
        #expect(!age.isCompulsorySchoolAge(on: d("2026-06-27")))
    }

    @Test func compulsorySchoolAgeIsInclusiveOfItsFirstDay() {
        let age = SchoolAge(dateOfBirth: d("2015-09-01"))
        #expect(!age.isCompulsorySchoolAge(on: d("2020-12-30")))
        #expect(age.isCompulsorySchoolAge(on: d("2020-12-31")))
    }

    @Test func nationalCurriculumYearGroups() {
        let oldest = SchoolAge(dateOfBirth: d("2015-09-01"))
        let youngest = SchoolAge(dateOfBirth: d("2016-08-31"))
        #expect(oldest.ncYear(on: d("2026-11-24")) == 6)
        #expect(youngest.ncYear(on: d("2026-11-24")) == 6)
        #expect(youngest.ncYear(on: d("2026-08-31")) == 5)
        #expect(SchoolAge(dateOfBirth: d("2021-09-01")).ncYear(on: d("2026-11-24")) == 0)
        #expect(SchoolAge.ncYearLabel(0) == "R")
        #expect(SchoolAge.ncYearLabel(-1) == "N")
        #expect(SchoolAge.ncYearLabel(11) == "11")
        #expect(SchoolAge.ncYearLabel(14) == nil)
        #expect(oldest.age(on: d("2026-08-31")) == 10)
        #expect(oldest.age(on: d("2026-09-01")) == 11)
    }
}

@Suite("Unique Pupil Numbers")
struct UPNTests {
    @Test func theDfEExampleIsValid() throws {
        let upn = try UPN("B801200005001")
        #expect(!upn.isTemporary)
        #expect(upn.laNumber == "801")
        #expect(upn.establishmentNumber == "2000")
        #expect(upn.yearOfAllocation == "05")
        #expect(upn.serial == "001")
        #expect(try UPN(" B801200005001 ").value == "B801200005001")
    }

    @Test func temporaryUPNsEndInALetterAndCountItInTheCheck() throws {
        let body = Array("80120000500A")
        let check = UPN.checkLetter(for: body)
        let upn = try UPN(String(check) + String(body))
        #expect(upn.isTemporary)
        // A = 0 in the check alphabet, so the check letter is the same as for a final 0: 93 - 13 = 80, 80 mod 23 = 11.
        #expect(check == UPN.alphabet[11])
    }

    @Test func eachBrokenRuleIsNamed() {
        #expect(throws: UPNError.checkLetterMismatch(found: "A", expected: "B")) { try UPN("A801200005001") }
        #expect(throws: UPNError.wrongLength(12)) { try UPN("B80120000500") }
        #expect(throws: UPNError.lowercase) { try UPN("b801200005001") }
        #expect(throws: UPNError.badCheckCharacter("I")) { try UPN("I801200005001") }
        #expect(throws: UPNError.notADigit(field: "LA number", position: 3, found: "X")) { try UPN("B8X1200005001") }
        #expect(throws: UPNError.notADigit(field: "serial number", position: 12, found: "A")) {
            try UPN("B8012000050A1")
        }
        #expect(throws: UPNError.badLastCharacter("O")) { try UPN("B80120000500O") }
    }

    @Test func theByteLevelCheckAgreesWithTheFullParser() {
        let samples = [
            "B801200005001", "A801200005001", "I801200005001", "B8X1200005001", "B80120000500O", "M80120000500A",
            "b801200005001", "B80120000500", "B8012000050011", "Z9999999999ZZ",
        ]
        for sample in samples {
            let parsed = try? UPN(sample)
            #expect(UPN.check(ascii: Array(sample.utf8)) == parsed.map(\.isTemporary), "\(sample)")
        }
    }

    @Test func everyCheckLetterComesFromTheAlphabet() throws {
        // Change one digit at a time: the check letter follows, and is never I, O or S.
        for serial in 0..<1000 {
            let digits = String(serial)
            let body = "801200005" + String(repeating: "0", count: 3 - digits.count) + digits
            let letter = UPN.checkLetter(for: Array(body))
            #expect(!["I", "O", "S"].contains(letter))
            #expect(try UPN(String(letter) + body).value.count == 13)
        }
    }
}
