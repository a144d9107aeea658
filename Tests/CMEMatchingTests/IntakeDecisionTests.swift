import CMECore
import Testing

@testable import CMEMatching

/// Issue 17: what intake decides is a pure function (Suffolk 9.5: one child, one open case).
@Suite("Intake decision")
struct IntakeDecisionTests {
    let dob = try! Day(iso: "2014-03-27")
    /// A county's register: 20,000 children, a few of them sharing the names below.
    let county = KnownRegister(
        children: 20_000,
        nameCounts: ["amelia": 160, "price": 40, "alfred": 12, "hughes": 50, "noah": 180, "vale": 3, "ruby": 90],
        pairCounts: ["amelia|price": 1, "noah|vale": 1]
    )

    @Test("Suffolk 9.5: a further referral attaches to the open case, whichever of the child's cases it is")
    func attachesToTheOpenCase() {
        #expect(IntakeDecision.decide(caseStates: [.closed, .underEnquiry], mayOpenCase: true) == .attach(1))
        // A notice that does not open cases still goes on the open case.
        #expect(IntakeDecision.decide(caseStates: [.assigned], mayOpenCase: false) == .attach(0))
    }

    @Test("A child whose cases are all closed and who goes missing again reopens the newest as a new episode")
    func reopensTheNewestClosedCase() {
        #expect(IntakeDecision.decide(caseStates: [.closed, .closed], mayOpenCase: true) == .reopen(0))
        #expect(IntakeDecision.decide(caseStates: [.closed], mayOpenCase: false) == .recordOnly)
    }

    @Test("A child not known before gets a case; an information-only notice does not open one")
    func opensForANewChild() {
        #expect(IntakeDecision.decide(caseStates: [], mayOpenCase: true) == .open)
        #expect(IntakeDecision.decide(caseStates: [], mayOpenCase: false) == .recordOnly)
    }

    @Test("Suffolk 9.5: a second referral with a typo finds the known child; a different UPN is a different child")
    func knownChildAllowsTyposButNotADifferentUPN() {
        let known = [
            IntakeDecision.Candidate(
                person: PersonKey(forename: "Amelia", surname: "Price", dateOfBirth: self.dob),
                upn: "A123456789012"
            )
        ]
        let typo = PersonKey(forename: "Amelai", surname: "Price", dateOfBirth: self.dob)
        #expect(IntakeDecision.knownChild(typo, upn: nil, among: known, register: self.county)?.index == 0)
        #expect(IntakeDecision.knownChild(typo, upn: "B999999999999", among: known, register: self.county) == nil)
        let other = PersonKey(forename: "Zainab", surname: "Okafor", dateOfBirth: self.dob)
        #expect(
            IntakeDecision.knownChild(other, upn: "A123456789012", among: known, register: self.county)?.evidence
                == "UPN the same"
        )
        #expect(IntakeDecision.knownChild(other, upn: nil, among: known, register: self.county) == nil)
    }

    @Test("Suffolk 9.5 with the tracing engine's names: Alfie is Alfred, Noah Vail is Noah Vale; twins stay apart")
    func knownChildUsesTheEnginesNameVariants() {
        let known = [
            IntakeDecision.Candidate(
                person: PersonKey(forename: "Alfred", surname: "Hughes", dateOfBirth: self.dob),
                upn: nil
            ),
            IntakeDecision.Candidate(
                person: PersonKey(forename: "Noah", surname: "Vale", dateOfBirth: self.dob),
                upn: nil
            ),
            IntakeDecision.Candidate(
                person: PersonKey(forename: "Ruby", surname: "Vale", dateOfBirth: self.dob),
                upn: nil
            ),
        ]
        let alfie = PersonKey(forename: "Alfie", surname: "Hughes", dateOfBirth: self.dob)
        #expect(IntakeDecision.knownChild(alfie, upn: nil, among: known, register: self.county)?.index == 0)
        let vail = PersonKey(forename: "Noah", surname: "Vail", dateOfBirth: self.dob)
        let found = IntakeDecision.knownChild(vail, upn: nil, among: known, register: self.county)
        #expect(found?.index == 1)
        #expect(found?.evidence.contains("surname sounds the same") == true, "\(found?.evidence ?? "")")
        // Noah's twin sister Ruby, born the same day with the same surname, is a different child.
        let ruby = PersonKey(forename: "Ruby", surname: "Vail", dateOfBirth: self.dob)
        #expect(IntakeDecision.knownChild(ruby, upn: nil, among: known, register: self.county)?.index == 2)
        let grace = PersonKey(forename: "Grace", surname: "Vale", dateOfBirth: self.dob)
        #expect(IntakeDecision.knownChild(grace, upn: nil, among: known, register: self.county) == nil)
    }

    @Test(
        "Issue 18: a temporary UPN decides nothing; a child known by a middle name, or with the names given the other way round, is the known child"
    )
    func knownChildWithTheUsualDifferences() {
        let known = [
            IntakeDecision.Candidate(
                person: PersonKey(forename: "Reuben", surname: "Harris", dateOfBirth: self.dob, middleNames: "Oscar"),
                upn: "A123456789012"
            )
        ]
        let temporary = PersonKey(forename: "Reuben", surname: "Harris", dateOfBirth: self.dob)
        #expect(
            IntakeDecision.knownChild(temporary, upn: "A12345678901Z", among: known, register: self.county)?.index == 0
        )
        #expect(IntakeDecision.knownChild(temporary, upn: "B999999999999", among: known, register: self.county) == nil)
        let middle = PersonKey(forename: "Oscar", surname: "Harris", dateOfBirth: self.dob)
        #expect(
            IntakeDecision.knownChild(middle, upn: nil, among: known, register: self.county)?.evidence.contains(
                "middle name"
            ) == true
        )
        let transposed = PersonKey(forename: "Harris", surname: "Reuben", dateOfBirth: self.dob)
        let crossed = IntakeDecision.knownChild(transposed, upn: nil, among: known, register: self.county)
        #expect(crossed?.index == 0)
        // A brother with another forename is not the child.
        let brother = PersonKey(forename: "Theo", surname: "Harris", dateOfBirth: self.dob)
        #expect(IntakeDecision.knownChild(brother, upn: nil, among: known, register: self.county) == nil)
    }

    @Test(
        "Issue 18: a name the register holds many of says less (the engine's frequencies): the same name and birthday attach in a county, not among 2,000 namesakes"
    )
    func commonNamesSayLess() {
        let known = [
            IntakeDecision.Candidate(
                person: PersonKey(forename: "Muhammad", surname: "Khan", dateOfBirth: self.dob),
                upn: nil
            )
        ]
        let referred = PersonKey(forename: "Muhammad", surname: "Khan", dateOfBirth: self.dob)
        let county = KnownRegister(
            children: 20_000,
            nameCounts: ["muhammad": 150, "khan": 120],
            pairCounts: ["muhammad|khan": 8]
        )
        #expect(IntakeDecision.knownChild(referred, upn: nil, among: known, register: county)?.index == 0)
        // One child in a hundred is a Muhammad Khan: about one in three born any day shares the birthday.
        let crowded = KnownRegister(
            children: 200_000,
            nameCounts: ["muhammad": 6_000, "khan": 4_000],
            pairCounts: ["muhammad|khan": 2_000]
        )
        #expect(IntakeDecision.knownChild(referred, upn: nil, among: known, register: crowded) == nil)
        // A person is asked instead: the pair is a possible duplicate.
        let pair = PossibleDuplicate.candidates(
            for: referred.searchCandidate(id: "referred", upn: nil),
            among: known.map { $0.person.searchCandidate(id: "known", upn: nil) }
        )
        #expect(pair.map(\.index) == [0])
    }

    @Test(
        "Issue 18: the home the register holds is evidence: a new surname, or a date of birth a digit out, attaches from the same postcode and waits for a person from another, even a neighbouring one; a brother at the same home never attaches"
    )
    func sameHomeIsEvidence() throws {
        let known = [
            IntakeDecision.Candidate(
                person: PersonKey(forename: "Amelia", surname: "Price", dateOfBirth: self.dob, postcodes: ["IP1 2BX"]),
                upn: nil
            )
        ]
        func decide(
            _ forename: String,
            _ surname: String,
            born: String,
            at postcode: String
        ) throws -> (
            index: Int, evidence: String
        )? {
            let referred = PersonKey(
                forename: forename,
                surname: surname,
                dateOfBirth: try Day(iso: born),
                postcodes: [postcode]
            )
            return IntakeDecision.knownChild(referred, upn: nil, among: known, register: self.county)
        }
        // Under her stepfather's surname: from the same home, her; from his, a person is asked.
        let atHome = try decide("Amelia", "Whitlock", born: "2014-03-27", at: "IP1 2BX")
        #expect(atHome?.index == 0)
        #expect(atHome?.evidence.contains("postcode the same") == true, "\(atHome?.evidence ?? "")")
        #expect(try decide("Amelia", "Whitlock", born: "2014-03-27", at: "NR3 1AB") == nil)
        // A neighbouring street's postcode (the same sector, as much of a county shares) is not her home.
        #expect(try decide("Amelia", "Whitlock", born: "2014-03-27", at: "IP1 2BY") == nil)
        let noAddress = PersonKey(forename: "Amelia", surname: "Whitlock", dateOfBirth: self.dob)
        #expect(IntakeDecision.knownChild(noAddress, upn: nil, among: known, register: self.county) == nil)
        // A date of birth a digit out: the same.
        #expect(try decide("Amelia", "Price", born: "2014-03-28", at: "IP1 2BX")?.index == 0)
        #expect(try decide("Amelia", "Price", born: "2014-08-27", at: "NR3 1AB") == nil)
        // Her brother lives there too, and is not her.
        #expect(try decide("Oliver", "Price", born: "2014-03-27", at: "IP1 2BX") == nil)
        #expect(try decide("Oliver", "Price", born: "2016-01-05", at: "IP1 2BX") == nil)
    }

    @Test("Issue 18: dates of birth written wrongly are near: a day apart, swapped, or a digit or field out")
    func bornNear() throws {
        let day = try Day(iso: "2014-03-27")
        for near in ["2014-03-27", "2014-03-28", "2015-03-27", "2014-08-27", "2014-03-17", "2014-03-26"] {
            #expect(IntakeDecision.bornNear(day, try Day(iso: near)), "\(near)")
        }
        let swap = try Day(iso: "2014-03-07")
        #expect(IntakeDecision.bornNear(swap, try Day(iso: "2014-07-03")))
        for far in ["2015-04-27", "2012-09-14", "2014-05-29"] {
            #expect(!IntakeDecision.bornNear(day, try Day(iso: far)), "\(far)")
        }
    }
}
