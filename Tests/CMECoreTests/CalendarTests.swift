import CMECore
import Testing

@Suite("Days and instants")
struct DayTests {
    @Test func ordinalsRoundTripAndWeekdaysAreRight() {
        #expect(d("1970-01-01").ordinal == 0)
        #expect(d("2026-11-24").weekday == 2)  // a Tuesday
        #expect(d("2000-02-29").weekday == 2)
        for ordinal in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(Day(ordinal: ordinal).ordinal == ordinal)
        }
        #expect(d("2024-01-31").adding(months: 1) == d("2024-02-29"))
        #expect(d("2025-01-31").adding(months: 1) == d("2025-02-28"))
        #expect(d("2025-12-15").adding(months: 1) == d("2026-01-15"))
    }

    @Test func malformedDatesAreRefusedWithTheirText() {
        #expect(throws: DateError.notARealDate("2025-02-29")) { try Day(iso: "2025-02-29") }
        #expect(throws: DateError.malformed("25-02-01")) { try Day(iso: "25-02-01") }
        #expect(throws: DateError.malformed("2025-2-01")) { try Day(iso: "2025-2-01") }
        #expect(throws: DateError.malformed("2025-02-01T25:00")) { try LocalDateTime(iso: "2025-02-01T25:00") }
        #expect(t("2025-02-01T09:30").minute == 570)
    }
}

@Suite("England and Wales bank holidays")
struct BankHolidayTests {
    @Test(arguments: [
        (2019, "2019-04-21"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"),
        (2027, "2027-03-28"), (2038, "2038-04-25"), (2285, "2285-03-22"), (1818, "1818-03-22"),
    ])
    func easterSundayByTheGregorianComputus(year: Int, easter: String) {
        #expect(BankHolidays.easterSunday(year: year) == d(easter))
    }

    @Test func substituteDaysMoveWeekendHolidaysToTheNextFreeWeekday() {
        let days = { (year: Int) in Set(BankHolidays.holidays(year: year).map(\.day)) }
        // Boxing Day 2026 is a Saturday: substitute Monday 28 December.
        #expect(days(2026).contains(d("2026-12-28")))
        #expect(!days(2026).contains(d("2026-12-26")))
        // Christmas 2027 is a Saturday: Monday 27 and Tuesday 28 December.
        #expect(days(2027).isSuperset(of: [d("2027-12-27"), d("2027-12-28")]))
        // Christmas 2022 is a Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27.
        #expect(days(2022).isSuperset(of: [d("2022-12-26"), d("2022-12-27")]))
        // New Year's Day 2022 is a Saturday: Monday 3 January.
        #expect(days(2022).contains(d("2022-01-03")))
        #expect(days(2023).contains(d("2023-01-02")))
    }

    @Test func movedAndOneOffHolidaysAreKept() {
        let days = { (year: Int) in Set(BankHolidays.holidays(year: year).map(\.day)) }
        #expect(days(2020).contains(d("2020-05-08")))  // VE Day 75
        #expect(!days(2020).contains(d("2020-05-04")))
        #expect(days(2022).isSuperset(of: [d("2022-06-02"), d("2022-06-03"), d("2022-09-19")]))
        #expect(days(2023).contains(d("2023-05-08")))
        #expect(days(2026).count == 8)
        #expect(
            days(2026) == [
                d("2026-01-01"), d("2026-04-03"), d("2026-04-06"), d("2026-05-04"), d("2026-05-25"), d("2026-08-31"),
                d("2026-12-25"), d("2026-12-28"),
            ]
        )
    }

    @Test func aPolicyCanAddAOneOffHoliday() {
        let extra = BankHolidays.Holiday(day: d("2026-06-12"), name: "Local holiday")
        let calendar = SchoolCalendar(years: [], extraHolidays: [extra])
        #expect(calendar.isBankHoliday(d("2026-06-12")))
        #expect(!calendar.isWorkingDay(d("2026-06-12")))
    }
}

@Suite("School calendar arithmetic")
struct SchoolCalendarTests {
    let calendar = exampleCalendar

    @Test func schoolDaysExcludeHolidaysHalfTermsBankHolidaysAndINSETDays() throws {
        #expect(try self.calendar.isSchoolDay(d("2025-09-03")))
        #expect(try !self.calendar.isSchoolDay(d("2025-09-01")))  // INSET day
        #expect(self.calendar.isWorkingDay(d("2025-09-01")))  // staff work on INSET days
        #expect(try !self.calendar.isSchoolDay(d("2025-10-29")))  // half term
        #expect(try !self.calendar.isSchoolDay(d("2025-12-24")))  // Christmas holiday
        #expect(try !self.calendar.isSchoolDay(d("2026-05-25")))  // spring bank holiday
        #expect(try !self.calendar.isSchoolDay(d("2025-09-06")))  // Saturday
    }

    @Test func addingSchoolDaysCrossesChristmasAndAnINSETDay() throws {
        // Thu 18 Dec + 3: Fri 19 Dec (1), Christmas holiday, Mon 5 Jan INSET, Tue 6 (2), Wed 7 (3).
        #expect(try self.calendar.add(3, .school, to: d("2025-12-18")) == d("2026-01-07"))
        #expect(try self.calendar.count(.school, from: d("2025-12-15"), through: d("2026-01-09")) == 9)
        #expect(try self.calendar.add(0, .school, to: d("2025-12-20")) == d("2026-01-06"))
    }

    @Test func addingSchoolDaysCrossesEasterInTerm() throws {
        // 2026/27 spring term runs to 1 April: Good Friday 26 and Easter Monday 29 March are not school days.
        #expect(try self.calendar.add(2, .school, to: d("2027-03-25")) == d("2027-03-31"))
        #expect(try self.calendar.count(.school, from: d("2027-03-22"), through: d("2027-04-01")) == 7)
    }

    @Test func workingDaysCrossASubstituteBankHoliday() throws {
        // 24 Dec 2026 + 2 working days: Christmas, weekend, substitute Boxing Day (Mon 28) → Tue 29 (1), Wed 30 (2).
        #expect(try self.calendar.add(2, .working, to: d("2026-12-24")) == d("2026-12-30"))
        // Working days run through school holidays.
        #expect(try self.calendar.add(1, .working, to: d("2025-10-27")) == d("2025-10-28"))
    }

    @Test func nthSchoolDayCountsTheFirstDayAsDayOne() throws {
        #expect(try self.calendar.nth(1, .school, from: d("2026-05-18")) == d("2026-05-18"))
        // Day 10 of absence from Mon 18 May 2026 skips the half term with its bank holiday: Fri 5 June.
        #expect(try self.calendar.nth(10, .school, from: d("2026-05-18")) == d("2026-06-05"))
        // A run starting in a holiday starts on the next school day.
        #expect(try self.calendar.nth(1, .school, from: d("2025-12-25")) == d("2026-01-06"))
    }

    @Test func seventyTwoWorkingHoursSkipWeekendsAndEaster() throws {
        // Suffolk 10.1: Friday 14:00 + 72 working hours = Wednesday 14:00.
        #expect(try self.calendar.add(hours: 72, .working, to: t("2025-11-14T14:00")) == t("2025-11-19T14:00"))
        // Thu 2 April 2026 10:00: Good Friday and Easter Monday are not working days → Thu 9 April 10:00.
        #expect(try self.calendar.add(hours: 72, .working, to: t("2026-04-02T10:00")) == t("2026-04-09T10:00"))
        // innov8 11.2 counts school days: Friday before half term 12:00 → Wednesday after it 12:00.
        #expect(try self.calendar.add(hours: 72, .school, to: t("2025-10-24T12:00")) == t("2025-11-05T12:00"))
    }

    @Test func aDayWithoutTermDatesIsAnErrorNotAGuess() {
        #expect(throws: CalendarError.noTermDates(d("2030-01-07"), AcademicYear(startYear: 2029))) {
            try self.calendar.isSchoolDay(d("2030-01-07"))
        }
        #expect(throws: CalendarError.negativeCount(-1)) { try self.calendar.add(-1, .school, to: d("2025-12-01")) }
    }

    @Test func academicYearsAreNamedAndChecked() throws {
        #expect(AcademicYear(containing: d("2025-08-31")).description == "2024/25")
        #expect(AcademicYear(containing: d("2025-09-01")).description == "2025/26")
        #expect(try AcademicYear(label: "2099/00").startYear == 2099)
        #expect(throws: CalendarError.malformedAcademicYear("2025/27")) { try AcademicYear(label: "2025/27") }
        let bad = AcademicYearDates(
            year: AcademicYear(startYear: 2025),
            exampleDates: true,
            terms: [Term(name: "Summer", start: d("2026-04-13"), end: d("2026-09-02"))]
        )
        #expect(throws: CalendarError.termOutsideAcademicYear("Summer", AcademicYear(startYear: 2025))) {
            try bad.validate()
        }
    }
}
