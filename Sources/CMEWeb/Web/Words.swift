import CMECore
import CMEStorage
import Foundation

/// Dates, times and codes in plain English for pages (GOV.UK style: "Friday 4 December 2026", "2:30pm").
enum Words {
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func day(_ day: Day, weekday: Bool = false) -> String {
        let text = "\(day.day) \(self.months[day.month - 1]) \(day.year)"
        return weekday ? "\(self.weekdays[day.weekday - 1]) \(text)" : text
    }

    static func day(iso: String?) -> String {
        guard let iso, let parsed = try? Day(iso: iso) else { return iso ?? "Not known" }
        return self.day(parsed)
    }

    static func time(minute: Int) -> String {
        let hour = minute / 60
        let minutes = minute % 60
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        let suffix = hour < 12 ? "am" : "pm"
        if minute == 0 { return "midnight" }
        if minute == 12 * 60 { return "midday" }
        return minutes == 0 ? "\(twelve)\(suffix)" : "\(twelve):\(minutes < 10 ? "0" : "")\(minutes)\(suffix)"
    }

    static func dateTime(_ date: Date, time: LocalTime) -> String {
        let local = time.local(date)
        return "\(self.day(local.day)) at \(self.time(minute: local.minute))"
    }

    /// "today", "tomorrow", "in 3 days", "2 days ago".
    static func relative(_ day: Day, today: Day) -> String {
        let days = today.days(to: day)
        switch days {
        case 0: return "today"
        case 1: return "tomorrow"
        case -1: return "yesterday"
        case let n where n > 1: return "in \(n) days"
        default: return "\(-days) days ago"
        }
    }

    /// When a clock is due, in words: "by the end of Friday 4 December 2026 (in 10 days)".
    static func due(_ due: ClockDue, today: Day) -> String {
        switch due {
        case .endOf(let day):
            return "by the end of \(self.day(day, weekday: true)) (\(self.relative(day, today: today)))"
        case .at(let instant) where instant.minute == 0:
            // A deadline at midnight is the end of the day before, which is how people say it.
            let day = instant.day.adding(days: -1)
            return "by the end of \(self.day(day, weekday: true)) (\(self.relative(day, today: today)))"
        case .at(let instant):
            return
                "by \(self.time(minute: instant.minute)) on \(self.day(instant.day, weekday: true)) (\(self.relative(instant.day, today: today)))"
        }
    }

    /// A stored clock's due text (YYYY-MM-DD or YYYY-MM-DDTHH:MM) in words.
    static func due(stored: String, today: Day) -> String {
        if let day = try? Day(iso: String(stored.prefix(10))) {
            if stored.count > 10, let hour = Int(stored.dropFirst(11).prefix(2)),
                let minute = Int(stored.dropFirst(14).prefix(2))
            {
                return self.due(.at(LocalDateTime(day: day, minute: hour * 60 + minute)), today: today)
            }
            return self.due(.endOf(day), today: today)
        }
        return stored
    }

    /// "Nursery", "Reception", "Year 6".
    static func yearGroup(_ year: Int?) -> String {
        switch year {
        case nil: ""
        case -1: "Nursery"
        case 0: "Reception"
        case let year? where (1...13).contains(year): "Year \(year)"
        default: "Not of school age"
        }
    }

    static func state(_ raw: String) -> String { CaseState(rawValue: raw)?.label.capitalisedFirst ?? raw }

    static func event(_ raw: String) -> String { CaseEventKind(rawValue: raw)?.label ?? raw }

    static func clockState(_ raw: String) -> (String, String) {
        switch raw {
        case "overdue": ("Overdue", "red")
        case "running": ("Due", "yellow")
        case "met": ("Done", "green")
        case "met_late": ("Done late", "purple")
        case "cancelled": ("No longer needed", "grey")
        case "waiting": ("Not yet", "grey")
        case "reached": ("Now possible", "green")
        default: (raw, "grey")
        }
    }

    /// A policy code with its meaning: "CME2 – Parents moved out of area".
    static func code(_ code: String?, in list: CodeList, policy: Policy) -> String {
        guard let code else { return "Not recorded" }
        if let found = policy.codes[list].first(where: { $0.code == code }) { return "\(code) – \(found.label)" }
        return code
    }
}

extension String {
    var capitalisedFirst: String { self.prefix(1).uppercased() + self.dropFirst() }
}
