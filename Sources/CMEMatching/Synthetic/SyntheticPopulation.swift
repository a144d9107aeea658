import CMECore

/// A seeded synthetic population of English pupils with ground truth, for measuring linkage: a roll, and a list of
/// lost records most of which are altered copies of roll records (the truth says which) and some of which are
/// children who are not on the roll, including siblings and twins of children who are.
///
/// Families share a surname and a home, twins a date of birth; names follow the frequencies of each community;
/// copies carry the usual differences: moves, typos, nicknames and spelling variants, transposed names, changed and
/// double-barrelled surnames, day/month swaps, missing and temporary UPNs. A roll of a million takes a few seconds
/// and about 400 MB.
public struct SyntheticPopulation: Sendable {
    /// The roll, ids `R0000001`...
    public var roll: [PupilRecord]
    /// The lost records, ids `L0000001`..., in random order.
    public var lost: [PupilRecord]
    /// Lost record ID to the roll record ID of the same child; lost records that are on no roll are absent.
    public var truth: [String: String]

    /// Generates a roll of `rollSize` and `lostSize` lost records, `matchedShare` of which are copies of roll
    /// records, altered as `errors` says. The same arguments always give the same population.
    public static func generate(
        rollSize: Int,
        lostSize: Int,
        matchedShare: Double = 0.85,
        seed: UInt64 = 1,
        errors: SyntheticErrors = .standard
    )
        -> SyntheticPopulation
    {
        var builder = PopulationBuilder(seed: seed, expectedChildren: rollSize + lostSize)
        builder.errors = errors
        let roll = builder.makeRoll(rollSize)
        let (lost, truth) = builder.makeLost(lostSize, roll: roll, matchedShare: matchedShare)
        return SyntheticPopulation(roll: roll, lost: lost, truth: truth)
    }
}

/// A home: postcode, address, and the school its children attend.
struct Home: Sendable {
    var area: Int
    var postcode: String
    var address: String
    var school: String
}

/// A family: community, surname, home and a parent.
struct Family: Sendable {
    var community: Int
    var surname: String
    /// A second surname some of the children carry (half-siblings).
    var otherSurname: String?
    var home: Home
    var parent: String
    var sikh: Bool
}

/// The generator's state: its random numbers, the postcode units already used, and counters for unique numbers.
struct PopulationBuilder {
    var rng: SeededGenerator
    /// Postcode units per area: enough that each holds about six families.
    let unitsPerArea: Int
    var nextHouse: [Int: Int] = [:]
    var upnSerial = 0
    var communityOf: [UInt8] = []
    /// How the lost copies differ from their children.
    var errors = SyntheticErrors.standard
    private let communityCumulative: [Double]

    init(seed: UInt64, expectedChildren: Int) {
        self.rng = SeededGenerator(seed: seed)
        self.unitsPerArea = max(8, expectedChildren / 2 / 6 / Places.areas.count)
        var running = 0.0
        self.communityCumulative = Community.all.map { community in
            running += community.share
            return running
        }
    }

    mutating func makeRoll(_ size: Int) -> [PupilRecord] {
        var roll: [PupilRecord] = []
        roll.reserveCapacity(size)
        self.communityOf.reserveCapacity(size)
        while roll.count < size {
            let family = self.makeFamily()
            for child in self.makeChildren(of: family) where roll.count < size {
                var record = child
                record.recordID = "R\(Self.padded(roll.count + 1, 7))"
                roll.append(record)
                self.communityOf.append(UInt8(family.community))
            }
        }
        return roll
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    // MARK: families

    mutating func pickCommunity() -> Int {
        let target = self.rng.unit() * (self.communityCumulative.last ?? 1)
        return self.communityCumulative.firstIndex { $0 > target } ?? 0
    }

    mutating func makeFamily() -> Family {
        let index = self.pickCommunity()
        let community = Community.all[index]
        let surname = community.surnames.pick(&self.rng)
        var other: String?
        if index == 0 && self.rng.chance(0.08) { other = community.surnames.pick(&self.rng) }
        if index == 0 && self.rng.chance(0.03) { other = surname + "-" + community.surnames.pick(&self.rng) }
        let parentSurname = self.rng.chance(0.8) ? surname : community.surnames.pick(&self.rng)
        return Family(
            community: index,
            surname: surname,
            otherSurname: other,
            home: self.makeHome(community: community),
            parent: community.girls.pick(&self.rng) + " " + parentSurname,
            sikh: self.rng.chance(community.sikhShare)
        )
    }

    mutating func makeHome(community: Community, near area: Int? = nil) -> Home {
        var areaIndex: Int
        if let area, self.rng.chance(0.5) {
            areaIndex = area
        } else if !community.hubs.isEmpty && self.rng.chance(0.7) {
            let hub = community.hubs[Int(self.rng.next(below: UInt64(community.hubs.count)))]
            areaIndex = Places.areas.firstIndex { $0.code == hub } ?? 0
        } else {
            areaIndex = Int(self.rng.next(below: UInt64(Places.areas.count)))
        }
        let area = Places.areas[areaIndex]
        let unit = Int(self.rng.next(below: UInt64(self.unitsPerArea)))
        // Everything about a unit follows from its number, so families drawn to the same unit are neighbours.
        var unitRNG = SeededGenerator(seed: UInt64(areaIndex) << 32 | UInt64(unit))
        let district = 1 + Int(unitRNG.next(below: UInt64(area.districts)))
        let sector = Int(unitRNG.next(below: 10))
        let letters = Places.unitLetters
        let unitLetters = String([letters[Int(unitRNG.next(below: 20))], letters[Int(unitRNG.next(below: 20))]])
        let postcode = "\(area.code)\(district) \(sector)\(unitLetters)"
        let street =
            Places.streets[Int(unitRNG.next(below: UInt64(Places.streets.count)))] + " "
            + Places.streetTypes[Int(unitRNG.next(below: UInt64(Places.streetTypes.count)))]
        let key = areaIndex << 32 | unit
        let house = self.nextHouse[key] ?? (1 + Int(unitRNG.next(below: 40)))
        self.nextHouse[key] = house + 1 + Int(self.rng.next(below: 3))
        var address = "\(house) \(street), \(area.town)"
        if self.rng.chance(0.08) { address = "Flat \(1 + self.rng.next(below: 12)), " + address }
        let school =
            "1"
            + Self.padded(Int(Hashing.mix(UInt64(areaIndex), UInt64(district), self.rng.next(below: 3)) % 99_999), 5)
        return Home(area: areaIndex, postcode: postcode, address: address, school: school)
    }

    // MARK: children

    /// The earliest and latest dates of birth of pupils of compulsory school age in 2025/26 (Reception to Year 11).
    static let oldest = Day(year: 2009, month: 9, day: 1)!.ordinal
    static let youngest = Day(year: 2021, month: 8, day: 31)!.ordinal

    mutating func makeChildren(of family: Family) -> [PupilRecord] {
        let roll = self.rng.unit()
        let count = roll < 0.40 ? 1 : roll < 0.75 ? 2 : roll < 0.91 ? 3 : roll < 0.98 ? 4 : 5
        var births: [Int] = []
        var birth = Self.oldest + Int(self.rng.next(below: UInt64(Self.youngest - Self.oldest)))
        for index in 0..<count {
            births.append(birth)
            // About one family in thirty with more than one child has twins.
            if index == 0 && count > 1 && self.rng.chance(0.035) { continue }
            birth += 400 + Int(self.rng.next(below: 1_100))
            if birth > Self.youngest {
                birth = Self.oldest + Int(self.rng.next(below: UInt64(Self.youngest - Self.oldest)))
            }
        }
        var children: [PupilRecord] = []
        var used: Set<String> = []
        for (index, ordinal) in births.enumerated() {
            var child = self.makeChild(of: family, born: Day(ordinal: ordinal))
            // Parents do not give two children one name.
            while used.contains(child.forename ?? "") {
                child = self.makeChild(of: family, born: Day(ordinal: ordinal))
            }
            used.insert(child.forename ?? "")
            if let other = family.otherSurname, index > 0, self.rng.chance(0.5) { child.surname = other }
            children.append(child)
        }
        return children
    }

    mutating func makeChild(of family: Family, born: Day) -> PupilRecord {
        let community = Community.all[family.community]
        let boy = self.rng.chance(0.51)
        var forename = (boy ? community.boys : community.girls).pick(&self.rng)
        var middle: String?
        if boy && self.rng.chance(community.muhammadShare) {
            // Named Muhammad and known by the middle name, as many Muslim boys are.
            middle = forename
            forename = Community.muhammadSpellings.pick(&self.rng)
        } else if self.rng.chance(family.community == 0 ? 0.6 : 0.35) {
            middle = (boy ? community.boys : community.girls).pick(&self.rng)
            if middle == forename { middle = nil }
        }
        var surname = family.surname
        var preferred: String?
        if family.sikh && self.rng.chance(0.4) {
            preferred = surname
            surname = boy ? "Singh" : "Kaur"
        }
        if community.gendersSurnames && !boy { surname = Self.feminine(surname) }
        if preferred == nil && self.rng.chance(0.02) { preferred = community.surnames.pick(&self.rng) }
        let former = self.rng.chance(0.01) ? community.surnames.pick(&self.rng) : nil
        let ethnicity = community.ethnicity[Int(self.rng.next(below: UInt64(community.ethnicity.count)))]
        let upnRoll = self.rng.unit()
        let upn =
            upnRoll < 0.94
            ? self.makeUPN(area: family.home.area, born: born, temporary: false)
            : upnRoll < 0.97 ? self.makeUPN(area: family.home.area, born: born, temporary: true) : nil
        return PupilRecord(
            recordID: "",
            upn: upn,
            forename: forename,
            middleNames: middle,
            surname: surname,
            preferredSurname: preferred,
            formerSurname: former,
            dateOfBirth: born,
            gender: boy ? "M" : "F",
            ethnicity: ethnicity,
            postcode: family.home.postcode,
            address: family.home.address,
            schoolURN: family.home.school,
            parentName: family.parent
        )
    }

    /// Polish and Lithuanian feminine surname forms: Kowalski to Kowalska, Kazlauskas to Kazlauskiene.
    static func feminine(_ surname: String) -> String {
        for (male, female) in [("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"), ("skas", "skiene"), ("as", "iene")]
        where surname.hasSuffix(male) {
            return String(surname.dropLast(male.count)) + female
        }
        return surname
    }

    /// A valid UPN, unique within the population: LA number from the area, a serial spread over the establishment
    /// and serial fields, allocation year from the date of birth; a temporary one ends in a letter.
    mutating func makeUPN(area: Int, born: Day, temporary: Bool) -> String {
        self.upnSerial += 1
        let la = Self.padded(201 + area * 9, 3)
        let serial = Self.padded(self.upnSerial, 7)
        let year = Self.padded((born.year + 4) % 100, 2)
        var body = Array(la + serial.prefix(4) + year + serial.suffix(3))
        if temporary { body[11] = UPN.alphabet[Int(self.rng.next(below: UInt64(UPN.alphabet.count)))] }
        return String(UPN.checkLetter(for: body)) + String(body)
    }
}
