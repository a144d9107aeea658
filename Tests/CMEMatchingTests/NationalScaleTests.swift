import CMECore
import Testing

@testable import CMEMatching

/// Issue 18, national scale (ADR 0018): a lost child with a common name in a roll whose blocks are full is still
/// compared with themselves.
@Suite("Tracing at national scale")
struct NationalScaleTests {
    static let born = Day(year: 2015, month: 12, day: 25)!

    /// `count` children born on one day, every forename beginning with A (none of them Arthur), all surnames
    /// different: the birthday's block and its refined block (birthday and initial) are both over a small cap.
    static func crowdedRoll(_ count: Int) -> [PupilRecord] {
        let forenames = ["Aaron", "Abigail", "Ada", "Adam", "Aisha", "Alfie", "Alice", "Amber", "Amelia", "Amir"]
        return (0..<count).map { i in
            PupilRecord(
                recordID: "R\(i)",
                forename: forenames[i % forenames.count],
                surname: "Surname" + String(UnicodeScalar(UInt8(65 + i % 26)))
                    + String(UnicodeScalar(UInt8(65 + i / 26))),
                dateOfBirth: Self.born,
                gender: "M"
            )
        }
    }

    @Test func aChildInAnOversizedBlockIsComparedWhenTheyAgreeOnOneThingMore() {
        var roll = Self.crowdedRoll(150)
        roll.insert(
            PupilRecord(recordID: "ARTHUR", forename: "Arthur", surname: "Jones", dateOfBirth: Self.born),
            at: 75
        )
        let store = RecordStore(roll, workers: 2)
        let blocks = BlockIndex(store: store, range: 0..<roll.count, cap: 20, workers: 2)
        // The lost record shares only the birthday (a new surname, no UPN, no postcode): the birthday's block and
        // the birthday-and-A block are over the cap of 20, and within 16 times it.
        let (query, names) = store.prepareQuery(
            PupilRecord(recordID: "L1", forename: "Arthur", surname: "Quartermaine", dateOfBirth: Self.born)
        )

        let found = blocks.candidates(for: query, names).map { store.ids[Int($0)] }

        #expect(found == ["ARTHUR"], "only the child who also shares the forename's sound: \(found)")
        // A crowd beyond 16 times the cap is not scanned.
        let huge = Self.crowdedRoll(400)
        let hugeStore = RecordStore(huge, workers: 2)
        let hugeBlocks = BlockIndex(store: hugeStore, range: 0..<huge.count, cap: 20, workers: 2)
        let (q, n) = hugeStore.prepareQuery(
            PupilRecord(recordID: "L2", forename: "Alice", surname: "Quartermaine", dateOfBirth: Self.born)
        )
        #expect(hugeBlocks.candidates(for: q, n).isEmpty)
    }
}
