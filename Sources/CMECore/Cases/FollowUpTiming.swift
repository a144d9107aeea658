import Foundation

extension Policy {
    /// Why `event` may not be recorded on a case in `snapshot` yet, or nil (issue 17; Suffolk 12.1). A follow-up is
    /// recorded from the day its clock falls due (6 or 18 weeks after the destination was confirmed); earlier only
    /// with a reason in its note, which the timeline keeps. The clocks are the policy's: those the destination
    /// starts and this event meets.
    public func earlyFollowUpProblem(_ event: CaseEvent, in snapshot: CaseSnapshot) -> String? {
        guard [.followUpSixWeeks, .followUpEighteenWeeks].contains(event.kind),
            let found = snapshot.destinationConfirmedAt
        else { return nil }
        let rules = self.clocks.filter { $0.startsOn == .destinationConfirmed && $0.stoppedBy.contains(event.kind) }
        for rule in rules {
            guard let due = try? rule.length.due(from: found, on: self.calendar) else { continue }
            // Due "by the end of" a day: from the start of that day it may be recorded.
            if event.at.day < due.day, (event.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return
                    "\(rule.title) is due on \(due.day) (\(rule.section)); to record it earlier, say why in the note"
            }
        }
        return nil
    }
}
