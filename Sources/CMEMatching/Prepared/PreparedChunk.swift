import CMECore

/// Records prepared on one core, before they join a `RecordStore`: the packed fields, the record ids, and the names
/// as the chunk's distinct raw texts (a million records hold only thousands), which the store interns once each.
struct PreparedChunk: Sendable {
    var records: [PreparedRecord] = []
    var ids: [String] = []
    /// The distinct raw name texts, in the order they first appear.
    var texts: [String] = []
    /// Per record, five indexes into `texts` (forename, middle names, surname, preferred and former surname); -1 for
    /// none.
    var names: [Int32] = []
    private var seen: [String: Int32] = [:]

    init(expected: Int) {
        self.records.reserveCapacity(expected)
        self.ids.reserveCapacity(expected)
        self.names.reserveCapacity(expected * 5)
    }

    /// `records` prepared.
    init(_ records: ArraySlice<PupilRecord>) {
        self.init(expected: records.count)
        for record in records {
            self.append(
                PreparedRecord(fields: record),
                id: record.recordID,
                names: (
                    record.forename, record.middleNames, record.surname, record.preferredSurname, record.formerSurname
                )
            )
        }
    }

    var count: Int { self.records.count }

    mutating func append(
        _ record: PreparedRecord,
        id: String,
        names: (String?, String?, String?, String?, String?)
    ) {
        self.records.append(record)
        self.ids.append(id)
        self.name(names.0)
        self.name(names.1)
        self.name(names.2)
        self.name(names.3)
        self.name(names.4)
    }

    private mutating func name(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return self.names.append(-1) }
        if let index = self.seen[raw] { return self.names.append(index) }
        let index = Int32(self.texts.count)
        self.seen[raw] = index
        self.texts.append(raw)
        self.names.append(index)
    }

    /// Forgets which texts the chunk has seen, once it is complete.
    mutating func dropSeen() { self.seen = [:] }
}

extension PreparedChunk: RowSink {
    /// The store copies every chunk into its own list, so each keeps room for its own records only.
    static var joinsIntoFirst: Bool { false }

    func id(at index: Int) -> String { self.ids[index] }

    /// Reads the row's columns straight from the file's bytes: only the id and the names become strings.
    mutating func append(_ row: RowFields) -> Result<String, PupilCSV.RowError> {
        guard let id = row.text(.recordID) else { return .failure(PupilCSV.RowError(reason: "record_id is empty")) }
        var dob: Day?
        switch row.value(.dateOfBirth)?.withUTF8(PupilCSV.parseDate(bytes:)) {
        case .success(let day): dob = day
        case .failure(let error): return .failure(error)
        case nil: break
        }
        let record = PreparedRecord(
            dateOfBirth: dob,
            gender: row.value(.gender),
            upn: row.value(.upn),
            postcode: row.value(.postcode),
            address: row.value(.address)
        )
        let names = (
            row.text(.forename), row.text(.middleNames), row.text(.surname), row.text(.preferredSurname),
            row.text(.formerSurname)
        )
        self.append(record, id: id, names: names)
        return .success(id)
    }

    /// The texts the record added stay: the store interns only texts that kept records use.
    mutating func removeLast() {
        self.records.removeLast()
        self.ids.removeLast()
        self.names.removeLast(5)
    }

    mutating func keep(_ indices: [Int]) {
        self.records = indices.map { self.records[$0] }
        self.ids = indices.map { self.ids[$0] }
        self.names = indices.flatMap { self.names[($0 * 5)..<($0 * 5 + 5)] }
    }
}

/// Records ready for `Linker.run`: prepared on every core, from `PupilRecord`s or straight from a CSV file
/// (`PupilCSV.readForLinking`).
public struct LinkInput: Sendable {
    let chunks: [PreparedChunk]

    /// How many records.
    public let count: Int

    init(chunks: [PreparedChunk]) {
        // The dictionaries that found each chunk's distinct names are not needed any more.
        self.chunks = chunks.map { chunk in
            var chunk = chunk
            chunk.dropSeen()
            return chunk
        }
        self.count = chunks.reduce(0) { $0 + $1.count }
    }

    /// `records` prepared on every core.
    public init(_ records: [PupilRecord]) {
        self.init(records, workers: Parallel.cores)
    }

    /// `records` prepared on `workers` cores.
    init(_ records: [PupilRecord], workers: Int) {
        let ranges = Parallel.chunks(count: records.count, workers: workers)
        self.init(chunks: Parallel.map(ranges.count, workers: workers) { PreparedChunk(records[ranges[$0]]) })
    }
}
