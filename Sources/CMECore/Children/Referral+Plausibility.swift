/// One bad field of a referral, in the API's field path (`child.dateOfBirth`) and words.
public struct ReferralProblem: Hashable, Sendable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

extension Policy {
    /// What no form can check without knowing the day (issue 16): a date of birth in the future or older than this
    /// policy's oldest age in scope, and a date of absence in the future. Every channel's intake goes through it.
    public func implausibilities(of referral: Referral, on today: Day) -> [ReferralProblem] {
        var problems: [ReferralProblem] = []
        let born = referral.child.dateOfBirth
        if born > today {
            problems.append(ReferralProblem("child.dateOfBirth", "\(born) is in the future"))
        } else {
            let age = SchoolAge(dateOfBirth: born).age(on: today)
            if age > self.oldestAgeInScope {
                problems.append(
                    ReferralProblem(
                        "child.dateOfBirth",
                        "\(born) makes the child \(age); this policy covers children up to \(self.oldestAgeInScope)"
                    )
                )
            }
        }
        for (field, day) in [
            ("dateLastAttended", referral.dateLastAttended), ("firstDayOfAbsence", referral.firstDayOfAbsence),
        ] {
            if let day, day > today { problems.append(ReferralProblem(field, "\(day) is in the future")) }
        }
        return problems
    }
}
