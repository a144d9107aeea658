// The calendar and code blocks of a policy file, read as strictly as the rest (Policy+Decoding.swift).

/// The `calendar:` block of a policy file.
struct CalendarFile: Decodable {
    var years: [AcademicYearDates]
    var extraBankHolidays: [BankHolidays.Holiday]

    enum CodingKeys: String, CodingKey, CaseIterable { case years, extraBankHolidays }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.years = try c.decode([AcademicYearDates].self, forKey: .years)
        guard !self.years.isEmpty else { throw c.invalid(.years, "give term dates for at least one academic year") }
        var seen: Set<AcademicYear> = []
        for year in self.years where !seen.insert(year.year).inserted {
            throw c.invalid(.years, "academic year \(year.year) is listed twice")
        }
        self.extraBankHolidays = try c.decodeIfPresent([BankHolidays.Holiday].self, forKey: .extraBankHolidays) ?? []
    }
}

extension BankHolidays.Holiday: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case day, name }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.init(day: try c.decode(Day.self, forKey: .day), name: try c.decodeText(forKey: .name))
    }
}

extension AcademicYearDates: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case year, exampleDates, terms, insetDays, otherClosures }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let label = try c.decode(String.self, forKey: .year)
        let year: AcademicYear
        do {
            year = try AcademicYear(label: label)
        } catch {
            throw c.invalid(.year, error.description)
        }
        let dates = AcademicYearDates(
            year: year,
            exampleDates: try c.decode(Bool.self, forKey: .exampleDates),
            terms: try c.decode([Term].self, forKey: .terms),
            insetDays: try c.decodeIfPresent([Day].self, forKey: .insetDays) ?? [],
            otherClosures: try c.decodeIfPresent([Day].self, forKey: .otherClosures) ?? []
        )
        do {
            try dates.validate()
        } catch {
            throw c.invalid(.terms, error.description)
        }
        for day in dates.insetDays where !year.contains(day) {
            throw c.invalid(.insetDays, "INSET day \(day) lies outside \(year)")
        }
        self = dates
    }
}

extension Term: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, start, end, halfTerm }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let half = try c.decodeIfPresent(DayRange.self, forKey: .halfTerm)
        let start = try c.decode(Day.self, forKey: .start)
        let end = try c.decode(Day.self, forKey: .end)
        if let half, half.first > half.last || half.first < start || half.last > end {
            throw c.invalid(.halfTerm, "half term \(half.first) to \(half.last) must run forwards inside the term")
        }
        self.init(name: try c.decodeText(forKey: .name), start: start, end: end, halfTerm: half)
    }
}

extension DayRange: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case first, last }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.init(first: try c.decode(Day.self, forKey: .first), last: try c.decode(Day.self, forKey: .last))
    }
}

extension Code: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case code, label }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.init(try c.decodeText(forKey: .code), try c.decodeText(forKey: .label))
    }
}
