/// Counts of 64-bit keys (never 0) in an open-addressing table: several times faster than a `Dictionary`, which
/// hashes every key with SipHash, when a million households are counted.
struct KeyCounts {
    private var keys: [UInt64]
    private(set) var counts: [Int32]
    /// A value kept with each key: the one given when it was first added.
    private(set) var firsts: [Int32]
    private let shift: UInt64

    init(capacity: Int) {
        var bits = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        self.keys = [UInt64](repeating: 0, count: 1 << bits)
        self.counts = [Int32](repeating: 0, count: 1 << bits)
        self.firsts = [Int32](repeating: 0, count: 1 << bits)
        self.shift = UInt64(64 - bits)
    }

    private func slot(_ key: UInt64) -> Int {
        let mask = self.keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> self.shift)
        while self.keys[slot] != 0 && self.keys[slot] != key { slot = (slot + 1) & mask }
        return slot
    }

    /// Counts one more `key`; `first` is kept if the key is new.
    mutating func add(_ key: UInt64, first: Int32 = 0) {
        precondition(key != 0, "key 0 marks an empty slot")
        let slot = self.slot(key)
        if self.keys[slot] == 0 {
            self.keys[slot] = key
            self.firsts[slot] = first
        }
        self.counts[slot] += 1
    }

    /// How many times `key` was added.
    func count(_ key: UInt64) -> Int32 {
        let slot = self.slot(key)
        return self.keys[slot] == key ? self.counts[slot] : 0
    }

    /// Each key's count and first value.
    var entries: some Sequence<(count: Int32, first: Int32)> {
        self.keys.indices.lazy.filter { self.keys[$0] != 0 }.map { (self.counts[$0], self.firsts[$0]) }
    }
}
