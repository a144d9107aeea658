import CMECore
import Testing

/// Issue 17: a child's category is derived from the episode's basis, its events, the policy and the day, and
/// changes on the day the policy or an event says, not when intake ran.
@Suite("Category history")
struct CategoryHistoryTests {
    /// Suffolk 1.1: whereabouts known but out of education for ten school days is CME (WASP).
    let suffolk = ClassificationRules(
        waspThreshold: .nthSchoolDay(10),
        waspThresholdSection: "Suffolk 1.1",
        definitionSection: "Suffolk 2.1",
        notCMESection: "Suffolk 2.2"
    )
    let dob = d("2014-03-10")

    func history(_ basis: CategoryBasis, _ events: [CaseEvent], through day: String) -> CategoryHistory {
        self.suffolk.history(basis: basis, events: events, through: d(day), calendar: exampleCalendar)
    }

    @Test("Suffolk 1.1: a child without a school place becomes CME (WASP) on the 11th day after 10 school days")
    func waspPendingBecomesCMEOnTheThresholdDay() {
        // Out of school from Mon 3 Nov 2025: the 10th school day is Fri 14 Nov; CME from Sat 15 Nov.
        let basis = CategoryBasis(dateOfBirth: self.dob, whereaboutsKnown: true, outOfEducationSince: d("2025-11-03"))
        let events = [CaseEvent(.referralReceived, at: t("2025-11-05T10:00"))]
        let before = self.history(basis, events, through: "2025-11-14")
        #expect(before.current?.category == .waspPending)
        #expect(before.nextReview == d("2025-11-15"), "the sweep knows the day to look again")
        let after = self.history(basis, events, through: "2025-12-01")
        #expect(after.changes.map(\.category) == [.waspPending, .wasp])
        #expect(after.changes.last?.day == d("2025-11-15"))
        #expect(after.changes.last?.cause == nil, "time, not an event, made the child CME")
        #expect(after.changes.last?.section == "Suffolk 1.1")
        #expect(after.category(on: d("2025-11-14"))?.category == .waspPending)
    }

    @Test("Suffolk 2.1: a missing child located without a place is no longer missing but WASP from that day")
    func missingToWASPWhenLocated() {
        let basis = CategoryBasis(dateOfBirth: self.dob, whereaboutsKnown: false)
        let events = [
            CaseEvent(.referralReceived, at: t("2025-10-01T09:00")),
            CaseEvent(.ewoAssigned, at: t("2025-10-01T10:00"), assignee: "ewo"),
            CaseEvent(.childLocated, at: t("2025-10-20T15:00")),
        ]
        let history = self.history(basis, events, through: "2025-11-01")
        #expect(history.changes.map(\.category) == [.missing, .wasp])
        #expect(history.changes.last?.day == d("2025-10-20"))
        #expect(history.changes.last?.cause == .childLocated)
    }

    @Test("Suffolk 12.1: a confirmed destination takes the child out of CME; closing ends the record's tracking")
    func placedThenClosed() {
        let basis = CategoryBasis(dateOfBirth: self.dob, whereaboutsKnown: false)
        let events = [
            CaseEvent(.referralReceived, at: t("2025-10-01T09:00")),
            CaseEvent(.destinationConfirmed, at: t("2025-10-10T09:00"), outcome: "WLA", destination: "Castle Hill"),
            CaseEvent(.followUpSixWeeks, at: t("2025-11-21T09:00")),
            CaseEvent(.followUpEighteenWeeks, at: t("2026-02-13T09:00")),
            CaseEvent(.closed, at: t("2026-02-13T10:00")),
        ]
        let history = self.history(basis, events, through: "2026-03-01")
        #expect(history.changes.map(\.category) == [.missing, .placed, .caseClosed])
        #expect(history.changes.map(\.day) == [d("2025-10-01"), d("2025-10-10"), d("2026-02-13")])
        #expect(history.nextReview == nil, "nothing more changes by time alone")
        #expect(!history.changes[1].category.isCME)
    }

    @Test("Education Act 1996 s.8: a child still without a place leaves CME the day after the school leaving date")
    func leavesCMEAfterTheSchoolLeavingDate() {
        // Born 10 March 2010: the school leaving date is Friday 26 June 2026.
        let basis = CategoryBasis(dateOfBirth: d("2010-03-10"), whereaboutsKnown: false)
        let events = [CaseEvent(.referralReceived, at: t("2026-05-01T09:00"))]
        let history = self.history(basis, events, through: "2026-07-01")
        #expect(history.changes.map(\.category) == [.missing, .notCompulsorySchoolAge])
        #expect(history.changes.last?.day == d("2026-06-27"))
    }

    @Test("An outcome that does not say where the child is (S2S) leaves the child missing")
    func s2sOutcomeKeepsTheChildMissing() {
        let basis = CategoryBasis(dateOfBirth: self.dob, whereaboutsKnown: false)
        let events = [
            CaseEvent(.referralReceived, at: t("2025-10-01T09:00")),
            CaseEvent(.destinationConfirmed, at: t("2025-10-10T09:00"), outcome: "S2S"),
        ]
        // A confirmed destination means found, even when the code says only that s2s was used.
        #expect(self.history(basis, events, through: "2025-10-11").current?.category == .wasp)
    }

    @Test("The statutory counts read every episode: a day in a CME run, and the run's first day")
    func timelineAcrossEpisodes() {
        let timeline = CategoryTimeline([
            (d("2025-01-06"), .missing), (d("2025-02-01"), .placed), (d("2025-06-01"), .caseClosed),
            (d("2025-10-01"), .waspPending), (d("2025-10-15"), .wasp),
        ])
        #expect(timeline.category(on: d("2025-03-01")) == .placed)
        #expect(timeline.category(on: d("2024-12-31")) == nil)
        #expect(timeline.wasIn(Category.cme, from: d("2025-01-31"), through: d("2025-05-01")))
        #expect(!timeline.wasIn(Category.cme, from: d("2025-02-01"), through: d("2025-10-14")))
        #expect(timeline.runStart(Category.cme, containing: d("2025-11-01")) == d("2025-10-15"))
        #expect(timeline.runStart(Category.cme, containing: d("2025-09-01")) == nil)
    }
}
