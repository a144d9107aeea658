/// Roll records filed under their blocking keys: per kind, one sorted array of `key << 24 | record`, searched by
/// binary search. Compact (8 bytes a key, about 110 MB for a million records) and built by sorting, which is faster
/// than filling a dictionary of arrays.
struct BlockIndex: Sendable {
    static let recordBits: UInt64 = 24
    /// The most records an index can hold.
    static let capacity = 1 << 24

    private let entries: [[UInt64]]
    /// Blocks larger than this are searched by their refined key instead, or skipped if that is too large as well.
    let cap: Int

    /// Files the records `range` of `store`.
    init(store: RecordStore, range: Range<Int>, cap: Int, workers: Int) {
        precondition(range.upperBound <= Self.capacity, "a block index holds at most \(Self.capacity) records")
        self.cap = cap
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
            if range.count > self.cap {
                guard key.refined != key.base else { continue }
                range = self.range(key.kind, key.refined)
                if range.count > self.cap { continue }
            }
            let list = self.entries[key.kind.rawValue]
            for position in range { found.append(Int32(truncatingIfNeeded: list[position] & mask)) }
        }
        found.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(found.count)
        for id in found where unique.last != id { unique.append(id) }
        return unique
    }

    /// How many keys are filed (for statistics).
    var keyCount: Int { self.entries.reduce(0) { $0 + $1.count } }
}
