/// A population prepared for linking: every record's packed fields, the shared name table, and the frequencies the
/// scores are adjusted by. Records keep their input order; ids are positions.
struct RecordStore: Sendable {
    private(set) var records: [PreparedRecord] = []
    private(set) var ids: [String] = []
    private(set) var names = NameTable()
    /// How many records have a forename, and a surname (the denominators of term frequencies).
    private(set) var forenameTotal = 0
    private(set) var surnameTotal = 0

    var count: Int { self.records.count }

    /// Per surname id: the share of pairs of roll records with that surname who are siblings (same household).
    private(set) var siblingShares: [Float] = []

    /// Prepares the records of each part in turn (roll first, then lost) and totals their frequencies; sibling
    /// shares come from the first part, the roll, where each child appears once.
    init(_ parts: [PupilRecord]..., workers: Int) {
        self.init(parts.map { LinkInput($0, workers: workers) })
    }

    /// Takes in each input's prepared records in turn (roll first, then lost) and totals their frequencies; sibling
    /// shares come from the first input, the roll, where each child appears once.
    init(_ inputs: [LinkInput]) {
        self.add(inputs)
        self.finish()
        self.countSiblings(in: 0..<(inputs.first?.count ?? 0))
    }

    /// Copies the chunks' records into the store's one list, interning their names: each chunk's distinct texts
    /// once each, in the order kept records first use them (so name ids never depend on how the records were cut
    /// into chunks, or on rows dropped after they were read).
    private mutating func add(_ inputs: [LinkInput]) {
        let total = inputs.reduce(0) { $0 + $1.count }
        var names = NameTable()
        var ids: [String] = []
        ids.reserveCapacity(total)
        var forenames = 0
        var surnames = 0
        self.records = [PreparedRecord](unsafeUninitializedCapacity: total) { buffer, count in
            count = 0
            for chunk in inputs.lazy.flatMap(\.chunks) {
                var table = [Int32](repeating: -2, count: chunk.texts.count)
                func id(_ local: Int32) -> Int32 {
                    guard local >= 0 else { return -1 }
                    if table[Int(local)] == -2 { table[Int(local)] = names.intern(chunk.texts[Int(local)]) }
                    return table[Int(local)]
                }
                for index in 0..<chunk.count {
                    var record = chunk.records[index]
                    let at = index * 5
                    record.forename = id(chunk.names[at])
                    record.middle = id(chunk.names[at + 1])
                    record.surname = id(chunk.names[at + 2])
                    record.preferredSurname = id(chunk.names[at + 3])
                    record.formerSurname = id(chunk.names[at + 4])
                    if record.preferredSurname == record.surname { record.preferredSurname = -1 }
                    if record.formerSurname == record.surname { record.formerSurname = -1 }
                    names.countForename(record.forename)
                    names.countSurname(record.surname)
                    if record.forename >= 0 { forenames += 1 }
                    if record.surname >= 0 { surnames += 1 }
                    (buffer.baseAddress! + count).initialize(to: record)
                    count += 1
                }
                ids += chunk.ids
            }
        }
        self.ids = ids
        self.names = names
        self.forenameTotal = forenames
        self.surnameTotal = surnames
    }

    /// Totals name-group and household frequencies once every record is in.
    private mutating func finish() {
        self.names.finish()
        var keys: [UInt64] = []
        keys.reserveCapacity(self.records.count)
        for record in self.records { keys.append(record.householdKey) }
        var counts = KeyCounts(capacity: self.records.count)
        for key in keys where key != 0 { counts.add(key) }
        for index in self.records.indices where keys[index] != 0 {
            self.records[index].householdCount = max(1, counts.count(keys[index]))
        }
    }

    /// How often two roll children with one surname are brothers and sisters rather than namesakes: for "Smith" in
    /// a large roll almost never, for a rare name almost always. Twins who move together need this, since no shared
    /// home marks them as a household.
    private mutating func countSiblings(in roll: Range<Int>) {
        var households = KeyCounts(capacity: roll.count)
        var surnames = [Int](repeating: 0, count: self.names.infos.count)
        for index in roll {
            let record = self.records[index]
            guard record.surname >= 0 else { continue }
            surnames[Int(record.surname)] += 1
            let key = record.householdKey
            if key != 0 { households.add(key, first: record.surname) }
        }
        var siblingPairs = [Int](repeating: 0, count: surnames.count)
        for (count, surname) in households.entries {
            siblingPairs[Int(surname)] += Int(count) * (Int(count) - 1) / 2
        }
        // Names held by one roll child borrow the share of names held by two to five.
        var rareSiblings = 0
        var rarePairs = 0
        for (id, count) in surnames.enumerated() where (2...5).contains(count) {
            rareSiblings += siblingPairs[id]
            rarePairs += count * (count - 1) / 2
        }
        let rareShare = rarePairs > 0 ? Double(rareSiblings) / Double(rarePairs) : 0.5
        self.siblingShares = surnames.enumerated().map { id, count in
            let pairs = Double(count * (count - 1) / 2)
            return Float((Double(siblingPairs[id]) + rareShare) / (pairs + 1))
        }
    }

    /// The sibling share of surname `id` (see `countSiblings`); 0 for a name no roll child has.
    func siblingShare(_ id: Int32) -> Double {
        id >= 0 && Int(id) < self.siblingShares.count ? Double(self.siblingShares[Int(id)]) : 0
    }

    func recordNames(_ index: Int) -> RecordNames {
        let record = self.records[index]
        return RecordNames(
            forename: self.names.info(record.forename),
            middle: self.names.info(record.middle),
            surname: self.names.info(record.surname),
            preferredSurname: self.names.info(record.preferredSurname),
            formerSurname: self.names.info(record.formerSurname)
        )
    }

    /// A record from outside the store, prepared against its name table without changing it.
    func prepareQuery(_ record: PupilRecord) -> (PreparedRecord, RecordNames) {
        var prepared = PreparedRecord(fields: record)
        let forename = self.names.lookup(record.forename)
        let middle = self.names.lookup(record.middleNames)
        let surname = self.names.lookup(record.surname)
        var preferred = self.names.lookup(record.preferredSurname)
        var former = self.names.lookup(record.formerSurname)
        if preferred.info.hash == surname.info.hash { preferred = (-1, .none) }
        if former.info.hash == surname.info.hash { former = (-1, .none) }
        prepared.forename = forename.id
        prepared.middle = middle.id
        prepared.surname = surname.id
        prepared.preferredSurname = preferred.id
        prepared.formerSurname = former.id
        let names = RecordNames(
            forename: forename.info,
            middle: middle.info,
            surname: surname.info,
            preferredSurname: preferred.info,
            formerSurname: former.info
        )
        return (prepared, names)
    }

    // MARK: term frequencies

    /// The share of records whose forename is `id` (at least one record's worth).
    func forenameFrequency(_ id: Int32) -> Double {
        let count = id >= 0 ? Double(self.names.forenameCounts[Int(id)]) : 0
        return max(count, 1) / Double(max(self.forenameTotal, 1))
    }

    func surnameFrequency(_ id: Int32) -> Double {
        let count = id >= 0 ? Double(self.names.surnameCounts[Int(id)]) : 0
        return max(count, 1) / Double(max(self.surnameTotal, 1))
    }

    func forenameGroupFrequency(_ group: Int32) -> Double {
        max(Double(self.names.groupForenameCounts[Int(group)]), 1) / Double(max(self.forenameTotal, 1))
    }

    func surnameGroupFrequency(_ group: Int32) -> Double {
        max(Double(self.names.groupSurnameCounts[Int(group)]), 1) / Double(max(self.surnameTotal, 1))
    }

    /// The share of records in the household of `record` (surname and full postcode).
    func householdFrequency(_ record: PreparedRecord) -> Double {
        max(Double(record.householdCount), 1) / Double(max(self.count, 1))
    }
}
