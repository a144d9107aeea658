import CMECore

/// `d("2025-12-18")`: a day from ISO text; a typo in a test date fails loudly.
func d(_ text: String) -> Day {
    do {
        return try Day(iso: text)
    } catch {
        fatalError("bad test date \(text): \(error)")
    }
}

/// `t("2025-12-18T14:00")`: a local instant from ISO text.
func t(_ text: String) -> LocalDateTime {
    do {
        return try LocalDateTime(iso: text)
    } catch {
        fatalError("bad test instant \(text): \(error)")
    }
}

/// A small calendar in the shape of the seed LAs' example dates (2025/26 and 2026/27).
let exampleCalendar = SchoolCalendar(years: [
    AcademicYearDates(
        year: AcademicYear(startYear: 2025),
        exampleDates: true,
        terms: [
            Term(
                name: "Autumn",
                start: d("2025-09-01"),
                end: d("2025-12-19"),
                halfTerm: DayRange(first: d("2025-10-27"), last: d("2025-10-31"))
            ),
            Term(
                name: "Spring",
                start: d("2026-01-05"),
                end: d("2026-03-27"),
                halfTerm: DayRange(first: d("2026-02-16"), last: d("2026-02-20"))
            ),
            Term(
                name: "Summer",
                start: d("2026-04-13"),
                end: d("2026-07-22"),
                halfTerm: DayRange(first: d("2026-05-25"), last: d("2026-05-29"))
            ),
        ],
        insetDays: [d("2025-09-01"), d("2025-09-02"), d("2026-01-05")]
    ),
    AcademicYearDates(
        year: AcademicYear(startYear: 2026),
        exampleDates: true,
        terms: [
            Term(
                name: "Autumn",
                start: d("2026-09-01"),
                end: d("2026-12-18"),
                halfTerm: DayRange(first: d("2026-10-26"), last: d("2026-10-30"))
            ),
            // A fixed spring break: Good Friday (26 March) and Easter Monday (29 March) 2027 fall in term.
            Term(
                name: "Spring",
                start: d("2027-01-04"),
                end: d("2027-04-01"),
                halfTerm: DayRange(first: d("2027-02-15"), last: d("2027-02-19"))
            ),
            Term(
                name: "Summer",
                start: d("2027-04-19"),
                end: d("2027-07-21"),
                halfTerm: DayRange(first: d("2027-05-31"), last: d("2027-06-04"))
            ),
        ],
        insetDays: [d("2026-09-01"), d("2026-09-02"), d("2027-01-04")]
    ),
])
