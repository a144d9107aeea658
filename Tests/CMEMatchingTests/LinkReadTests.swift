import CMECore
import Testing

@testable import CMEMatching

/// `cme match` reads its files straight into prepared records (`PupilCSV.readForLinking`) instead of building a
/// `PupilRecord` per row: these hold that path to the ordinary one, value by value and match by match.
@Suite("Reading CSV straight into prepared records")
struct LinkReadTests {
    /// Rows with everything the byte-level path must hand back to the text path or read the same way: padding,
    /// quotes, accents, bytes that are not UTF-8, lower-case and wrong-length UPNs, both date forms, repeated ids, a
    /// bad date and a short row.
    static let awkward: [UInt8] = {
        let upn = validUPN("201200112345")
        let rows = [
            PupilCSVTests.header,
            "R1,\(upn.lowercased()), Amelia ,,Clarke,,,07/03/2015,female,WBRI,ip1  2bx,\"12 Station Rd., Ipswich\",,",
            "R2,\(upn)X,Zoë,Anne Marie,\"O\"\"Neil\",,Smith,2016-01-30,\tF,,IP4 1AA,\"Flat 2, \"\"The Maltings\"\"\",,",
            "R3,,Łukasz,,Wiśniewski,Wisniewski,,2014-11-02, m ,,\tIP2 0AB ,3 Rue Belle-Époque,,",
            "R4,\(upn),\"  \",,Khan,KHAN,,\" 2013-05-06\",boy,,ip12bx,Flat 3a 9 Mill Lane,,",
            "R5,T\(upn.dropFirst()),Ann,,Lee,,,2015-02-03,,,IP1,   ,,",
            "R1,,Again,,Clarke,,,2015-03-07,F,,,,,",
            "R6,,Bad,,Date,,,2015-13-01,F,,,,,",
            "R7,,Short,Row",
            "R8,,Mo,,Ali,,,2012-12-12,M,,CB1 1AA,10 Hills Road,,",
        ]
        var bytes = Array(rows.joined(separator: "\n").utf8)
        // A byte that is not UTF-8 in an address and in a surname.
        bytes += Array("\nR9,,Ann,,Le".utf8) + [0xFF] + Array(",,,2015-01-01,F,,IP1 2BX,1 Mi".utf8) + [0xFE]
        bytes += Array("ll Road,,\n".utf8)
        return bytes
    }()

    @Test(
        "Every prepared field, name and skipped row is the same as preparing the PupilRecords read from the file",
        arguments: 1...3
    )
    func preparedFieldsMatchTheTextPath(parts: Int) throws {
        // MUT
        let records = try PupilCSV.read(bytes: Self.awkward, parts: 1)
        let direct = try PupilCSV.readForLinking(bytes: Self.awkward, parts: parts)

        // validate
        #expect(direct.skipped == records.skipped)
        #expect(direct.skipped.map(\.line) == [7, 8, 9])
        let viaRecords = RecordStore(records.records, workers: 2)
        let viaBytes = RecordStore([direct.input])
        #expect(viaBytes.ids == viaRecords.ids)
        #expect(viaBytes.ids == ["R1", "R2", "R3", "R4", "R5", "R8", "R9"])
        #expect(viaBytes.records == viaRecords.records)
        #expect(viaBytes.names.infos.count == viaRecords.names.infos.count)
        // The values a user would see go wrong: the lower-case UPN, the day-first date and the padded postcode.
        let first = viaBytes.records[0]
        #expect(first.upn != 0 && first.upn == viaBytes.records[3].upn)
        #expect(first.dobMonth == 3 && first.dobDay == 7)
        #expect(first.postcode == viaBytes.records[3].postcode && first.postcode.full != 0)
        #expect(viaBytes.records[1].upn == 0)
    }

    @Test func linkingPreparedRecordsGivesTheSameMatchesAsLinkingPupilRecords() throws {
        // setup: a synthetic roll and lost list written as CSV, read both ways.
        let population = SyntheticPopulation.generate(rollSize: 3_000, lostSize: 300, seed: 19)
        let roll = Array(PupilCSV.write(population.roll).utf8)
        let lost = Array(PupilCSV.write(population.lost).utf8)
        let linker = Linker()

        // MUT
        let viaRecords = linker.run(
            roll: try PupilCSV.read(bytes: roll).records,
            lost: try PupilCSV.read(bytes: lost).records
        )
        let viaBytes = linker.run(
            roll: try PupilCSV.readForLinking(bytes: roll, parts: 2).input,
            lost: try PupilCSV.readForLinking(bytes: lost).input
        )

        // validate
        #expect(viaBytes.matches.count > 250)
        #expect(viaBytes.matches == viaRecords.matches)
        #expect(viaBytes.candidatePairs == viaRecords.candidatePairs)
    }
}
