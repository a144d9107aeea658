import CMECore
import CMEStorage
import Foundation

/// The case table most staff pages share: reference, child, state, owner, overdue clocks.
enum CaseRows {
    static func table(
        caption: String,
        cases: [CaseSummary],
        owners: [UUID: String],
        time: LocalTime,
        empty: String
    ) -> Markup {
        guard !cases.isEmpty else {
            return H.group([H.tag("h2", [("class", "heading-m")], text: caption), H.p(empty)])
        }
        return UI.table(
            caption: caption,
            head: ["Case", "Child", "Status", "Owner", "Opened", "Overdue"],
            rows: cases.map { model in
                [
                    H.link(model.reference, SiteURL.caseDetail(model.id).href),
                    H.text(model.childName),
                    UI.tag(Words.state(model.state), colour: model.state == "closed" ? "grey" : nil),
                    H.text(model.assigneeID.flatMap { owners[$0] } ?? "Not assigned"),
                    H.text(Words.day(time.day(model.openedAt))),
                    model.overdueClocks > 0
                        ? UI.tag("\(model.overdueClocks) overdue", colour: "red") : H.text("None"),
                ]
            }
        )
    }
}
