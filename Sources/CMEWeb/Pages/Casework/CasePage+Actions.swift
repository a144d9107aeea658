import CMECore
import CMEStorage
import Foundation

/// The case page's action forms: one per event the viewer may record now, each posting to the case's events with
/// the version the viewer saw (a stale save is refused, never silently applied).
extension CasePageView {
    static func actions(_ model: CasePageModel) -> Markup {
        let kinds = model.data.allowedEvents.filter { $0.isCaseAction }
        guard !kinds.isEmpty else { return .empty }
        return H.group(
            [H.tag("h2", [("class", "heading-m")], text: "What to do next")]
                + self.enquiryChecklist(model)
                + kinds.map { self.action($0, model) }
        )
    }

    /// The reasonable-enquiries checklist (Suffolk Appendix 3): each enquiry with its latest recorded outcome.
    static func enquiryChecklist(_ model: CasePageModel) -> [Markup] {
        guard model.data.allowedEvents.contains(.enquiryRecorded) || model.role == .ewo else { return [] }
        let done = Dictionary(
            model.data.timeline.filter { $0.kind == CaseEventKind.enquiryRecorded.rawValue }.compactMap { event in
                event.action.map { ($0, event) }
            },
            uniquingKeysWith: { _, later in later }
        )
        let visits = model.data.timeline.filter { $0.kind == CaseEventKind.homeVisitRecorded.rawValue }
        var rows: [[Markup]] = EnquiryAction.allCases.map { action in
            let event = done[action.rawValue]
            return [
                H.text(self.enquiryLabel(action)),
                event == nil ? UI.tag("Not done", colour: "grey") : UI.tag("Done", colour: "green"),
                H.text(event.map { ($0.outcome ?? "") + " (\(Words.day(model.time.day($0.at))))" } ?? ""),
            ]
        }
        rows.insert(
            [
                H.text("Home visit to the last known address"),
                visits.isEmpty ? UI.tag("Not done", colour: "grey") : UI.tag("Done", colour: "green"),
                H.text(visits.last.map { ($0.outcome ?? "") + " (\(Words.day(model.time.day($0.at))))" } ?? ""),
            ],
            at: 0
        )
        return [UI.table(caption: "Reasonable enquiries", head: ["Enquiry", "Status", "Outcome"], rows: rows)]
    }

    static func enquiryLabel(_ action: EnquiryAction) -> String {
        switch action {
        case .staffSiblingsFriends: "School staff, siblings and friends"
        case .extendedFamilyAndEmergencyContacts: "Extended family and emergency contacts"
        case .visitLastKnownAddress: "Neighbours and others at the last known address"
        case .socialMedia: "Social media"
        case .otherAgencies: "Other agencies (health, housing, police, social care)"
        case .s2s: "School to School (s2s) search"
        case .admissions: "Admissions and other local authorities"
        }
    }

    static func title(_ kind: CaseEventKind) -> String {
        switch kind {
        case .reasonAndSourceRecorded: "Record the reason and source"
        case .ewoAssigned: "Assign an education welfare officer"
        case .ewoResponded: "Record the EWO's response"
        case .enquiryRecorded: "Record an enquiry"
        case .homeVisitRecorded: "Record a home visit"
        case .escalated: "Escalate"
        case .recommendationDeclined: "Decline a recommended escalation"
        case .postedToS2S: "Post the child to School to School (s2s)"
        case .childLocated: "Record that the child has been found"
        case .destinationConfirmed: "Record the outcome and destination"
        case .followUpSixWeeks: "Record the 6-week follow-up"
        case .followUpEighteenWeeks: "Record the 18-week follow-up"
        case .managerReview: "Record a manager review"
        case .childProtectionReview: "Record a child protection progress check"
        case .noteAdded: "Add a note"
        case .closed: "Close the case"
        case .reopened: "Reopen the case"
        default: kind.label
        }
    }

    static func action(_ kind: CaseEventKind, _ model: CasePageModel) -> Markup {
        let prefix = kind.rawValue
        let errors = model.errorKind == prefix ? model.errors : FormErrors()
        func id(_ field: String) -> String { "\(prefix)-\(field)" }
        func error(_ field: String) -> String? { errors.message(for: id(field)) }
        func note(_ label: String = "Note (optional)") -> Markup {
            UI.textarea(
                "note",
                id: id("note"),
                label: label,
                error: error("note"),
                rows: 3
            )
        }
        let policy = model.policy
        var fields: [Markup] = []
        switch kind {
        case .reasonAndSourceRecorded:
            fields = [
                UI.select(
                    "reason",
                    id: id("reason"),
                    label: "Reason",
                    options: policy.codes.reasons.map { ($0.code, "\($0.code) – \($0.label)") },
                    selected: model.data.model.reason,
                    error: error("reason")
                ),
                UI.select(
                    "source",
                    id: id("source"),
                    label: "Source",
                    options: policy.codes.sources.map { ($0.code, "\($0.code) – \($0.label)") },
                    selected: model.data.model.source,
                    error: error("source")
                ),
            ]
        case .ewoAssigned:
            fields = [
                UI.select(
                    "assigneeId",
                    id: id("assigneeId"),
                    label: "Education welfare officer",
                    options: model.ewos.map { ($0.0.uuidString.lowercased(), $0.1) },
                    error: error("assigneeId")
                )
            ]
        case .enquiryRecorded:
            fields = [
                UI.select(
                    "action",
                    id: id("action"),
                    label: "Enquiry",
                    options: EnquiryAction.allCases.map { ($0.rawValue, self.enquiryLabel($0)) },
                    error: error("action")
                ),
                UI.input(
                    "outcome",
                    id: id("outcome"),
                    label: "What did you find out?",
                    error: error("outcome")
                ),
                note(),
            ]
        case .homeVisitRecorded:
            fields = [
                UI.radios(
                    "outcome",
                    id: id("outcome"),
                    legend: "What happened at the visit?",
                    options: [
                        ("No reply", "No reply"), ("Child seen", "Child seen"),
                        ("Family no longer at the address", "Family no longer at the address"),
                        ("Spoke to a neighbour or other adult", "Spoke to a neighbour or other adult"),
                    ],
                    error: error("outcome")
                ),
                note("What you saw and who you spoke to (optional)"),
            ]
        case .escalated:
            fields = [
                UI.select(
                    "target",
                    id: id("target"),
                    label: "Escalate to",
                    options: EscalationTarget.allCases.map { ($0.rawValue, $0.label) },
                    error: error("target")
                ),
                UI.input(
                    "reference",
                    id: id("reference"),
                    label: "Their reference (optional)",
                    error: error("reference")
                ),
                note(),
            ]
        case .recommendationDeclined:
            let outstanding = model.data.recommendations.filter { $0.status == .outstanding }
            fields = [
                UI.select(
                    "target",
                    id: id("target"),
                    label: "Recommended escalation",
                    options: outstanding.map {
                        (
                            $0.recommendation.target.rawValue,
                            "\($0.recommendation.target.label) (\($0.recommendation.section))"
                        )
                    },
                    error: error("target")
                ),
                note("Why it is not being made"),
            ]
        case .postedToS2S:
            fields = [
                UI.input(
                    "reference",
                    id: id("reference"),
                    label: "CTF file name or s2s reference (optional)",
                    error: error("reference")
                ),
                note(),
            ]
        case .childLocated, .destinationConfirmed, .closed:
            fields = [
                UI.select(
                    "outcome",
                    id: id("outcome"),
                    label: kind == .closed ? "Outcome code" : "Outcome",
                    options: policy.codes.outcomes.map { ($0.code, "\($0.code) – \($0.label)") },
                    selected: model.data.model.outcome,
                    error: error("outcome")
                ),
                kind == .closed
                    ? .empty
                    : UI.input(
                        "destination",
                        id: id("destination"),
                        label: "Destination: school, local authority or country",
                        error: error("destination")
                    ),
                note(),
            ]
        default:
            fields = [note(kind == .noteAdded ? "Note" : "Note (optional)")]
        }
        // Work done before it is recorded is recorded as when it was done (issue 17).
        let doneEarlier: Set<CaseEventKind> = [
            .ewoResponded, .enquiryRecorded, .homeVisitRecorded, .escalated, .recommendationDeclined, .postedToS2S,
            .childLocated, .destinationConfirmed, .followUpSixWeeks, .followUpEighteenWeeks, .managerReview,
            .childProtectionReview,
        ]
        if doneEarlier.contains(kind) {
            fields.append(
                UI.input(
                    "occurredAt",
                    id: id("occurredAt"),
                    label: "When it happened, if not just now (optional)",
                    hint: "Date and time, for example 2025-11-05 14:30",
                    error: error("occurredAt"),
                    width: "20"
                )
            )
        }
        let open = model.errorKind == prefix
        return H.tag(
            "details",
            [("class", "details action"), ("id", "action-\(prefix)")] + (open ? [("open", nil)] : []),
            [
                H.tag("summary", [], text: self.title(kind)),
                UI.form(
                    action: SiteURL.caseEvents(model.data.model.id).href,
                    csrf: model.csrf,
                    [UI.hidden("kind", kind.rawValue), UI.hidden("version", String(model.data.model.version))]
                        + (model.accessReason.map { [UI.hidden("accessReason", $0)] } ?? [])
                        + fields + [UI.button(self.title(kind), secondary: kind == .closed)]
                ),
            ]
        )
    }
}
