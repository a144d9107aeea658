import CMECore

/// A pupil record reduced to what comparison and blocking read: interned name ids and packed fields, about a
/// hundred bytes with no heap storage.
struct PreparedRecord: Sendable, Equatable {
    var forename: Int32 = -1
    var middle: Int32 = -1
    var surname: Int32 = -1
    var preferredSurname: Int32 = -1
    var formerSurname: Int32 = -1
    /// Days since 1970-01-01; `Int32.min` when the date of birth is missing.
    var dob: Int32 = .min
    var dobYear: Int16 = 0
    var dobMonth: UInt8 = 0
    var dobDay: UInt8 = 0
    var gender: UInt8 = 0
    var upnTemporary = false
    /// A hash of a valid UPN; 0 when missing or invalid.
    var upn: UInt64 = 0
    var postcode = PostcodeParts()
    var address = AddressTokens()
    /// How many records in the population share this surname and full postcode (the household's frequency).
    var householdCount: Int32 = 0

    var hasDob: Bool { self.dob != .min }

    /// Everything but the names, which need the population's name table.
    init(fields record: PupilRecord) {
        self.init(
            dateOfBirth: record.dateOfBirth,
            gender: record.gender.map(FieldValue.text),
            upn: record.upn.map(FieldValue.text),
            postcode: record.postcode.map(FieldValue.text),
            address: record.address.map(FieldValue.text)
        )
    }

    /// Everything but the names, from values as text or as plain ASCII bytes still in a file (the same either way).
    init(dateOfBirth: Day?, gender: FieldValue?, upn: FieldValue?, postcode: FieldValue?, address: FieldValue?) {
        if let day = dateOfBirth {
            self.dob = Int32(clamping: day.ordinal)
            self.dobYear = Int16(clamping: day.year)
            self.dobMonth = UInt8(day.month)
            self.dobDay = UInt8(day.day)
        }
        self.gender = gender?.withUTF8(Normalise.gender(bytes:)) ?? 0
        let upnValue: (hash: UInt64, temporary: Bool)?
        switch upn {
        case .ascii(let bytes) where bytes.count == 13: upnValue = Normalise.upn(thirteen: bytes)
        case .ascii(let bytes): upnValue = Normalise.upn(String(decoding: bytes, as: UTF8.self))
        case .text(let text): upnValue = Normalise.upn(text)
        case nil: upnValue = nil
        }
        if let upnValue {
            self.upn = upnValue.hash
            self.upnTemporary = upnValue.temporary
        }
        if let postcode { self.postcode = postcode.withUTF8(Normalise.postcodeParts(bytes:)) }
        switch address {
        case .ascii(let bytes): self.address = Normalise.addressTokens(bytes)
        case .text(let text): self.address = Normalise.addressTokens(text)
        case nil: break
        }
    }

    /// The key of the household: surname and full postcode; 0 without either.
    var householdKey: UInt64 {
        guard self.surname >= 0, self.postcode.full != 0 else { return 0 }
        return Hashing.mix(UInt64(self.surname), self.postcode.full) | 1
    }
}

/// The names of one record, looked up.
struct RecordNames: Sendable {
    var forename = NameInfo.none
    var middle = NameInfo.none
    var surname = NameInfo.none
    var preferredSurname = NameInfo.none
    var formerSurname = NameInfo.none

    /// The surname (0), preferred surname (1) or former surname (2), picked without building an array of them:
    /// comparisons and blocking keys look at all three for every pair and record.
    func surnameForm(_ index: Int) -> NameInfo {
        index == 0 ? self.surname : index == 1 ? self.preferredSurname : self.formerSurname
    }

    /// Whether any of the three surnames is given.
    var hasSurname: Bool {
        self.surname.isPresent || self.preferredSurname.isPresent || self.formerSurname.isPresent
    }
}

/// Hash mixing for keys (SplitMix64's finaliser).
enum Hashing {
    static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    static func mix(_ values: UInt64...) -> UInt64 {
        var h = Self.seed
        for value in values { h = Self.step(h, value) }
        return h
    }

    /// `mix(a, b)` without building an array for the arguments (blocking keys are made millions of times).
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        Self.step(Self.step(Self.seed, a), b)
    }

    static func mix(_ a: UInt64) -> UInt64 {
        Self.step(Self.seed, a)
    }

    @inline(__always)
    static func step(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        var h = hash
        h ^= value &+ 0x9E37_79B9_7F4A_7C15 &+ (h << 6) &+ (h >> 2)
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return h
    }
}
