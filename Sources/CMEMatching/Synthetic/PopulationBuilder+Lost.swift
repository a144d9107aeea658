import CMECore

extension PopulationBuilder {
    /// `size` lost records: `matchedShare` of them altered copies of distinct roll records, the rest children on no
    /// roll (half of them brothers, sisters or twins of roll children, half from new families), in random order.
    mutating func makeLost(_ size: Int, roll: [PupilRecord], matchedShare: Double) -> ([PupilRecord], [String: String])
    {
        let matched = roll.isEmpty ? 0 : min(roll.count, Int((Double(size) * matchedShare).rounded()))
        var sources = self.distinctIndices(matched, below: roll.count)
        var records: [(record: PupilRecord, source: Int?)] = []
        records.reserveCapacity(size)
        for index in sources { records.append((self.copy(roll[index]), index)) }
        while records.count < size {
            if !roll.isEmpty && self.rng.chance(0.5) {
                let index = Int(self.rng.next(below: UInt64(roll.count)))
                records.append((self.sibling(of: roll[index], community: Int(self.communityOf[index])), nil))
            } else {
                let family = self.makeFamily()
                let child = self.makeChildren(of: family)[0]
                records.append((self.copy(child), nil))
            }
        }
        for i in stride(from: records.count - 1, to: 0, by: -1) {
            records.swapAt(i, Int(self.rng.next(below: UInt64(i + 1))))
        }
        sources = []
        var truth: [String: String] = [:]
        var lost: [PupilRecord] = []
        lost.reserveCapacity(records.count)
        for (offset, entry) in records.enumerated() {
            var record = entry.record
            record.recordID = "L\(Self.padded(offset + 1, 7))"
            if let source = entry.source { truth[record.recordID] = roll[source].recordID }
            lost.append(record)
        }
        return (lost, truth)
    }

    /// `count` distinct numbers below `bound`, in random order.
    mutating func distinctIndices(_ count: Int, below bound: Int) -> [Int] {
        if count * 2 > bound {
            var all = Array(0..<bound)
            for i in 0..<count { all.swapAt(i, i + Int(self.rng.next(below: UInt64(bound - i)))) }
            return Array(all[..<count])
        }
        var chosen: Set<Int> = []
        var order: [Int] = []
        while order.count < count {
            let index = Int(self.rng.next(below: UInt64(bound)))
            if chosen.insert(index).inserted { order.append(index) }
        }
        return order
    }

    /// A child on no roll in the family of `child`: same surname and home, another name, often another birthday
    /// (sometimes a twin).
    mutating func sibling(of child: PupilRecord, community: Int) -> PupilRecord {
        let family = Family(
            community: community,
            surname: child.preferredSurname ?? child.surname ?? "",
            otherSurname: nil,
            home: Home(
                area: 0,
                postcode: child.postcode ?? "",
                address: child.address ?? "",
                school: child.schoolURN ?? ""
            ),
            parent: child.parentName ?? "",
            sikh: false
        )
        let born: Day
        if self.rng.chance(0.15), let twin = child.dateOfBirth {
            born = twin
        } else {
            let gap = (400 + Int(self.rng.next(below: 1_500))) * (self.rng.chance(0.5) ? 1 : -1)
            born = Day(ordinal: min(max((child.dateOfBirth?.ordinal ?? Self.oldest) + gap, Self.oldest), Self.youngest))
        }
        var sibling = self.makeChild(of: family, born: born)
        for _ in 0..<5 where Normalise.name(sibling.forename ?? "") == Normalise.name(child.forename ?? "") {
            sibling = self.makeChild(of: family, born: born)
        }
        sibling.surname = child.surname
        return self.copy(sibling)
    }

    /// The record another local authority or agency holds for `child`: the same child, written differently and
    /// perhaps out of date.
    mutating func copy(_ child: PupilRecord) -> PupilRecord {
        var record = child
        let community = Community.all[0]
        // Forename.
        if self.rng.chance(0.09), let forename = record.forename, let other = Corruptions.variant(forename, &self.rng) {
            record.forename = other
        } else if self.rng.chance(0.06), let forename = record.forename {
            record.forename = Corruptions.typo(forename, &self.rng)
        }
        if let middle = child.middleNames,
            self.rng.chance(Community.muhammadSpellings.names.contains(child.forename ?? "") ? 0.45 : 0.03)
        {
            // Known by the middle name.
            record.forename = middle
            record.middleNames = child.forename
        }
        if self.rng.chance(0.005) { record.forename = nil }
        if self.rng.chance(0.4) { record.middleNames = nil }
        // Surname.
        if let surname = record.surname {
            let roll = self.rng.unit()
            if roll < 0.04 {
                record.surname = Corruptions.typo(surname, &self.rng)
            } else if roll < 0.07, let other = Corruptions.variant(surname, &self.rng, spellingOnly: true) {
                record.surname = other
            } else if roll < 0.095 {
                // A new surname (a parent's new partner), the old one sometimes kept as former surname.
                record.surname = community.surnames.pick(&self.rng)
                record.formerSurname = self.rng.chance(0.5) ? surname : nil
            } else if roll < 0.12 {
                let other = community.surnames.pick(&self.rng)
                record.surname = self.rng.chance(0.5) ? surname + "-" + other : other + "-" + surname
            } else if roll < 0.14, let preferred = child.preferredSurname {
                record.surname = preferred
                record.preferredSurname = nil
            }
            if surname.contains("-") && self.rng.chance(0.6) {
                let parts = surname.split(separator: "-")
                record.surname = String(parts[Int(self.rng.next(below: UInt64(parts.count)))])
            }
            if surname.hasSuffix("ska") && self.rng.chance(0.2) { record.surname = String(surname.dropLast()) + "i" }
        }
        if self.rng.chance(0.015) { (record.forename, record.surname) = (record.surname, record.forename) }
        if self.rng.chance(0.15) { record.surname = record.surname?.uppercased() }
        if self.rng.chance(0.5) { record.preferredSurname = nil }
        // Date of birth.
        if let dob = child.dateOfBirth {
            let roll = self.rng.unit()
            if roll < 0.03, let swapped = dob.dayMonthSwapped {
                record.dateOfBirth = swapped
            } else if roll < 0.055 {
                record.dateOfBirth = Corruptions.dobDigit(dob, &self.rng)
            } else if roll < 0.07 {
                record.dateOfBirth = dob.adding(days: self.rng.chance(0.5) ? 1 : -1)
            } else if roll < 0.08 {
                record.dateOfBirth = nil
            }
        }
        // Gender.
        if self.rng.chance(0.08) {
            record.gender = nil
        } else if self.rng.chance(0.005) {
            record.gender = record.gender == "M" ? "F" : "M"
        }
        // UPN: often not passed on, or replaced by a temporary one.
        let upnRoll = self.rng.unit()
        if child.upn != nil && !(child.upn?.last?.isLetter ?? false) {
            if upnRoll < 0.30 {
                record.upn = nil
            } else if upnRoll < 0.42 {
                record.upn = self.makeUPN(area: 0, born: child.dateOfBirth ?? Day(ordinal: 0), temporary: true)
            } else if upnRoll < 0.45, let upn = child.upn {
                record.upn = String(upn.dropFirst()) + "X"
            }
        } else if upnRoll < 0.3 {
            record.upn = self.makeUPN(area: 0, born: child.dateOfBirth ?? Day(ordinal: 0), temporary: false)
        } else if upnRoll < 0.6 {
            record.upn = nil
        }
        // Home: lost children have often moved.
        if self.rng.chance(0.45) {
            let home = self.makeHome(
                community: Community.all[0],
                near: self.rng.chance(0.5) ? self.areaIndex(of: child) : nil
            )
            record.postcode = home.postcode
            record.address = home.address
            record.schoolURN = home.school
        } else if self.rng.chance(0.3), let address = record.address {
            record.address = Corruptions.reformat(address, &self.rng)
        }
        if self.rng.chance(0.03), let postcode = record.postcode {
            record.postcode = Corruptions.postcodeTypo(postcode, &self.rng)
        }
        if self.rng.chance(0.05) { record.postcode = nil }
        if self.rng.chance(0.05) { record.address = nil }
        if self.rng.chance(0.15) { record.ethnicity = nil }
        if self.rng.chance(0.3) { record.parentName = nil }
        switch self.errors {
        case .standard: break
        case .hard: HardErrors.apply(to: &record, &self)
        case .measured: MeasuredErrors.apply(to: &record, child: child, &self)
        }
        return record
    }

    func areaIndex(of child: PupilRecord) -> Int? {
        guard let postcode = child.postcode else { return nil }
        let letters = postcode.prefix { $0.isLetter }
        return Places.areas.firstIndex { $0.code == letters }
    }
}
