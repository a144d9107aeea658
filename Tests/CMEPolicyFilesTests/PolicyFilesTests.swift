import CMECore
import CMEPolicyFiles
import Foundation
import Testing

/// The repository's policy files and helpers to read and mutate them.
private enum Fixtures {
    /// `<repo>/policies`, found from this file's path (`<repo>/Tests/CMEPolicyFilesTests/PolicyFilesTests.swift`).
    static var policiesDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("policies")
    }

    static func policy(_ id: String) throws -> Policy {
        try PolicyFiles.load(id: id, directory: Self.policiesDirectory)
    }

    /// The text of `policies/suffolk.yaml`, the base every broken file below is made from.
    static func suffolkText() throws -> String {
        try String(contentsOf: Self.policiesDirectory.appendingPathComponent("suffolk.yaml"), encoding: .utf8)
    }

    /// `text` with the first occurrence of `target` replaced; fails the test when `target` is not there.
    static func replacingFirst(_ target: String, with replacement: String, in text: String) throws -> String {
        let range = try #require(text.range(of: target), "'\(target)' does not occur in suffolk.yaml")
        var copy = text
        copy.replaceSubrange(range, with: replacement)
        return copy
    }

    /// Parses `text` as `suffolk.yaml` and returns the error it must fail with.
    static func parseFailure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> PolicyFileError? {
        do {
            let policy = try PolicyFiles.parse(text, file: "suffolk.yaml")
            Issue.record(
                "expected a PolicyFileError, but policy '\(policy.id)' loaded",
                sourceLocation: sourceLocation
            )
            return nil
        } catch let error as PolicyFileError {
            return error
        } catch {
            Issue.record("expected a PolicyFileError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cme-policy-files-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite("Loading the repository's policy files")
struct PolicyLoadingTests {
    @Test("all five policies load, sorted by id")
    func loadAll() throws {
        let policies = try PolicyFiles.loadAll(directory: Fixtures.policiesDirectory)
        let ids = policies.map(\.id)
        #expect(ids == ["derbyshire", "gloucestershire", "innov8", "leicestershire", "suffolk"])
    }

    @Test(
        "each policy has example term dates for 2025/26 and 2026/27",
        arguments: ["derbyshire", "gloucestershire", "innov8", "leicestershire", "suffolk"]
    )
    func exampleTermDates(id: String) throws {
        let policy = try Fixtures.policy(id)
        #expect(policy.id == id)
        let labels = policy.calendar.years.map(\.year.description)
        let years = policy.calendar.years.map(\.year)
        let allExampleDates = policy.calendar.years.allSatisfy { $0.exampleDates }
        #expect(labels == ["2025/26", "2026/27"])
        #expect(years == [AcademicYear(startYear: 2025), AcademicYear(startYear: 2026)])
        #expect(allExampleDates)
    }

    @Test("the unchanged Suffolk text parses")
    func unchangedTextParses() throws {
        let policy = try PolicyFiles.parse(try Fixtures.suffolkText(), file: "suffolk.yaml")
        #expect(policy.id == "suffolk")
    }

    @Test("loadAll refuses a file whose name differs from its id")
    func fileNamedAfterAnotherId() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Fixtures.suffolkText().write(
            to: directory.appendingPathComponent("norfolk.yaml"),
            atomically: true,
            encoding: .utf8
        )
        do {
            let policies = try PolicyFiles.loadAll(directory: directory)
            Issue.record("expected an error, loaded \(policies.map(\.id))")
        } catch let error as PolicyFileError {
            #expect(error.file.hasSuffix("norfolk.yaml"))
            #expect(error.key == "id")
            #expect(error.reason.contains("'suffolk'"))
            #expect(error.reason.contains("norfolk.yaml"))
        }
    }

    @Test("load(id:directory:) with an unknown id lists the known ids")
    func unknownId() throws {
        do {
            let policy = try PolicyFiles.load(id: "norfolk", directory: Fixtures.policiesDirectory)
            Issue.record("expected an error, loaded \(policy.id)")
        } catch let error as PolicyFileError {
            #expect(error.file.contains("policies"))
            #expect(error.key == "")
            #expect(error.reason.contains("'norfolk'"))
            #expect(error.reason.contains("known: derbyshire, gloucestershire, innov8, leicestershire, suffolk"))
        }
    }
}

@Suite("Bad policy files name the file, the key and the problem")
struct PolicyFileErrorTests {
    @Test("an unknown top-level key")
    func unknownTopLevelKey() throws {
        let text = try Fixtures.suffolkText() + "colour: blue\n"
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "colour")
        #expect(error.reason.contains("unknown key 'colour'"))
        #expect(error.reason.contains("classification"))
    }

    @Test("a misspelt key inside a clock")
    func misspeltClockKey() throws {
        let text = try Fixtures.replacingFirst("whenOverdue:", with: "whenOverdu:", in: try Fixtures.suffolkText())
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "clocks[0].whenOverdu")
        #expect(error.reason.contains("unknown key 'whenOverdu'"))
        #expect(error.reason.contains("whenOverdue"))
    }

    @Test("a missing WASP threshold")
    func missingWASPThreshold() throws {
        let text = try Fixtures.replacingFirst(
            "  waspThreshold: { nthSchoolDay: 10 }\n",
            with: "",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        let expected = PolicyFileError(file: "suffolk.yaml", key: "classification.waspThreshold", reason: "is missing")
        #expect(error == expected)
    }

    @Test("a month that does not exist")
    func malformedMonth() throws {
        let text = try Fixtures.replacingFirst(
            "start: 2025-09-01",
            with: "start: 2025-13-01",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "calendar.years[0].terms[0].start")
        #expect(error.reason.contains("2025-13-01"))
    }

    @Test("a day that does not exist in its month")
    func malformedDay() throws {
        let text = try Fixtures.replacingFirst(
            "last: 2026-02-20",
            with: "last: 2026-02-30",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "calendar.years[0].terms[1].halfTerm.last")
        #expect(error.reason.contains("2026-02-30"))
    }

    @Test("an unknown length unit lists the allowed units")
    func unknownLengthUnit() throws {
        let text = try Fixtures.replacingFirst(
            "{ weeks: 4 }",
            with: "{ fortnights: 2 }",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key.hasPrefix("clocks[2].length"))
        #expect(error.reason.contains("fortnights"))
        for unit in ClockLength.units {
            #expect(error.reason.contains(unit))
        }
    }

    @Test("an unknown clock owner role lists the allowed roles")
    func unknownOwner() throws {
        let text = try Fixtures.replacingFirst(
            "owner: ewo\n",
            with: "owner: head_of_year\n",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "clocks[0].owner")
        #expect(error.reason.contains("head_of_year"))
        for role in Role.allCases {
            #expect(error.reason.contains(role.rawValue))
        }
    }

    @Test("an unknown outcome code among the outcomes that close without follow-up")
    func unknownClosingOutcome() throws {
        let text = try Fixtures.replacingFirst(
            "outcomesClosingWithoutFollowUp: [DEC, NCA]",
            with: "outcomesClosingWithoutFollowUp: [DEC, XYZ]",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "outcomesClosingWithoutFollowUp")
        #expect(error.reason.contains("'XYZ'"))
        #expect(error.reason.contains("DEC"))
        #expect(error.reason.contains("S2S"))
    }

    @Test("a clock id used twice")
    func duplicateClockId() throws {
        let text = try Fixtures.replacingFirst(
            "id: home-visit",
            with: "id: ewo-same-day-response",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "clocks")
        #expect(error.reason.contains("'ewo-same-day-response'"))
        #expect(error.reason.contains("twice"))
    }

    @Test("a half term outside its term")
    func halfTermOutsideTerm() throws {
        let text = try Fixtures.replacingFirst(
            "halfTerm: { first: 2025-10-27, last: 2025-10-31 }",
            with: "halfTerm: { first: 2025-12-22, last: 2025-12-31 }",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "calendar.years[0].terms[0].halfTerm")
        #expect(error.reason.contains("2025-12-22"))
        #expect(error.reason.contains("inside the term"))
    }

    @Test("invalid YAML syntax (an unclosed bracket)")
    func invalidYAML() throws {
        let text = try Fixtures.replacingFirst(
            "outcomesClosingWithoutFollowUp: [DEC, NCA]",
            with: "outcomesClosingWithoutFollowUp: [DEC, NCA",
            in: try Fixtures.suffolkText()
        )
        let error = try #require(Fixtures.parseFailure(text))
        #expect(error.file == "suffolk.yaml")
        #expect(error.key == "")
        #expect(error.reason.hasPrefix("is not valid YAML"))
    }
}

@Suite("Each policy's own thresholds, read through its file")
struct PolicyThresholdTests {
    // Suffolk 10.1: "visiting the last known home address within 72 Working Hours".
    @Test("Suffolk 10.1: home visit within 72 working hours")
    func suffolkHomeVisit() throws {
        let policy = try Fixtures.policy("suffolk")
        let clock = try #require(policy.clock("home-visit"))
        #expect(clock.length == .workingHours(72))
        #expect(clock.owner == .ewo)
        #expect(clock.section == "Suffolk 10.1")
    }

    // Suffolk 12.1: "the Children Missing Education Officer will follow up at 6 weeks and 18 weeks".
    @Test("Suffolk 12.1: follow-ups at 6 and 18 weeks")
    func suffolkFollowUps() throws {
        let policy = try Fixtures.policy("suffolk")
        let six = try #require(policy.clock("follow-up-6-weeks"))
        let eighteen = try #require(policy.clock("follow-up-18-weeks"))
        #expect(six.length == .weeks(6))
        #expect(eighteen.length == .weeks(18))
        #expect(six.startsOn == .destinationConfirmed)
        #expect(eighteen.startsOn == .destinationConfirmed)
    }

    // Suffolk 11.4: "If, after four weeks of non-attendance, a pupil has not been found ... create a CTF".
    @Test("Suffolk 11.4: lost-pupil CTF after four weeks")
    func suffolkLostPupilCTF() throws {
        let policy = try Fixtures.policy("suffolk")
        let clock = try #require(policy.clock("lost-pupil-ctf"))
        #expect(clock.length == .weeks(4))
        #expect(clock.section == "Suffolk 11.4")
    }

    // Suffolk 16.2: "6 Weekly Case review with Manager".
    @Test("Suffolk 16.2: 6-weekly case review with the manager, recurring")
    func suffolkManagerReview() throws {
        let policy = try Fixtures.policy("suffolk")
        let clock = try #require(policy.clock("manager-review"))
        #expect(clock.length == .weeks(6))
        #expect(clock.recurring)
        #expect(clock.owner == .teamManager)
    }

    // Suffolk 10.4: child protection cases are monitored "at least monthly intervals or until the child has been
    // found".
    @Test("Suffolk 10.4: monthly review only for a child protection plan")
    func suffolkChildProtectionMonthly() throws {
        let policy = try Fixtures.policy("suffolk")
        let clock = try #require(policy.clock("child-protection-monthly"))
        let expectedFacts: [TriageFact] = [.childProtectionPlan]
        #expect(clock.length == .months(1))
        #expect(clock.recurring)
        #expect(clock.appliesWhen == expectedFacts)
    }

    // Derbyshire 5.1: "Schools should refer children by day 11 at the latest".
    @Test("Derbyshire 5.1: school refers by day 11")
    func derbyshireSchoolReferral() throws {
        let policy = try Fixtures.policy("derbyshire")
        let clock = try #require(policy.clock("school-referral"))
        #expect(clock.length == .nthSchoolDay(11))
        #expect(clock.kind == .deadline)
        #expect(clock.section == "Derbyshire 5.1")
    }

    // Derbyshire 8.1: not removed from roll "until they have been continuously absent for at least 20 school days".
    @Test("Derbyshire 8.1: removal from roll not before the 20th school day")
    func derbyshireRollRemoval() throws {
        let policy = try Fixtures.policy("derbyshire")
        let clock = try #require(policy.clock("roll-removal-earliest"))
        #expect(clock.kind == .earliest)
        #expect(clock.length == .nthSchoolDay(20))
        #expect(!clock.recurring)
    }

    // Derbyshire 3.3: "CME - WASP": out of education "for 4 school weeks or more", except children with an EHCP
    // and looked-after children.
    @Test("Derbyshire 3.3: WASP after 4 school weeks, with EHCP and looked-after exceptions")
    func derbyshireWASP() throws {
        let policy = try Fixtures.policy("derbyshire")
        let expectedConditions: [WASPException.Condition] = [.ehcp, .lookedAfter]
        #expect(policy.classification.waspThreshold == .nthSchoolDay(20))
        #expect(policy.classification.waspThresholdSection == "Derbyshire 3.3")
        let conditions = policy.classification.waspExceptions.map(\.condition)
        #expect(conditions == expectedConditions)
    }

    // John Moore 4.1 IX: "submit CME referral to LA no later than the 10th day of absence".
    @Test("Gloucestershire (John Moore 4.1 IX): referral by the 10th day of absence")
    func gloucestershireSchoolReferral() throws {
        let policy = try Fixtures.policy("gloucestershire")
        let clock = try #require(policy.clock("school-referral"))
        #expect(clock.length == .nthSchoolDay(10))
        #expect(clock.section == "John Moore 4.1 IX")
    }

    // innov8 5.2: "reporting absences if a child is more than 15 minutes late"; 7.3: "within 15 minutes".
    @Test("innov8 5.2, 7.3: AP absence reported within 15 minutes by the provider")
    func innov8APAbsence() throws {
        let policy = try Fixtures.policy("innov8")
        let clock = try #require(policy.clock("ap-absence-report"))
        #expect(clock.length == .minutes(15))
        #expect(clock.owner == .apProvider)
    }

    // innov8 11.2: "visit the home within 72 working hours/three school days".
    @Test("innov8 11.2: home visit within 72 hours of school days")
    func innov8HomeVisit() throws {
        let policy = try Fixtures.policy("innov8")
        let clock = try #require(policy.clock("home-visit"))
        #expect(clock.length == .schoolHours(72))
    }

    // innov8 3.1: CME includes those "not receiving a suitable education (i.e. Poor Elective Home Education ...)".
    @Test("innov8 3.1: unsuitable home education is CME (not so for Suffolk)")
    func innov8UnsuitableHomeEducation() throws {
        let innov8 = try Fixtures.policy("innov8")
        let suffolk = try Fixtures.policy("suffolk")
        #expect(innov8.classification.unsuitableHomeEducationIsCME)
        #expect(!suffolk.classification.unsuitableHomeEducationIsCME)
    }

    // Leicestershire 5.0: "How and when to consider police involvement?".
    @Test("Leicestershire 5.0: a yes to a police question recommends the police")
    func leicestershirePolice() throws {
        let policy = try Fixtures.policy("leicestershire")
        let recommendations = policy.recommend([.pastSuspicions])
        #expect(recommendations.count == 1)
        let first = try #require(recommendations.first)
        #expect(first.target == .police)
        #expect(first.urgency == .sameDay)
        #expect(first.section == "Leicestershire 5.0")
    }

    // Leicestershire 6.0: "How and when to consider social care involvement?".
    @Test("Leicestershire 6.0: a child in care recommends children's social care")
    func leicestershireSocialCare() throws {
        let policy = try Fixtures.policy("leicestershire")
        let recommendations = policy.recommend([.inCare])
        #expect(recommendations.count == 1)
        let first = try #require(recommendations.first)
        #expect(first.target == .childrensSocialCare)
        #expect(first.section == "Leicestershire 6.0")
    }

    @Test("Leicestershire: missing with family alone recommends nothing")
    func leicestershireNothing() throws {
        let policy = try Fixtures.policy("leicestershire")
        let recommendations = policy.recommend([.missingWithFamily])
        #expect(recommendations.isEmpty)
    }

    // Derbyshire 7.1: the DSL "will immediately contact the Children's Services ... and/or the Police"; 7.2: "A
    // subsequent referral should be made to the CME Coordinator on the same day".
    @Test("Derbyshire 7.1, 7.2: exploitation risk goes to social care and police at once, CME team same day")
    func derbyshireExploitation() throws {
        let policy = try Fixtures.policy("derbyshire")
        let lines = policy.recommend([.exploitationRisk]).map {
            "\($0.urgency.rawValue) \($0.target.rawValue) \($0.section)"
        }
        #expect(
            lines == [
                "immediate childrens_social_care Derbyshire 7.1",
                "immediate police Derbyshire 7.1",
                "same_day cme_team Derbyshire 7.2",
            ]
        )
    }

    // Derbyshire 7.3: "Where a pupil with a serious welfare concern cannot be located the case will be referred to a
    // multi-agency panel".
    @Test("Derbyshire 7.3: not located as well adds the multi-agency panel")
    func derbyshireNotLocated() throws {
        let policy = try Fixtures.policy("derbyshire")
        let lines = policy.recommend([.exploitationRisk, .notLocated]).map {
            "\($0.urgency.rawValue) \($0.target.rawValue) \($0.section)"
        }
        #expect(
            lines == [
                "immediate childrens_social_care Derbyshire 7.1",
                "immediate police Derbyshire 7.1",
                "same_day cme_team Derbyshire 7.2",
                "same_day multi_agency_panel Derbyshire 7.3",
            ]
        )
    }

    // Cromford 8.0: if a new address "should not be shared with anyone but the Headteacher", access to it is
    // restricted.
    @Test("Cromford 8.0: the headteacher may see a restricted address in Derbyshire, not in Suffolk")
    func restrictedAddressViewers() throws {
        let derbyshire = try Fixtures.policy("derbyshire")
        let suffolk = try Fixtures.policy("suffolk")
        #expect(derbyshire.restrictedAddressViewers.contains(Role.schoolHeadteacher))
        #expect(derbyshire.maySeeRestrictedAddress(Role.schoolHeadteacher))
        #expect(!suffolk.restrictedAddressViewers.contains(Role.schoolHeadteacher))
        #expect(!suffolk.maySeeRestrictedAddress(Role.schoolHeadteacher))
        #expect(suffolk.maySeeRestrictedAddress(Role.cmeOfficer))
    }

    // Suffolk Appendix 4 codes are built in; Suffolk adds POL (Appendix 2: Police Education Liaison Officer).
    @Test("Suffolk adds source POL and keeps every Appendix 4 code")
    func suffolkExtraCodes() throws {
        let policy = try Fixtures.policy("suffolk")
        let sources = policy.codes[.source].map(\.code)
        let builtInSources = CodeSet.suffolkAppendix4[.source].map(\.code)
        #expect(sources.contains("POL"))
        #expect(!builtInSources.contains("POL"))
        for list in CodeList.allCases {
            let own = Set(policy.codes[list].map(\.code))
            let builtIn = Set(CodeSet.suffolkAppendix4[list].map(\.code))
            #expect(builtIn.isSubset(of: own), "\(list.rawValue) codes")
        }
    }
}

/// Issue 16: the policy's retention rules and the oldest age in scope, read strictly.
@Suite("Retention and age in policy files")
struct RetentionPolicyTests {
    @Test("every seed file states its retention rules; a child is due 9 years after the school leaving date")
    func retentionLoads() throws {
        for id in ["derbyshire", "gloucestershire", "innov8", "leicestershire", "suffolk"] {
            let policy = try Fixtures.policy(id)
            #expect(policy.retention.childYearsAfterLeaving == 9)
            #expect(policy.retention.feedRowsMonths == 24)
            #expect(policy.oldestAgeInScope == 18)
        }
        let rules = try Fixtures.policy("suffolk").retention
        // Born 5 May 2009: turns 16 in the school year 2024/25, leaves on the last Friday of June 2025.
        let born = try Day(iso: "2009-05-05")
        #expect(rules.childDue(dateOfBirth: born).description == "2034-06-27")
        #expect(!rules.childIsDue(dateOfBirth: born, hasOpenCase: false, on: try Day(iso: "2034-06-26")))
        #expect(rules.childIsDue(dateOfBirth: born, hasOpenCase: false, on: try Day(iso: "2034-06-27")))
        #expect(!rules.childIsDue(dateOfBirth: born, hasOpenCase: true, on: try Day(iso: "2040-01-01")))
    }

    @Test("a retention rule out of range, or an oldest age out of range, is an error naming the key")
    func badValuesNamed() throws {
        let text = try Fixtures.suffolkText()
        let years = try Fixtures.replacingFirst(
            "childYearsAfterLeaving: 9",
            with: "childYearsAfterLeaving: -1",
            in: text
        )
        #expect(try #require(Fixtures.parseFailure(years)).key == "retention.childYearsAfterLeaving")
        let age = try Fixtures.replacingFirst(
            "restrictedAddressViewers:",
            with: "oldestAgeInScope: 40\nrestrictedAddressViewers:",
            in: text
        )
        #expect(try #require(Fixtures.parseFailure(age)).key == "oldestAgeInScope")
    }
}

/// Issue 17: a clock is met only by the event that does what it asks, and is otherwise no longer needed, saying why.
@Suite("Clocks settled by the right event")
struct ClockSettlementTests {
    static func at(_ day: String, _ hour: Int) throws -> LocalDateTime {
        LocalDateTime(day: try Day(iso: day), hour: hour, minute: 0)
    }

    @Test("Suffolk 10.1: an officer's admissions enquiry is not the EWO responding; the EWO's response meets it")
    func officersEnquiryDoesNotMeetTheEWOsResponse() throws {
        let policy = try Fixtures.policy("suffolk")
        let events = [
            CaseEvent(.referralReceived, at: try Self.at("2025-11-03", 9)),
            CaseEvent(.enquiryRecorded, at: try Self.at("2025-11-03", 11)),
        ]
        let clocks = try policy.clockEngine.evaluate(events: events, at: try Self.at("2025-11-04", 9))
        let response = try #require(clocks.first { $0.rule.id == "ewo-same-day-response" })
        #expect(response.state == .overdue && response.settledBy == nil)
        let answered = events + [CaseEvent(.ewoResponded, at: try Self.at("2025-11-03", 15))]
        let met = try policy.clockEngine.evaluate(events: answered, at: try Self.at("2025-11-04", 9))
            .first { $0.rule.id == "ewo-same-day-response" }
        #expect(met?.state == .met && met?.settledBy == .ewoResponded)
    }

    @Test(
        "Suffolk 10.1, 11.4: a child found before the visit makes the visit and the lost-pupil CTF no longer needed, naming the event; recording the outcome does not mark the visit done",
        arguments: ["suffolk", "innov8"]
    )
    func foundFirstIsNoLongerNeeded(policyID: String) throws {
        let policy = try Fixtures.policy(policyID)
        let events = [
            CaseEvent(.referralReceived, at: try Self.at("2025-11-03", 9)),
            CaseEvent(.firstDayOfUnexplainedAbsence, at: try Self.at("2025-11-03", 9)),
            CaseEvent(.childLocated, at: try Self.at("2025-11-04", 10)),
            CaseEvent(.destinationConfirmed, at: try Self.at("2025-11-04", 11)),
        ]
        let clocks = try policy.clockEngine.evaluate(events: events, at: try Self.at("2025-11-10", 9))
        let visit = try #require(clocks.first { $0.rule.id == "home-visit" })
        #expect(visit.state == .cancelled, "no longer needed, not done")
        #expect(visit.settledBy == .childLocated)
        if let ctf = clocks.first(where: { $0.rule.id == "lost-pupil-ctf" }) {
            #expect(ctf.state == .cancelled && ctf.settledBy == .childLocated)
        }
        // The visit made, it is done, and says so.
        let visited = [events[0], CaseEvent(.homeVisitRecorded, at: try Self.at("2025-11-03", 14))]
        let done = try policy.clockEngine.evaluate(events: visited, at: try Self.at("2025-11-10", 9))
            .first { $0.rule.id == "home-visit" }
        #expect(done?.state == .met && done?.settledBy == .homeVisitRecorded)
    }
}

/// Issue 17: a triage rule that waits for a clock the policy does not define could never fire.
@Suite("Triage rules and their clocks")
struct TriageClockTests {
    @Test("Derbyshire 5.11: a rule asking about a home-visit clock the policy does not have is refused, naming it")
    func ruleNeedingAMissingClockIsRefused() throws {
        let text = try String(
            contentsOf: Fixtures.policiesDirectory.appendingPathComponent("derbyshire.yaml"),
            encoding: .utf8
        )
        let broken = try Fixtures.replacingFirst(
            "whenAll: [not_located, unresolved_at_review]",
            with: "whenAll: [not_located, not_located_within_home_visit_clock]",
            in: text
        )
        do {
            _ = try PolicyFiles.parse(broken, file: "derbyshire.yaml")
            Issue.record("a rule that can never fire was accepted")
        } catch let error as PolicyFileError {
            #expect(error.key == "triage")
            #expect(error.reason.contains("unresolved-complex-case-panel") && error.reason.contains("'home-visit'"))
        }
        // As shipped, the rule waits for Derbyshire's own review clock.
        let policy = try Fixtures.policy("derbyshire")
        #expect(policy.clock("unresolved-review")?.section == "Derbyshire 5.11")
    }
}
