/// Every distinct name in a population, interned: records hold small ids, and each name is normalised and encoded
/// once however many children share it. Also counts how often each name is a forename and a surname, for the
/// term-frequency adjustment.
struct NameTable: Sendable {
    private(set) var infos: [NameInfo] = []
    private var ids: [String: Int32] = [:]
    private var rawIDs: [String: Int32] = [:]
    private(set) var forenameCounts: [Int32] = []
    private(set) var surnameCounts: [Int32] = []
    /// Per variant group: how many forenames and surnames in the population belong to it.
    private(set) var groupForenameCounts: [Int32] = []
    private(set) var groupSurnameCounts: [Int32] = []

    /// The id of `raw` after normalisation, adding it if new; -1 when it has no letters.
    mutating func intern(_ raw: String?) -> Int32 {
        guard let raw, !raw.isEmpty else { return -1 }
        if let id = self.rawIDs[raw] { return id }
        let words = Normalise.words(raw)
        let id: Int32
        if words.isEmpty {
            id = -1
        } else {
            let key = words.joined(separator: " ")
            if let existing = self.ids[key] {
                id = existing
            } else {
                id = Int32(self.infos.count)
                self.ids[key] = id
                self.infos.append(NameInfo(words: words))
                self.forenameCounts.append(0)
                self.surnameCounts.append(0)
            }
        }
        self.rawIDs[raw] = id
        return id
    }

    mutating func countForename(_ id: Int32) {
        if id >= 0 { self.forenameCounts[Int(id)] += 1 }
    }

    mutating func countSurname(_ id: Int32) {
        if id >= 0 { self.surnameCounts[Int(id)] += 1 }
    }

    /// Totals the counts per variant group and drops the raw-text cache, which is no longer needed.
    mutating func finish() {
        self.rawIDs = [:]
        self.groupForenameCounts = Array(repeating: 0, count: NameVariants.groupCount)
        self.groupSurnameCounts = Array(repeating: 0, count: NameVariants.groupCount)
        for (id, info) in self.infos.enumerated() {
            for i in 0..<4 where info.groups[i] >= 0 {
                self.groupForenameCounts[Int(info.groups[i])] += self.forenameCounts[id]
                self.groupSurnameCounts[Int(info.groups[i])] += self.surnameCounts[id]
            }
        }
    }

    /// The name with id `id`, or `NameInfo.none` for -1.
    func info(_ id: Int32) -> NameInfo {
        id >= 0 ? self.infos[Int(id)] : .none
    }

    /// The id and details of `raw` without adding it: a query from outside the population gets id -1 and details
    /// built on the spot.
    func lookup(_ raw: String?) -> (id: Int32, info: NameInfo) {
        guard let raw else { return (-1, .none) }
        let words = Normalise.words(raw)
        guard !words.isEmpty else { return (-1, .none) }
        if let id = self.ids[words.joined(separator: " ")] { return (id, self.infos[Int(id)]) }
        return (-1, NameInfo(words: words))
    }
}
