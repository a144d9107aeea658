/// Comparators for the fields that are not names.
enum FieldComparator {
    static func dob(_ a: PreparedRecord, _ b: PreparedRecord) -> UInt8 {
        guard a.hasDob && b.hasDob else { return Field.missing }
        if a.dob == b.dob { return DobLevel.exact.rawValue }
        if a.dobYear == b.dobYear && a.dobMonth == b.dobDay && a.dobDay == b.dobMonth {
            return DobLevel.swapped.rawValue
        }
        if abs(Int(a.dob) - Int(b.dob)) == 1 { return DobLevel.oneDayOff.rawValue }
        let differing =
            Self.differingDigits(Int(a.dobYear), Int(b.dobYear), places: 4)
            + Self.differingDigits(Int(a.dobMonth), Int(b.dobMonth), places: 2)
            + Self.differingDigits(Int(a.dobDay), Int(b.dobDay), places: 2)
        if differing == 1 { return DobLevel.oneDigitOff.rawValue }
        if a.dobYear == b.dobYear { return DobLevel.yearOnly.rawValue }
        return DobLevel.different.rawValue
    }

    static func differingDigits(_ x: Int, _ y: Int, places: Int) -> Int {
        var x = x
        var y = y
        var count = 0
        for _ in 0..<places {
            if x % 10 != y % 10 { count += 1 }
            x /= 10
            y /= 10
        }
        return count
    }

    static func upn(_ a: PreparedRecord, _ b: PreparedRecord) -> UInt8 {
        guard a.upn != 0 && b.upn != 0 else { return Field.missing }
        let temporary = a.upnTemporary || b.upnTemporary
        if a.upn == b.upn { return (temporary ? UPNLevel.exactTemporary : UPNLevel.exact).rawValue }
        return (temporary ? UPNLevel.differentTemporary : UPNLevel.different).rawValue
    }

    static func gender(_ a: PreparedRecord, _ b: PreparedRecord) -> UInt8 {
        guard a.gender != 0 && b.gender != 0 else { return Field.missing }
        return (a.gender == b.gender ? GenderLevel.same : GenderLevel.different).rawValue
    }

    static func postcode(_ a: PostcodeParts, _ b: PostcodeParts) -> PostcodeLevel? {
        guard a.district != 0 && b.district != 0 else { return nil }
        if a.full != 0 && a.full == b.full { return .full }
        if a.sector != 0 && a.sector == b.sector { return .sector }
        if a.district == b.district { return .district }
        return .different
    }

    /// Jaccard similarity of the word tokens, or nil when either address has none.
    static func jaccard(_ a: AddressTokens, _ b: AddressTokens) -> Double? {
        guard a.count > 0 && b.count > 0 else { return nil }
        var shared = 0
        for i in 0..<Int(a.count) {
            for j in 0..<Int(b.count) where a.words[i] == b.words[j] {
                shared += 1
                break
            }
        }
        return Double(shared) / Double(Int(a.count) + Int(b.count) - shared)
    }

    /// The location level, and the address similarity when there was one.
    static func location(_ a: PreparedRecord, _ b: PreparedRecord) -> (level: UInt8, jaccard: Double?) {
        let postcode = Self.postcode(a.postcode, b.postcode)
        let jaccard = Self.jaccard(a.address, b.address)
        let districtConflict = postcode == .different
        if let jaccard {
            let sameNumber = a.address.numbers == b.address.numbers
            let house = sameNumber && (a.address.numbers != 0 ? jaccard >= 0.5 : jaccard >= 0.8)
            if house && !districtConflict { return (LocationLevel.sameAddress.rawValue, jaccard) }
            if postcode == .full { return (LocationLevel.postcode.rawValue, jaccard) }
            if jaccard >= 0.5 && (!districtConflict || (house && jaccard >= 0.8)) {
                return (LocationLevel.similarAddress.rawValue, jaccard)
            }
        }
        switch postcode {
        case .full: return (LocationLevel.postcode.rawValue, jaccard)
        case .sector: return (LocationLevel.sector.rawValue, jaccard)
        case .district: return (LocationLevel.district.rawValue, jaccard)
        case .different: return (LocationLevel.different.rawValue, jaccard)
        case nil: return (jaccard == nil ? Field.missing : LocationLevel.different.rawValue, jaccard)
        }
    }
}
