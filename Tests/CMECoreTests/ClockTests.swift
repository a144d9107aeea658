import CMECore
import Testing

/// Clock engine semantics, with rules shaped like the seeds' (the seeds' own files are tested in
/// CMEPolicyFilesTests).
@Suite("Clocks")
struct ClockTests {
    static let homeVisit = ClockRule(
        id: "home-visit",
        title: "Home visit",
        section: "Suffolk 10.1",
        startsOn: .referralReceived,
        stoppedBy: [.homeVisitRecorded, .childLocated],
        cancelledBy: [.closed],
        length: .workingHours(72),
        owner: .ewo,
        whenOverdue: "Inform social care"
    )
    static let sameDay = ClockRule(
        id: "ewo-same-day",
        title: "EWO responds",
        section: "Suffolk 10.1",
        startsOn: .referralReceived,
        stoppedBy: [.ewoResponded],
        length: .sameWorkingDay,
        owner: .ewo,
        whenOverdue: "Allocate now"
    )
    static let cpMonthly = ClockRule(
        id: "cp-monthly",
        title: "Monthly CP review",
        section: "Suffolk 10.4",
        startsOn: .referralReceived,
        stoppedBy: [.childProtectionReview],
        cancelledBy: [.closed],
        length: .months(1),
        recurring: true,
        appliesWhen: [.childProtectionPlan],
        owner: .cmeOfficer,
        whenOverdue: "Liaise with the keyworker"
    )
    static let removal = ClockRule(
        id: "roll-removal",
        title: "Earliest removal",
        section: "Derbyshire 8.1",
        kind: .earliest,
        startsOn: .firstDayOfUnexplainedAbsence,
        stoppedBy: [],
        cancelledBy: [.childLocated],
        length: .nthSchoolDay(20),
        owner: .schoolAttendance,
        whenOverdue: "Removal may be considered"
    )
    let clocks = Clocks(rules: [homeVisit, sameDay, cpMonthly, removal], calendar: exampleCalendar)

    @Test func aHomeVisitClockRunsThenFallsOverdueAndShowsToTheManager() throws {
        let referral = [CaseEvent(.referralReceived, at: t("2025-11-14T14:00"))]  // a Friday
        let running = try self.clocks.evaluate(events: referral, at: t("2025-11-19T13:59"))
        let visit = try #require(running.first { $0.rule.id == "home-visit" })
        #expect(visit.due == .at(t("2025-11-19T14:00")))
        #expect(visit.state == .running)
        let overdue = try self.clocks.overdue(events: referral, at: t("2025-11-19T14:00"))
        #expect(overdue.map(\.rule.id).contains("home-visit"))
        #expect(overdue.first { $0.rule.id == "home-visit" }?.visibleTo == [.ewo, .teamManager])
    }

    @Test func aClockMetOnTimeOrLateSaysWhich() throws {
        let onTime = [
            CaseEvent(.referralReceived, at: t("2025-11-14T14:00")),
            CaseEvent(.homeVisitRecorded, at: t("2025-11-18T10:00")),
        ]
        let late = [
            CaseEvent(.referralReceived, at: t("2025-11-14T14:00")),
            CaseEvent(.homeVisitRecorded, at: t("2025-11-20T10:00")),
        ]
        let now = t("2025-12-01T09:00")
        #expect(try self.clocks.evaluate(events: onTime, at: now).first { $0.rule.id == "home-visit" }?.state == .met)
        #expect(try self.clocks.evaluate(events: late, at: now).first { $0.rule.id == "home-visit" }?.state == .metLate)
    }

    @Test func sameDayMeansTheEndOfTheWorkingDay() throws {
        // A referral on a Saturday is due by the end of Monday.
        let saturday = [CaseEvent(.referralReceived, at: t("2025-11-15T10:00"))]
        let status = try #require(
            try self.clocks.evaluate(events: saturday, at: t("2025-11-17T23:59")).first { $0.rule.id == "ewo-same-day" }
        )
        #expect(status.due == .endOf(d("2025-11-17")))
        #expect(status.state == .running)
        #expect(
            try self.clocks.overdue(events: saturday, at: t("2025-11-18T00:00")).contains {
                $0.rule.id == "ewo-same-day"
            }
        )
    }

    @Test func aRecurringClockRestartsAtEachReviewAndAppliesOnlyWhenItsFactHolds() throws {
        let events = [
            CaseEvent(.referralReceived, at: t("2025-11-03T09:00")),
            CaseEvent(.childProtectionReview, at: t("2025-11-28T09:00")),
        ]
        let without = try self.clocks.evaluate(events: events, at: t("2025-12-01T09:00"))
        #expect(!without.contains { $0.rule.id == "cp-monthly" })
        let with = try self.clocks.evaluate(events: events, facts: [.childProtectionPlan], at: t("2025-12-01T09:00"))
        let review = try #require(with.first { $0.rule.id == "cp-monthly" })
        // A month from 28 November is Sunday 28 December: due at the end of Monday 29 (issue 17).
        #expect(review.due == .endOf(d("2025-12-29")))
        #expect(review.state == .running)
        let later = try self.clocks.overdue(events: events, facts: [.childProtectionPlan], at: t("2025-12-30T09:00"))
        #expect(later.contains { $0.rule.id == "cp-monthly" })
        let closed = events + [CaseEvent(.closed, at: t("2025-12-10T09:00"), outcome: "NCA")]
        let afterClose = try self.clocks.evaluate(
            events: closed,
            facts: [.childProtectionPlan],
            at: t("2025-12-29T09:00")
        )
        #expect(afterClose.first { $0.rule.id == "cp-monthly" }?.state == .cancelled)
    }

    @Test func anEarliestDateClockWaitsThenIsReached() throws {
        // Derbyshire 8.1: 20 continuous school days from Mon 3 Nov 2025 end on Fri 28 Nov.
        let absent = [CaseEvent(.firstDayOfUnexplainedAbsence, at: t("2025-11-03T09:00"))]
        let waiting = try #require(try self.clocks.evaluate(events: absent, at: t("2025-11-28T12:00")).first)
        #expect(waiting.due == .endOf(d("2025-11-28")))
        #expect(waiting.state == .waiting)
        #expect(try self.clocks.evaluate(events: absent, at: t("2025-12-01T08:00")).first?.state == .reached)
        let found = absent + [CaseEvent(.childLocated, at: t("2025-11-10T09:00"))]
        #expect(try self.clocks.evaluate(events: found, at: t("2025-12-01T08:00")).first?.state == .cancelled)
    }

    @Test func eventsAfterTheInstantAreNotSeen() throws {
        let events = [
            CaseEvent(.referralReceived, at: t("2025-11-14T14:00")),
            CaseEvent(.homeVisitRecorded, at: t("2025-11-18T10:00")),
        ]
        let before = try self.clocks.evaluate(events: events, at: t("2025-11-17T10:00"))
        #expect(before.first { $0.rule.id == "home-visit" }?.state == .running)
        #expect(try self.clocks.evaluate(events: [], at: t("2025-11-17T10:00")).isEmpty)
    }

    @Test func lengthsAreDescribedInPlainWords() throws {
        #expect(ClockLength.workingHours(72).description == "72 working hours")
        #expect(ClockLength.nthSchoolDay(11).description == "the 11th school day")
        #expect(ClockLength.nthSchoolDay(22).description == "the 22nd school day")
        #expect(ClockLength.weeks(1).description == "1 week")
        #expect(throws: ClockError.unknownUnit("fortnights")) { try ClockLength(unit: "fortnights", value: 2) }
        #expect(throws: ClockError.negativeLength("schoolDays", -1)) { try ClockLength(unit: "schoolDays", value: -1) }
    }
}

@Suite("Triage")
struct TriageTests {
    let rules = [
        TriageRule(
            id: "police",
            whenAny: [.pastSuspicions, .possibleVictimOfCrime],
            target: .police,
            urgency: .sameDay,
            action: "Refer to police",
            section: "Leicestershire 5.0"
        ),
        TriageRule(
            id: "cp",
            whenAny: [.childProtectionPlan],
            target: .childrensSocialCare,
            urgency: .immediate,
            action: "Social care now",
            section: "Suffolk 10.4"
        ),
        TriageRule(
            id: "panel",
            whenAny: [.exploitationRisk],
            whenAll: [.notLocated],
            target: .multiAgencyPanel,
            urgency: .sameDay,
            action: "Panel",
            section: "Derbyshire 7.3"
        ),
    ]

    @Test func recommendationsComeMostUrgentFirstWithTheirSection() {
        let result = Triage.recommend([.pastSuspicions, .childProtectionPlan], rules: self.rules)
        #expect(result.map(\.ruleID) == ["cp", "police"])
        #expect(result.first?.section == "Suffolk 10.4")
        #expect(result.last?.because == [.pastSuspicions])
        #expect(Triage.recommend([], rules: self.rules).isEmpty)
    }

    @Test func aRuleWithAnAllConditionWaitsForIt() {
        #expect(Triage.recommend([.exploitationRisk], rules: self.rules).isEmpty)
        let located = Triage.recommend([.exploitationRisk, .notLocated], rules: self.rules)
        #expect(located.map(\.target) == [.multiAgencyPanel])
        #expect(located.first?.because == [.exploitationRisk, .notLocated])
    }

    @Test func appendixAIndicatorsAndTheChildsStatusBecomeFacts() {
        var referral = Referral(
            child: Child(forename: "Amira", surname: "Khan", dateOfBirth: d("2014-05-02"), childProtectionPlan: true)
        )
        referral.indicators[.childSexualExploitation] = IndicatorAnswer(present: true, currency: .current)
        referral.indicators[.domesticAbuse] = IndicatorAnswer(present: true, currency: .historic)
        referral.triageAnswers = [.significantIncident]
        #expect(referral.triageFacts == [.childProtectionPlan, .exploitationRisk, .significantIncident])
        #expect(referral.currentIndicators == [.childSexualExploitation])
    }
}

/// Issue 17: due instants are whole working times.
@Suite("Whole working times")
struct WholeWorkingTimeTests {
    @Test("A deadline in calendar days, weeks or months that ends on a Sunday is due at the end of Monday")
    func calendarLengthsRollToTheNextWorkingDay() throws {
        // Tuesday 4 November 2025 + 5 days = Sunday 9 November.
        let start = t("2025-11-04T10:00")
        #expect(try ClockLength.calendarDays(5).due(from: start, on: exampleCalendar) == .endOf(d("2025-11-10")))
        // Saturday 1 November + 2 weeks = Saturday 15 November: due Monday 17.
        #expect(
            try ClockLength.weeks(2).due(from: t("2025-11-01T10:00"), on: exampleCalendar) == .endOf(d("2025-11-17"))
        )
        // 25 December 2025 + 1 month = Sunday 25 January 2026.
        #expect(
            try ClockLength.months(1).due(from: t("2025-12-25T10:00"), on: exampleCalendar) == .endOf(d("2026-01-26"))
        )
        // Zero days is the day itself.
        #expect(
            try ClockLength.calendarDays(0).due(from: t("2025-11-08T10:00"), on: exampleCalendar)
                == .endOf(d("2025-11-08"))
        )
    }

    @Test(
        "Suffolk 10.1: 72 working hours from a referral in the night are due at the end of a working day, never by 4:01am"
    )
    func hoursInTheNightEndTheDayBefore() throws {
        // Monday 3 November 04:01 + 72 working hours = Thursday 04:01: due by the end of Wednesday.
        let night = try ClockLength.workingHours(72).due(from: t("2025-11-03T04:01"), on: exampleCalendar)
        #expect(night == .endOf(d("2025-11-05")))
        // A Saturday referral counts from Monday's start: Thursday 00:00, so the end of Wednesday.
        let saturday = try ClockLength.workingHours(72).due(from: t("2025-11-08T10:00"), on: exampleCalendar)
        #expect(saturday == .endOf(d("2025-11-12")))
        // In the working day, the exact time stands.
        let day = try ClockLength.workingHours(72).due(from: t("2025-11-03T14:00"), on: exampleCalendar)
        #expect(day == .at(t("2025-11-06T14:00")))
        // Friday 05:00 + 72 working hours = Wednesday 05:00, the night after Tuesday: never a weekend day.
        let friday = try ClockLength.workingHours(72).due(from: t("2025-11-07T05:00"), on: exampleCalendar)
        #expect(friday == .endOf(d("2025-11-11")))
    }
}
