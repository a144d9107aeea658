/// Roll records filed under their blocking keys: per kind, one sorted array of `key << 24 | record`, searched by
/// binary search. Compact (8 bytes a key, about 110 MB for a million records) and built by sorting, which is faster
/// than filling a dictionary of arrays.
struct BlockIndex: Sendable {
    static let recordBits: UInt64 = 24
    /// The most records an index can hold.
    static let capacity = 1 << 24

    private let entries: [[UInt64]]
    /// Blocks larger than this are searched by their refined key instead; a refined block larger still is scanned
    /// for the records that also agree on one more thing (`fine`), up to `cap * fineScan` entries, or skipped.
    let cap: Int
    /// How many times the cap a refined block may be scanned for its fine agreements. At nine million records a
    /// common name's refined blocks hold several hundred ("Arthur Jones" born in 2015: 315; children born on one
    /// day whose forename starts with A: 331), and without it lost children with the commonest names were never
    /// compared with themselves; a scan of entries costs a small part of comparing as many pairs.
    static let fineScan = 16
    /// Per roll record: the forename's first phonetic code and the birth month, for the fine agreements.
    private let forenameCodes: [UInt32]
    private let months: [UInt8]

    /// Files the records `range` of `store`.
    init(store: RecordStore, range: Range<Int>, cap: Int, workers: Int) {
        precondition(range.upperBound <= Self.capacity, "a block index holds at most \(Self.capacity) records")
        self.cap = cap
        var forenameCodes = [UInt32](repeating: 0, count: range.upperBound)
        var months = [UInt8](repeating: 0, count: range.upperBound)
        for index in range {
            forenameCodes[index] = store.names.info(store.records[index].forename).metaphone[0]
            months[index] = store.records[index].hasDob ? store.records[index].dobMonth : 0
        }
        self.forenameCodes = forenameCodes
        self.months = months
        let chunks = Parallel.chunks(count: range.count, workers: workers)
        let parts: [[[UInt64]]] = Parallel.map(chunks.count, workers: workers) { chunk in
            var local = Array(repeating: [UInt64](), count: BlockKind.allCases.count)
            var keys: [BlockKey] = []
            keys.reserveCapacity(16)
            for offset in chunks[chunk] {
                let index = range.lowerBound + offset
                BlockingKeys.keys(store.records[index], store.recordNames(index), probe: false, into: &keys)
                for key in keys {
                    local[key.kind.rawValue].append(key.base << Self.recordBits | UInt64(index))
                    if key.refined != key.base {
                        local[key.kind.rawValue].append(key.refined << Self.recordBits | UInt64(index))
                    }
                }
            }
            return local
        }
        self.entries = Parallel.map(BlockKind.allCases.count, workers: workers) { kind in
            var all: [UInt64] = []
            all.reserveCapacity(parts.reduce(0) { $0 + $1[kind].count })
            for part in parts { all.append(contentsOf: part[kind]) }
            // Parts come in record order, and so the record bits are already in order within each key.
            RadixSort.sort(&all, fromBit: Int(Self.recordBits))
            return all
        }
    }

    /// The positions in `entries[kind]` filed under `key`.
    private func range(_ kind: BlockKind, _ key: UInt64) -> Range<Int> {
        let list = self.entries[kind.rawValue]
        let lower = Self.lowerBound(list, key << Self.recordBits)
        let upper = Self.lowerBound(list, (key + 1) << Self.recordBits)
        return lower..<upper
    }

    private static func lowerBound(_ list: [UInt64], _ value: UInt64) -> Int {
        var lo = 0
        var hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Every record sharing a key with the query, once each, in record order.
    func candidates(for record: PreparedRecord, _ names: RecordNames) -> [Int32] {
        var found: [Int32] = []
        let mask: UInt64 = (1 << Self.recordBits) - 1
        for key in BlockingKeys.keys(record, names, probe: true) {
            var range = self.range(key.kind, key.base)
            let list = self.entries[key.kind.rawValue]
            if range.count > self.cap {
                guard key.refined != key.base else { continue }
                range = self.range(key.kind, key.refined)
                if range.count > self.cap {
                    guard range.count <= self.cap * Self.fineScan else { continue }
                    self.fine(key.kind, record, names, in: range, of: list, into: &found)
                    continue
                }
            }
            for position in range { found.append(Int32(truncatingIfNeeded: list[position] & mask)) }
        }
        found.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(found.count)
        for id in found where unique.last != id { unique.append(id) }
        return unique
    }

    /// The records of an oversized refined block that also agree on one more thing: for a date of birth, the
    /// forename's sound; for the other kinds, the birth month. Nothing when the query lacks it, or when even those
    /// are more than the cap.
    private func fine(
        _ kind: BlockKind,
        _ record: PreparedRecord,
        _ names: RecordNames,
        in range: Range<Int>,
        of list: [UInt64],
        into found: inout [Int32]
    ) {
        let mask: UInt64 = (1 << Self.recordBits) - 1
        let start = found.count
        switch kind {
        case .dob:
            let code = names.forename.metaphone[0]
            guard code != 0 else { return }
            for position in range {
                let id = Int(list[position] & mask)
                if self.forenameCodes[id] == code { found.append(Int32(truncatingIfNeeded: id)) }
            }
        case .upn:
            return
        case .surnameYear, .forenameDistrict, .initialsMonth, .names:
            guard record.hasDob else { return }
            let month = record.dobMonth
            for position in range {
                let id = Int(list[position] & mask)
                if self.months[id] == month { found.append(Int32(truncatingIfNeeded: id)) }
            }
        }
        if found.count - start > self.cap { found.removeSubrange(start...) }
    }

    /// How many keys are filed (for statistics).
    var keyCount: Int { self.entries.reduce(0) { $0 + $1.count } }
}
