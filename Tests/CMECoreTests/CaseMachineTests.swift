import CMECore
import Testing

/// Suffolk Appendix 3: the case procedure, under the Appendix 4 codes.
@Suite("Case state machine")
struct CaseMachineTests {
    let machine = CaseMachine()

    @Test func theAppendix3FlowRunsFromReferralToClosure() throws {
        // setup: the events of one case, as Suffolk Appendix 3 lists them.
        let events = [
            CaseEvent(.referralReceived, at: t("2025-11-03T09:00")),
            CaseEvent(.reasonAndSourceRecorded, at: t("2025-11-03T09:30"), reason: "RTL", source: "SCH"),
            CaseEvent(.noteAdded, at: t("2025-11-03T09:35"), note: "Family said to have moved to Norfolk"),
            CaseEvent(.ewoAssigned, at: t("2025-11-03T10:00"), assignee: "ewo-7"),
            CaseEvent(.ewoResponded, at: t("2025-11-03T11:00")),
            CaseEvent(.homeVisitRecorded, at: t("2025-11-04T15:00"), note: "No answer; neighbours say moved"),
            CaseEvent(.postedToS2S, at: t("2025-12-01T09:00")),
            CaseEvent(.enquiryRecorded, at: t("2026-01-12T09:00"), note: "Norfolk admissions: no record"),
            CaseEvent(.childLocated, at: t("2026-02-02T09:00")),
            CaseEvent(.destinationConfirmed, at: t("2026-02-03T09:00"), outcome: "OLA", destination: "Norfolk LA"),
            CaseEvent(.followUpSixWeeks, at: t("2026-03-17T09:00")),
            CaseEvent(.followUpEighteenWeeks, at: t("2026-06-09T09:00")),
            CaseEvent(.closed, at: t("2026-06-09T09:05")),
        ]
        // MUT
        var states: [CaseState] = []
        var snapshot = try self.machine.start(events[0])
        states.append(snapshot.state)
        for event in events.dropFirst() {
            snapshot = try self.machine.apply(event, to: snapshot)
            states.append(snapshot.state)
        }
        // validate
        #expect(
            states == [
                .opened, .reasonRecorded, .reasonRecorded, .assigned, .underEnquiry, .underEnquiry, .postedToS2S,
                .postedToS2S, .underEnquiry, .destinationConfirmed, .followedUpSixWeeks, .followedUpEighteenWeeks,
                .closed,
            ]
        )
        #expect(snapshot.reason == "RTL")
        #expect(snapshot.source == "SCH")
        #expect(snapshot.outcome == "OLA")
        #expect(snapshot.destination == "Norfolk LA")
        #expect(snapshot.postedToS2SAt == t("2025-12-01T09:00"))
        #expect(snapshot.closedAt == t("2026-06-09T09:05"))
        #expect(try self.machine.replay(events) == snapshot)
    }

    @Test func illegalTransitionsNameTheStateAndTheEvent() throws {
        let opened = try self.machine.start(CaseEvent(.referralReceived, at: t("2025-11-03T09:00")))
        let error = #expect(throws: CaseError.self) {
            try self.machine.apply(CaseEvent(.postedToS2S, at: t("2025-11-03T10:00")), to: opened)
        }
        #expect(error == .illegalTransition(state: .opened, event: .postedToS2S))
        #expect(error?.description.contains("posted_to_s2s") == true)
        #expect(error?.description.contains("opened") == true)
        // Step 4 comes after step 2: no EWO before reason and source are recorded.
        #expect(throws: CaseError.illegalTransition(state: .opened, event: .ewoAssigned)) {
            try self.machine.apply(CaseEvent(.ewoAssigned, at: t("2025-11-03T10:00"), assignee: "ewo-7"), to: opened)
        }
        #expect(throws: CaseError.mustStartWithReferral(.noteAdded)) {
            try self.machine.start(CaseEvent(.noteAdded, at: t("2025-11-03T09:00")))
        }
    }

    @Test func codesAreCheckedAgainstTheAppendix4Lists() throws {
        let opened = try self.machine.start(CaseEvent(.referralReceived, at: t("2025-11-03T09:00")))
        let error = #expect(throws: CaseError.self) {
            try self.machine.apply(
                CaseEvent(.reasonAndSourceRecorded, at: t("2025-11-03T09:30"), reason: "XYZ", source: "SCH"),
                to: opened
            )
        }
        #expect(error?.description == "unknown reason code 'XYZ'; allowed: FTT, FSE, FTR, INF, RTL")
        #expect(throws: CaseError.missingDetail(event: .reasonAndSourceRecorded, field: "a source code")) {
            try self.machine.apply(
                CaseEvent(.reasonAndSourceRecorded, at: t("2025-11-03T09:30"), reason: "FTT"),
                to: opened
            )
        }
    }

    @Test func aPostedCaseStaysOpenUntilFoundOrTheEndOfCompulsorySchoolAge() throws {
        let posted = try self.machine.replay([
            CaseEvent(.referralReceived, at: t("2025-11-03T09:00")),
            CaseEvent(.reasonAndSourceRecorded, at: t("2025-11-03T09:30"), reason: "RTL", source: "SCH"),
            CaseEvent(.ewoAssigned, at: t("2025-11-03T10:00"), assignee: "ewo-7"),
            CaseEvent(.enquiryRecorded, at: t("2025-11-04T10:00")),
            CaseEvent(.postedToS2S, at: t("2025-12-01T09:00")),
        ])
        // Suffolk 16.1: closing a posted case needs the child found, unless they left compulsory school age (NCA).
        #expect(throws: CaseError.closeNeedsFollowUps(state: .postedToS2S, outcome: "WLA")) {
            try self.machine.apply(CaseEvent(.closed, at: t("2026-01-05T09:00"), outcome: "WLA"), to: posted)
        }
        let closed = try self.machine.apply(CaseEvent(.closed, at: t("2026-07-01T09:00"), outcome: "NCA"), to: posted)
        #expect(closed.state == .closed)
        #expect(closed.outcome == "NCA")
    }

    @Test func followUpsComeInOrderBeforeClosure() throws {
        let found = try self.machine.replay([
            CaseEvent(.referralReceived, at: t("2025-11-03T09:00")),
            CaseEvent(.reasonAndSourceRecorded, at: t("2025-11-03T09:30"), reason: "FTR", source: "HEA"),
            CaseEvent(.destinationConfirmed, at: t("2025-11-04T09:00"), outcome: "WLA", destination: "Castle Primary"),
        ])
        #expect(throws: CaseError.illegalTransition(state: .destinationConfirmed, event: .followUpEighteenWeeks)) {
            try self.machine.apply(CaseEvent(.followUpEighteenWeeks, at: t("2026-03-10T09:00")), to: found)
        }
        #expect(throws: CaseError.closeNeedsFollowUps(state: .destinationConfirmed, outcome: "WLA")) {
            try self.machine.apply(CaseEvent(.closed, at: t("2025-11-05T09:00"), outcome: "WLA"), to: found)
        }
        #expect(self.machine.allowedEvents(in: found).contains(.followUpSixWeeks))
        #expect(!self.machine.allowedEvents(in: found).contains(.postedToS2S))
    }

    @Test func aChildWhoGoesMissingAgainStartsANewEpisode() throws {
        let closed = try self.machine.replay([
            CaseEvent(.referralReceived, at: t("2025-11-03T09:00")),
            CaseEvent(.reasonAndSourceRecorded, at: t("2025-11-03T09:30"), reason: "INF", source: "WLA"),
            CaseEvent(.closed, at: t("2025-11-03T10:00"), note: "Not CME: on roll at Castle Primary"),
        ])
        let reopened = try self.machine.apply(CaseEvent(.reopened, at: t("2026-01-20T09:00")), to: closed)
        #expect(reopened.state == .opened)
        #expect(reopened.episode == 2)
        #expect(reopened.openedAt == t("2025-11-03T09:00"))
        #expect(reopened.episodeOpenedAt == t("2026-01-20T09:00"))
        #expect(reopened.reason == nil)
        // A case closed at triage needs a reason for closing.
        let opened = try self.machine.start(CaseEvent(.referralReceived, at: t("2025-11-03T09:00")))
        #expect(throws: CaseError.missingDetail(event: .closed, field: "an outcome code or a note saying why")) {
            try self.machine.apply(CaseEvent(.closed, at: t("2025-11-03T10:00")), to: opened)
        }
    }

    @Test func eventsCannotGoBackInTime() throws {
        let opened = try self.machine.start(CaseEvent(.referralReceived, at: t("2025-11-03T09:00")))
        #expect(
            throws: CaseError.outOfOrder(event: .noteAdded, at: t("2025-11-02T09:00"), previous: t("2025-11-03T09:00"))
        ) {
            try self.machine.apply(CaseEvent(.noteAdded, at: t("2025-11-02T09:00")), to: opened)
        }
    }
}

@Suite("Codes")
struct CodeTests {
    @Test func suffolkAppendix4IsTheDefaultSet() {
        let codes = CodeSet.suffolkAppendix4
        #expect(codes.reasons.map(\.code) == ["FTT", "FSE", "FTR", "INF", "RTL"])
        #expect(
            codes.sources.map(\.code) == ["ACA", "FRS", "EHE", "IND", "LOS", "OLA", "SCH", "SOC", "WLA", "YOS", "HEA"]
        )
        #expect(codes.outcomes.map(\.code) == ["DEC", "EHE", "EMI", "IND", "NCA", "OLA", "WLA", "S2S"])
    }

    @Test func aPolicyAddsCodesButCannotRedefineThem() throws {
        let codes = try CodeSet.suffolkAppendix4.adding([Code("POL", "Police")], to: .source)
        #expect(try codes.validate("POL", in: .source).label == "Police")
        #expect(throws: CodeError.duplicate(.source, "SCH")) {
            try CodeSet.suffolkAppendix4.adding([Code("SCH", "School")], to: .source)
        }
        #expect(throws: CodeError.malformed(.reason, "x")) {
            try CodeSet.suffolkAppendix4.adding([Code("x", "lower case")], to: .reason)
        }
    }
}
