import CMECore
import CMEMatching
import Testing

/// Intake's possible-duplicates read (issue 18) finds the children sharing a surname and born near the day by their
/// near-birth keys; reading every namesake and filtering on the day cost about 2 ms a referral (issue 17's create
/// referral figures). The keys must find every child the rule calls near, and few others.
@Suite("Near-birth keys")
struct NearBirthKeysTests {
    @Test(
        "Every child born near the day (a day apart, day and month swapped, two of three parts the same) shares a key with the referral"
    )
    func everyNearBirthdayShares() {
        let referralDays = (0..<366).map { Day(year: 2012, month: 1, day: 1)!.adding(days: $0) }
        let knownDays = (0..<(3 * 366)).map { Day(year: 2011, month: 1, day: 1)!.adding(days: $0) }
        let known = Dictionary(
            uniqueKeysWithValues: knownDays.map { ($0, Set(SearchKeys.nearBirth(surnames: ["Okafor"], born: $0))) }
        )
        var near = 0
        var sharingButFar = 0
        for day in referralDays {
            let lookups = Set(SearchKeys.nearBirthLookups(surnames: ["Okafor"], born: day))
            for other in knownDays {
                let shares = !lookups.isDisjoint(with: known[other]!)
                if IntakeDecision.bornNear(day, other) {
                    near += 1
                    #expect(shares, "\(day) and \(other) are near but share no key")
                } else if shares {
                    sharingButFar += 1
                }
            }
        }
        #expect(near > 0)
        // The keys over-find a little (a day either side has its own month), never a namesake's whole year.
        #expect(sharingButFar < near, "\(sharingButFar) read and dropped against \(near) near")
    }

    @Test("Another surname shares no near-birth key; a misspelt one shares its sound")
    func theSurnameMatters() {
        let day = Day(year: 2014, month: 3, day: 27)!
        let lookups = Set(SearchKeys.nearBirthLookups(surnames: ["Vail"], born: day))
        #expect(lookups.isDisjoint(with: SearchKeys.nearBirth(surnames: ["Okafor"], born: day)))
        #expect(!lookups.isDisjoint(with: SearchKeys.nearBirth(surnames: ["Vale"], born: day.adding(days: 1))))
        // Near-birth keys never answer a name search's prefix range (they sort before every letter and digit).
        #expect(SearchKeys.nearBirth(surnames: ["Vale"], born: day).allSatisfy { $0 < "0" })
    }
}
