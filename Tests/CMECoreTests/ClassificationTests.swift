import CMECore
import Testing

/// Derbyshire 3.3 and its WASP exceptions, and innov8 3.1/3.2, as inline rules (the files are tested too).
@Suite("Classification")
struct ClassificationTests {
    let derbyshire = ClassificationRules(
        waspThreshold: .nthSchoolDay(20),
        waspThresholdSection: "Derbyshire 3.3",
        definitionSection: "Derbyshire 3.2",
        notCMESection: "Derbyshire 4.1",
        waspExceptions: [
            WASPException(condition: .ehcp, route: "SEN route", section: "Derbyshire, Exceptions (EHCP)"),
            WASPException(condition: .lookedAfter, route: "Virtual School", section: "Derbyshire, Exceptions (LAC)"),
        ]
    )
    let innov8 = ClassificationRules(
        waspThreshold: .nthSchoolDay(10),
        waspThresholdSection: "Suffolk 1.1",
        definitionSection: "innov8 3.1",
        notCMESection: "innov8 3.2",
        unsuitableHomeEducationIsCME: true
    )
    let dob = d("2015-03-10")

    func classify(_ rules: ClassificationRules, _ facts: EducationFacts, on day: String) throws -> Verdict {
        try rules.classify(facts, on: d(day), calendar: exampleCalendar)
    }

    @Test func withoutAPlaceBecomesWASPAfterFourSchoolWeeks() throws {
        // Out of school from Mon 3 Nov 2025: the 20th school day is Fri 28 Nov.
        let facts = EducationFacts(dateOfBirth: self.dob, outOfEducationSince: d("2025-11-03"))
        let pending = try self.classify(self.derbyshire, facts, on: "2025-11-20")
        #expect(pending.category == .waspPending)
        #expect(pending.becomesCMEOn == d("2025-11-29"))
        let wasp = try self.classify(self.derbyshire, facts, on: "2025-12-01")
        #expect(wasp.category == .wasp)
        #expect(wasp.section == "Derbyshire 3.3")
    }

    @Test func ehcpAndLookedAfterChildrenFollowOtherRoutesInDerbyshire() throws {
        let ehcp = EducationFacts(dateOfBirth: self.dob, outOfEducationSince: d("2025-09-03"), hasEHCP: true)
        let verdict = try self.classify(self.derbyshire, ehcp, on: "2025-12-01")
        #expect(verdict.category == .otherRoute)
        #expect(verdict.section == "Derbyshire, Exceptions (EHCP)")
        let lac = EducationFacts(dateOfBirth: self.dob, outOfEducationSince: d("2025-09-03"), lookedAfter: true)
        #expect(try self.classify(self.derbyshire, lac, on: "2025-12-01").reason.contains("Virtual School"))
        // The exceptions are Derbyshire's: under innov8's rules the same child is WASP.
        #expect(try self.classify(self.innov8, ehcp, on: "2025-12-01").category == .wasp)
    }

    @Test func missingWhereaboutsIsCMEWhateverTheWait() throws {
        let lost = EducationFacts(dateOfBirth: self.dob, whereaboutsKnown: false)
        let verdict = try self.classify(self.derbyshire, lost, on: "2025-12-01")
        #expect(verdict.category == .missing)
        #expect(verdict.category.isCME)
    }

    @Test func theNotCMECasesOfSuffolk22AndInnov832() throws {
        let onRoll = EducationFacts(dateOfBirth: self.dob, onSchoolRoll: true)
        #expect(try self.classify(self.innov8, onRoll, on: "2025-12-01").category == .attendanceRoute)
        let ap = EducationFacts(dateOfBirth: self.dob, inTemporaryAlternativeProvision: true)
        #expect(try self.classify(self.innov8, ap, on: "2025-12-01").category == .alternativeProvision)
        let specialist = EducationFacts(dateOfBirth: self.dob, inSpecialistProvision: true)
        #expect(try self.classify(self.innov8, specialist, on: "2025-12-01").category == .specialistProvision)
        let ehe = EducationFacts(dateOfBirth: self.dob, electivelyHomeEducated: true)
        #expect(try self.classify(self.innov8, ehe, on: "2025-12-01").section == "innov8 3.2")
    }

    @Test func unsuitableHomeEducationIsCMEOnlyWhereThePolicySaysSo() throws {
        let poor = EducationFacts(dateOfBirth: self.dob, electivelyHomeEducated: true, homeEducationSuitable: false)
        #expect(try self.classify(self.innov8, poor, on: "2025-12-01").category == .wasp)
        #expect(try self.classify(self.derbyshire, poor, on: "2025-12-01").category == .homeEducated)
    }

    @Test func childrenOutsideCompulsorySchoolAgeAreNotCME() throws {
        let tooYoung = EducationFacts(dateOfBirth: d("2021-01-15"), whereaboutsKnown: false)
        let verdict = try self.classify(self.derbyshire, tooYoung, on: "2025-12-01")
        #expect(verdict.category == .notCompulsorySchoolAge)
        #expect(verdict.reason.contains("2026-03-31"))
    }
}
