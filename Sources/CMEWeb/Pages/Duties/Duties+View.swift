import CMECore
import CMEStorage
import Foundation

/// An organisation's own recurring duties on its people's landing page (issue 17): each with where it stands, when
/// it was last done, and, for those who may, a button to record it done.
enum DutiesView {
    static func section(
        _ duties: [OrganisationDuty],
        policy: Policy,
        role: Role,
        csrf: String,
        back: String,
        today: Day,
        time: LocalTime
    ) -> Markup {
        guard !duties.isEmpty else { return .empty }
        return H.group(
            [
                UI.table(
                    caption: "Your organisation's regular duties",
                    head: ["Duty", "When", "Status", "Last done", "Policy"],
                    rows: duties.map { duty in
                        let (label, colour) = Words.clockState(duty.status.state.rawValue)
                        return [
                            H.text(duty.status.rule.title), H.text(Words.due(duty.status.due, today: today)),
                            UI.tag(label, colour: colour),
                            H.text(duty.lastDone.map { Words.dateTime($0, time: time) } ?? "Not yet"),
                            H.text(duty.status.rule.section),
                        ]
                    }
                )
            ]
                + duties.compactMap { duty -> Markup? in
                    guard let kind = duty.status.rule.stoppedBy.first, policy.mayRecordDuty(kind, role: role) else {
                        return nil
                    }
                    return UI.form(
                        action: SiteURL.duties.href,
                        csrf: csrf,
                        [
                            UI.hidden("kind", kind.rawValue), UI.hidden("back", back),
                            UI.button("Record done now: \(duty.status.rule.title)", secondary: true),
                        ]
                    )
                }
        )
    }
}
