// Policy files are read into the core's own types here, strictly: an unknown key, a missing threshold or a
// malformed date is an error that names the key. The file layout is documented in docs/policy-files.md.

extension Policy: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, kind, localAuthority, laNumber, source, codes, outcomesClosingWithoutFollowUp
        case classification, restrictedAddressViewers, clocks, triage, contacts, calendar, oldestAgeInScope, retention
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let id = try c.decodeText(forKey: .id)
        guard id.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }) else {
            throw c.invalid(.id, "'\(id)' must be lower-case letters, digits and hyphens")
        }
        let laNumber = try c.decodeIfPresent(String.self, forKey: .laNumber)
        if let laNumber, laNumber.count != 3 || !laNumber.allSatisfy(\.isASCIIDigit) {
            throw c.invalid(.laNumber, "'\(laNumber)' must be the three-digit DfE LA number")
        }
        let extra = try c.decodeIfPresent(CodeAdditions.self, forKey: .codes) ?? CodeAdditions()
        var codes = CodeSet.suffolkAppendix4
        do {
            codes = try codes.adding(extra.reasons, to: .reason)
            codes = try codes.adding(extra.sources, to: .source)
            codes = try codes.adding(extra.outcomes, to: .outcome)
        } catch {
            throw c.invalid(.codes, error.description)
        }
        let closing = try c.decodeIfPresent([String].self, forKey: .outcomesClosingWithoutFollowUp) ?? ["DEC", "NCA"]
        for code in closing where !codes.outcomes.contains(where: { $0.code == code }) {
            throw c.invalid(
                .outcomesClosingWithoutFollowUp,
                CodeError.unknown(.outcome, code, allowed: codes.outcomes.map(\.code)).description
            )
        }
        let clocks = try c.decode([ClockRule].self, forKey: .clocks)
        try Self.checkUnique(clocks.map(\.id), key: .clocks, in: c, what: "clock id")
        let triage = try c.decodeIfPresent([TriageRule].self, forKey: .triage) ?? []
        try Self.checkUnique(triage.map(\.id), key: .triage, in: c, what: "triage rule id")
        // A fact a clock establishes needs that clock, or the rule asking about it never fires (issue 17).
        for rule in triage {
            for fact in rule.whenAll + rule.whenAny {
                if let clock = fact.establishedByClock, !clocks.contains(where: { $0.id == clock }) {
                    throw c.invalid(
                        .triage,
                        "rule '\(rule.id)' asks about '\(fact.rawValue)', which only a clock '\(clock)' establishes, and this policy has no such clock"
                    )
                }
            }
        }
        let calendar = try c.decode(CalendarFile.self, forKey: .calendar)
        let oldest = try c.decodeIfPresent(Int.self, forKey: .oldestAgeInScope) ?? Self.defaultOldestAgeInScope
        guard (16...25).contains(oldest) else {
            throw c.invalid(.oldestAgeInScope, "\(oldest) must be an age from 16 to 25")
        }

        self.init(
            id: id,
            name: try c.decodeText(forKey: .name),
            kind: try c.decodeChoice(OrganisationKind.self, forKey: .kind),
            localAuthority: try c.decodeText(forKey: .localAuthority),
            laNumber: laNumber,
            source: try c.decode(PolicySource.self, forKey: .source),
            codes: codes,
            outcomesClosingWithoutFollowUp: Set(closing),
            classification: try c.decode(ClassificationRules.self, forKey: .classification),
            restrictedAddressViewers: Set(try c.decodeChoices(Role.self, forKey: .restrictedAddressViewers)),
            clocks: clocks,
            triage: triage,
            contacts: try c.decodeIfPresent([PolicyContact].self, forKey: .contacts) ?? [],
            calendar: SchoolCalendar(years: calendar.years, extraHolidays: calendar.extraBankHolidays)
        )
        self.oldestAgeInScope = oldest
        self.retention = try c.decodeIfPresent(RetentionRules.self, forKey: .retention) ?? .default
    }

    private static func checkUnique(
        _ ids: [String],
        key: CodingKeys,
        in c: KeyedDecodingContainer<CodingKeys>,
        what: String
    ) throws {
        var seen: Set<String> = []
        for id in ids where !seen.insert(id).inserted {
            throw c.invalid(key, "\(what) '\(id)' is used twice")
        }
    }
}

/// The codes a policy adds to Suffolk Appendix 4.
struct CodeAdditions: Decodable {
    var reasons: [Code] = []
    var sources: [Code] = []
    var outcomes: [Code] = []

    init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case reasons, sources, outcomes }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.reasons = try c.decodeIfPresent([Code].self, forKey: .reasons) ?? []
        self.sources = try c.decodeIfPresent([Code].self, forKey: .sources) ?? []
        self.outcomes = try c.decodeIfPresent([Code].self, forKey: .outcomes) ?? []
    }
}

extension PolicySource: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case document, version }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.init(document: try c.decodeText(forKey: .document), version: try c.decodeText(forKey: .version))
    }
}

extension PolicyContact: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case target, name, telephone, email, section }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.init(
            target: try c.decodeChoice(EscalationTarget.self, forKey: .target),
            name: try c.decodeText(forKey: .name),
            telephone: try c.decodeIfPresent(String.self, forKey: .telephone),
            email: try c.decodeIfPresent(String.self, forKey: .email),
            section: try c.decodeText(forKey: .section)
        )
    }
}

extension ClassificationRules: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case waspThreshold, waspThresholdSection, definitionSection, notCMESection, waspExceptions
        case unsuitableHomeEducationIsCME, specialistProvisionIsNotCME
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.init(
            waspThreshold: try c.decode(LengthFile.self, forKey: .waspThreshold).length,
            waspThresholdSection: try c.decodeText(forKey: .waspThresholdSection),
            definitionSection: try c.decodeText(forKey: .definitionSection),
            notCMESection: try c.decodeText(forKey: .notCMESection),
            waspExceptions: try c.decodeIfPresent([WASPException].self, forKey: .waspExceptions) ?? [],
            unsuitableHomeEducationIsCME: try c.decodeIfPresent(Bool.self, forKey: .unsuitableHomeEducationIsCME)
                ?? false,
            specialistProvisionIsNotCME: try c.decodeIfPresent(Bool.self, forKey: .specialistProvisionIsNotCME)
                ?? true
        )
    }
}

extension WASPException: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case condition, route, section }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        self.init(
            condition: try c.decodeChoice(Condition.self, forKey: .condition),
            route: try c.decodeText(forKey: .route),
            section: try c.decodeText(forKey: .section)
        )
    }
}

/// A clock length as written in a file: exactly one `unit: number` pair, e.g. `{ workingHours: 72 }`.
struct LengthFile: Decodable {
    var length: ClockLength

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "give exactly one unit and number, e.g. { schoolDays: 5 }; units: \(ClockLength.units.joined(separator: ", "))"
                )
            )
        }
        let value = try c.decode(Int.self, forKey: key)
        do {
            self.length = try ClockLength(unit: key.stringValue, value: value)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath + [key], debugDescription: error.description)
            )
        }
    }
}

extension ClockRule: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, section, kind, scope, startsOn, stoppedBy, cancelledBy, length, recurring, appliesWhen
        case owner, whenOverdue
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let kind = try c.decodeChoiceIfPresent(ClockKind.self, forKey: .kind) ?? .deadline
        let stoppedBy = try c.decodeChoices(CaseEventKind.self, forKey: .stoppedBy)
        let recurring = try c.decodeIfPresent(Bool.self, forKey: .recurring) ?? false
        if kind == .deadline && stoppedBy.isEmpty {
            throw c.invalid(.stoppedBy, "a deadline clock needs at least one event that meets it")
        }
        if kind == .earliest && recurring {
            throw c.invalid(.recurring, "an earliest-date clock cannot recur")
        }
        self.init(
            id: try c.decodeText(forKey: .id),
            title: try c.decodeText(forKey: .title),
            section: try c.decodeText(forKey: .section),
            kind: kind,
            scope: try c.decodeChoiceIfPresent(ClockScope.self, forKey: .scope) ?? .case,
            startsOn: try c.decodeChoice(CaseEventKind.self, forKey: .startsOn),
            stoppedBy: stoppedBy,
            cancelledBy: try c.decodeChoices(CaseEventKind.self, forKey: .cancelledBy),
            length: try c.decode(LengthFile.self, forKey: .length).length,
            recurring: recurring,
            appliesWhen: try c.decodeChoices(TriageFact.self, forKey: .appliesWhen),
            owner: try c.decodeChoice(Role.self, forKey: .owner),
            whenOverdue: try c.decodeText(forKey: .whenOverdue)
        )
    }
}

extension TriageRule: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, whenAny, whenAll, target, urgency, action, section
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let whenAny = try c.decodeChoices(TriageFact.self, forKey: .whenAny)
        let whenAll = try c.decodeChoices(TriageFact.self, forKey: .whenAll)
        if whenAny.isEmpty && whenAll.isEmpty {
            throw c.invalid(.whenAny, "a triage rule needs at least one fact in whenAny or whenAll")
        }
        self.init(
            id: try c.decodeText(forKey: .id),
            whenAny: whenAny,
            whenAll: whenAll,
            target: try c.decodeChoice(EscalationTarget.self, forKey: .target),
            urgency: try c.decodeChoice(Urgency.self, forKey: .urgency),
            action: try c.decodeText(forKey: .action),
            section: try c.decodeText(forKey: .section)
        )
    }
}
