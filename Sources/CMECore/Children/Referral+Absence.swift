extension Referral {
    /// The first day of the child's unexplained absence: as the referrer gave it, or else the school day after the
    /// date they last attended (issue 17: a referral giving only the date last attended started no lost-pupil
    /// clock, Suffolk 11.4). Nil when neither is known, or the calendar has no term dates for the day.
    public func firstDayOfAbsence(on calendar: SchoolCalendar) -> Day? {
        if let given = self.firstDayOfAbsence { return given }
        guard let last = self.dateLastAttended else { return nil }
        return try? calendar.next(.school, onOrAfter: last.adding(days: 1))
    }
}
