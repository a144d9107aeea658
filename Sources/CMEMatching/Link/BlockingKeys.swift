import CMECore

/// The blocking rules. A pair is compared only if it shares at least one key, and the keys are chosen so that a true
/// pair shares one whatever single field is wrong: a mistyped date still shares the surname and forename keys, a new
/// surname still shares the date, a move still shares the date and surname, and so on.
enum BlockKind: Int, CaseIterable, Sendable {
    /// Date of birth; probes also try it with day and month swapped. Refined by forename initial, as the surname is
    /// the name most likely to have changed.
    case dob
    /// Surname metaphone (every code of surname, preferred and former surname) and birth year.
    case surnameYear
    /// Forename metaphone and postcode district.
    case forenameDistrict
    /// A valid UPN.
    case upn
    /// Forename and surname initials and birth month.
    case initialsMonth
    /// Forename and surname metaphone; probes also try them transposed.
    case names
}

/// One key of a record, with a narrower key to use instead when the plain one is too common ("Khan born 2015").
struct BlockKey: Sendable {
    var kind: BlockKind
    var base: UInt64
    var refined: UInt64
}

enum BlockingKeys {
    /// Keys are kept to 40 bits so that a key and a record number share one 64-bit sort key.
    static func key(_ kind: BlockKind, _ refined: Bool, _ a: UInt64) -> UInt64 {
        Hashing.mix(Self.start(kind, refined), a) >> 24
    }

    static func key(_ kind: BlockKind, _ refined: Bool, _ a: UInt64, _ b: UInt64) -> UInt64 {
        Hashing.mix(Hashing.mix(Self.start(kind, refined), a), b) >> 24
    }

    static func key(_ kind: BlockKind, _ refined: Bool, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        Hashing.mix(Hashing.mix(Hashing.mix(Self.start(kind, refined), a), b), c) >> 24
    }

    static func key(_ kind: BlockKind, _ refined: Bool, _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> UInt64 {
        Hashing.mix(Hashing.mix(Hashing.mix(Hashing.mix(Self.start(kind, refined), a), b), c), d) >> 24
    }

    /// Each part is folded in as `mix(hash, part)`: written out per arity rather than variadic, which built an
    /// array for every key of every record.
    private static func start(_ kind: BlockKind, _ refined: Bool) -> UInt64 {
        Hashing.mix(UInt64(kind.rawValue) << 1 | (refined ? 1 : 0))
    }

    /// The keys of one record; `probe` adds the swapped date and the transposed names, used when searching.
    static func keys(_ r: PreparedRecord, _ n: RecordNames, probe: Bool) -> [BlockKey] {
        var keys: [BlockKey] = []
        keys.reserveCapacity(16)
        Self.keys(r, n, probe: probe, into: &keys)
        return keys
    }

    /// The same, written into `keys` (emptied first): one buffer serves every record of a roll.
    static func keys(_ r: PreparedRecord, _ n: RecordNames, probe: Bool, into keys: inout [BlockKey]) {
        keys.removeAll(keepingCapacity: true)
        let surnameInitial = UInt64(n.surname.initial)
        let forenameInitial = UInt64(n.forename.initial)
        let year = UInt64(UInt16(bitPattern: r.dobYear))
        if r.hasDob {
            let dob = UInt64(UInt32(bitPattern: r.dob))
            keys.append(
                BlockKey(
                    kind: .dob,
                    base: Self.key(.dob, false, dob),
                    refined: Self.key(.dob, true, dob, forenameInitial)
                )
            )
            if probe, r.dobDay <= 12, r.dobDay != r.dobMonth,
                let swapped = Day(year: Int(r.dobYear), month: Int(r.dobDay), day: Int(r.dobMonth))
            {
                let other = UInt64(UInt32(bitPattern: Int32(clamping: swapped.ordinal)))
                keys.append(
                    BlockKey(
                        kind: .dob,
                        base: Self.key(.dob, false, other),
                        refined: Self.key(.dob, true, other, forenameInitial)
                    )
                )
            }
        }
        // At most six codes, collected without arrays of names.
        var surnameCodes = SIMD8<UInt32>(repeating: 0)
        var surnameCount = 0
        for index in 0..<3 {
            let name = n.surnameForm(index)
            guard name.isPresent else { continue }
            for slot in 0..<2 {
                let code = name.metaphone[slot]
                guard code != 0, !(0..<surnameCount).contains(where: { surnameCodes[$0] == code }) else { continue }
                surnameCodes[surnameCount] = code
                surnameCount += 1
            }
        }
        for index in 0..<surnameCount {
            let code = surnameCodes[index]
            keys.append(
                BlockKey(
                    kind: .surnameYear,
                    base: Self.key(.surnameYear, false, UInt64(code), year),
                    refined: Self.key(.surnameYear, true, UInt64(code), year, forenameInitial)
                )
            )
        }
        // Middle names too: a child may be known by one ("Muhammad Ali" as "Ali").
        let given = SIMD4(
            n.forename.metaphone[0],
            n.forename.metaphone[1],
            n.middle.metaphone[0],
            n.middle.metaphone[1]
        )
        var forenameCodes = SIMD4<UInt32>(repeating: 0)
        var forenameCount = 0
        for slot in 0..<4 {
            let code = given[slot]
            guard code != 0, !(0..<forenameCount).contains(where: { forenameCodes[$0] == code }) else { continue }
            forenameCodes[forenameCount] = code
            forenameCount += 1
        }
        if r.postcode.district != 0 {
            for index in 0..<forenameCount {
                let code = forenameCodes[index]
                keys.append(
                    BlockKey(
                        kind: .forenameDistrict,
                        base: Self.key(.forenameDistrict, false, UInt64(code), r.postcode.district),
                        refined: Self.key(.forenameDistrict, true, UInt64(code), r.postcode.district, year)
                    )
                )
            }
        }
        if r.upn != 0 {
            let key = Self.key(.upn, false, r.upn)
            keys.append(BlockKey(kind: .upn, base: key, refined: key))
        }
        if n.forename.isPresent && n.surname.isPresent && r.hasDob {
            let month = year * 16 + UInt64(r.dobMonth)
            keys.append(
                BlockKey(
                    kind: .initialsMonth,
                    base: Self.key(.initialsMonth, false, forenameInitial, surnameInitial, month),
                    refined: Self.key(.initialsMonth, true, forenameInitial, surnameInitial, month, r.postcode.district)
                )
            )
        }
        let forenameCode = UInt64(n.forename.metaphone[0])
        let surnameCode = UInt64(n.surname.metaphone[0])
        if forenameCode != 0 && surnameCode != 0 {
            keys.append(
                BlockKey(
                    kind: .names,
                    base: Self.key(.names, false, forenameCode, surnameCode),
                    refined: Self.key(.names, true, forenameCode, surnameCode, year)
                )
            )
            if probe {
                keys.append(
                    BlockKey(
                        kind: .names,
                        base: Self.key(.names, false, surnameCode, forenameCode),
                        refined: Self.key(.names, true, surnameCode, forenameCode, year)
                    )
                )
            }
        }
    }
}
