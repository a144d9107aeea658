import CMECore
import CMEStorage
import Fluent
import Foundation
import Vapor

/// One demo case walked along Suffolk Appendix 3 to a stage that depends on its age.
extension DemoData {
    /// One demo case; `false` when the referral attached to another (a demo child drawn twice).
    static func seedCase(_ index: Int, _ context: SeedContext) async throws -> Bool {
        let service = context.service
        let db = context.db
        let now = context.now
        let count = context.count
        let schoolStaff = context.schoolStaff
        let schools = context.schools
        let ewos = context.ewos
        let officerActor = context.officerActor
        let day: TimeInterval = 86_400
        var random = SeededRandom(seed: 20_261_124 &+ UInt64(index))
        let opened = now.addingTimeInterval(-day * Double(150 - (index * 149) / count) + 3600 * Double(index % 7))
        let dob = Day(year: 2010 + random.next(12), month: 1 + random.next(12), day: 1 + random.next(28))!
        let forename = self.forenames[random.next(self.forenames.count)]
        let surname = self.surnames[random.next(self.surnames.count)]
        let referrer = schoolStaff[index % schoolStaff.count]
        let school = schools.first { $0.id == referrer.$organisation.id }
        let actor = Actor(
            userID: referrer.id,
            role: referrer.roleValue ?? .schoolDSL,
            organisationID: referrer.$organisation.id
        )
        var child = Child(
            forename: forename,
            surname: surname,
            dateOfBirth: dob,
            gender: index % 2 == 0 ? .female : .male,
            childProtectionPlan: index % 23 == 0,
            addresses: [
                AddressRecord(
                    address: Address(
                        lines: ["\(1 + index) Mill Lane"],
                        town: "Ipswich",
                        postcode: "IP\(1 + index % 9) \(index % 9)AB",
                        restricted: index % 17 == 0
                    ),
                    kind: index % 3 == 0 ? .current : .lastKnown
                )
            ],
            schools: [SchoolEnrolment(urn: school?.urn, name: school?.name ?? "School")]
        )
        child.contacts = [
            Contact(
                name: "\(["Sarah", "David", "Amina", "Marek"][index % 4]) \(surname)",
                relationship: "parent",
                parentalResponsibility: true
            )
        ]
        var referral = Referral(
            kind: .cmeReferral,
            child: child,
            reason: ["RTL", "FTR", "FSE", "FTT", "RTL"][index % 5],
            source: "SCH"
        )
        referral.firstDayOfAbsence = Day(ordinal: service.time.day(opened).ordinal - 12)
        if index % 11 == 0 { referral.triageAnswers = [.pastSuspicions, .exploitationRisk] }
        if index % 7 == 0 {
            referral.indicators[.whereaboutsUnknown] = IndicatorAnswer(present: true, currency: .current)
        }
        let result = try await service.intake(referral, by: actor, on: db, at: opened)
        guard let caseID = result.caseID, !result.attached else { return false }
        // Walk the case along Suffolk Appendix 3 to a stage that depends on its age.
        let stage = index % 10
        var at = opened.addingTimeInterval(1800)
        var version = try await CaseModel.find(caseID, on: db)?.version ?? 1
        func step(
            _ kind: CaseEventKind,
            _ fill: (inout EventCommand) -> Void = { _ in },
            by who: Actor = officerActor,
            after hours: Double = 20
        ) async throws {
            at = at.addingTimeInterval(3600 * hours)
            guard at < now else { return }
            var command = EventCommand(kind: kind, expectedVersion: version)
            fill(&command)
            let model = try await service.record(command, caseID: caseID, by: who, on: db, at: at)
            version = model.version
        }
        if stage == 0 && index > count * 9 / 10 { return true }  // newest: awaiting triage
        try await step(
            .reasonAndSourceRecorded,
            {
                $0.reason = referral.reason
                $0.source = "SCH"
            },
            after: 1
        )
        if stage == 1 { return true }
        let ewo = ewos[index % ewos.count]
        let ewoActor = Actor(userID: ewo.id, role: .ewo, team: ewo.team)
        try await step(.ewoAssigned, { $0.assigneeID = ewo.id }, after: 2)
        if stage == 2 { return true }
        try await step(.ewoResponded, by: ewoActor, after: 3)
        try await step(
            .enquiryRecorded,
            {
                $0.action = "staff_siblings_friends"
                $0.note = "Friends say the family talked of moving"
            },
            by: ewoActor
        )
        if index % 11 == 0 {
            try await step(
                .escalated,
                {
                    $0.target = "police"
                    $0.reference = "POL-\(4000 + index)"
                    $0.note = "Referred under the police questions"
                }
            )
        }
        if stage == 3 { return true }
        try await step(
            .homeVisitRecorded,
            {
                $0.outcome = "No reply"
                $0.note = "Curtains drawn; a neighbour says they left"
            },
            by: ewoActor
        )
        if stage == 4 { return true }
        try await step(.postedToS2S, after: 24 * 20)
        if stage == 5 || stage == 6 { return true }
        try await step(
            .destinationConfirmed,
            {
                $0.outcome = ["OLA", "WLA", "IND", "EMI"][index % 4]
                $0.destination = "Norfolk LA"
            },
            after: 24 * 7
        )
        if stage == 7 { return true }
        // On the day each follow-up falls due under the policy (Suffolk 12.1: 6 and 18 weeks, at the end of a
        // working day), half a day in.
        let confirmed = service.time.local(at)
        func hoursToDue(_ kind: CaseEventKind) -> Double {
            let rule = service.policy.clocks.first {
                $0.startsOn == .destinationConfirmed && $0.stoppedBy.contains(kind)
            }
            guard let due = try? rule?.length.due(from: confirmed, on: service.policy.calendar) else { return 24 * 42 }
            let target = service.time.date(LocalDateTime(day: due.day)).addingTimeInterval(12 * 3600)
            return max(1, target.timeIntervalSince(at) / 3600)
        }
        try await step(.followUpSixWeeks, after: hoursToDue(.followUpSixWeeks))
        if stage == 8 { return true }
        try await step(.followUpEighteenWeeks, after: hoursToDue(.followUpEighteenWeeks))
        try await step(.closed, after: 1)
        return true
    }
}
