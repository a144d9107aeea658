import CMECore
import Testing

@testable import CMEMatching

@Suite("Pupil CSV")
struct PupilCSVTests {
    static let header =
        "record_id,upn,forename,middle_names,surname,preferred_surname,former_surname,dob,gender,"
        + "ethnicity,postcode,address,school_urn,parent_name"

    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        // setup
        let text =
            Self.header + "\n"
            + "R1,,Amelia,,Clarke,,,2015-03-07,F,WBRI,IP1 2BX,\"12 Station Road, Ipswich\",,"
            + "\"Sarah \"\"Sal\"\" Clarke\"\n"
            + "R2,,Zoë,,O'Neil,,,2016-01-30,F,,,\"Flat 2\n7 Mill Lane\",,\n"

        // MUT
        let result = try PupilCSV.read(text)

        // validate
        #expect(result.skipped.isEmpty)
        #expect(result.records.count == 2)
        #expect(result.records[0].address == "12 Station Road, Ipswich")
        #expect(result.records[0].parentName == "Sarah \"Sal\" Clarke")
        #expect(result.records[1].address == "Flat 2\n7 Mill Lane")
        #expect(result.records[1].forename == "Zoë")
    }

    @Test func columnsAreFoundByNameInAnyOrderAndExtrasIgnored() throws {
        let text = "Surname, DOB ,notes,Record_ID,forename\r\nKhan,09/05/2014,ignore me,R9,Muhammad\r\n"

        let result = try PupilCSV.read(text)

        #expect(result.records == [pupil("R9", "Muhammad", "Khan", "2014-05-09")])
    }

    @Test func datesAreReadInBothFormsAndEmptyValuesAreMissing() throws {
        let text = "record_id,forename,surname,dob,upn\nR1,Ann,Lee,2015-03-07,\nR2,Bo,Lee,7/3/2015,\nR3,Cy,Lee,,\n"

        let records = try PupilCSV.read(text).records

        #expect(
            records.map(\.dateOfBirth) == [Day(year: 2015, month: 3, day: 7), Day(year: 2015, month: 3, day: 7), nil]
        )
        #expect(records.allSatisfy { $0.upn == nil })
    }

    @Test func onlyTheTwoDateFormsAreAccepted() {
        func parsed(_ text: String) -> Day? {
            if case .success(let day) = PupilCSV.parseDate(text) { return day }
            return nil
        }
        #expect(parsed("2015-03-07") == Day(year: 2015, month: 3, day: 7))
        #expect(parsed("29/02/2016") == Day(year: 2016, month: 2, day: 29))
        for text in [
            "2015-3-07", "07-03-2015", "7/3/15", "2015/03/07", "2015-03-07T00:00", "29/02/2015", "", "12/13/2015",
        ] {
            #expect(parsed(text) == nil, "\(text)")
        }
        #expect(
            PupilCSV.parseDate("29/02/2015")
                == .failure(PupilCSV.RowError(reason: "dob '29/02/2015' is not a real date"))
        )
    }

    @Test func columnOrdinalsFollowTheirOrder() {
        for (offset, column) in PupilRecord.Column.allCases.enumerated() { #expect(column.ordinal == offset) }
    }

    @Test func aMissingRequiredColumnIsAnErrorNamingIt() {
        #expect(throws: PupilCSVError.missingColumns(["dob"])) {
            try PupilCSV.read("record_id,forename,surname,postcode\nR1,Ann,Lee,IP1 2BX\n")
        }
        #expect(throws: PupilCSVError.missingColumns(["record_id", "forename"])) {
            try PupilCSV.read("surname,dob\nLee,2015-01-01\n")
        }
        #expect(PupilCSVError.missingColumns(["dob"]).description == "missing required column: dob")
        #expect(throws: PupilCSVError.empty) { try PupilCSV.read("") }
    }

    @Test func malformedRowsAreSkippedWithTheirLineNumbers() throws {
        // setup: line 3 has a bad date, line 4 too few fields, line 5 a stray quote, line 6 an unclosed quote,
        // line 8 no record_id, line 9 repeats R1; lines 2 and 7 are good, and line 7 must survive line 6.
        let text = """
            record_id,forename,surname,dob
            R1,Ann,Lee,2015-03-07
            R2,Bob,Lee,31/02/2015
            R3,Cy,Lee
            R4,D"an,Lee,2015-01-01
            R5,"Eve,Lee,2015-01-01
            R6,Fay,Lee,2015-01-02
            ,Gus,Lee,2015-01-03
            R1,Hal,Lee,2015-01-04
            """

        // MUT
        let result = try PupilCSV.read(text)

        // validate
        #expect(result.records.map(\.recordID) == ["R1", "R6"])
        #expect(result.skipped.map(\.line) == [3, 4, 5, 6, 8, 9])
        #expect(result.skipped[0].reason == "dob '31/02/2015' is not a real date")
        #expect(result.skipped[1].reason == "3 fields where the header has 4")
        #expect(result.skipped[2].reason == "a quote inside an unquoted field")
        #expect(result.skipped[3].reason == "a quoted field is never closed")
        #expect(result.skipped[4].reason == "record_id is empty")
        #expect(result.skipped[5].reason == "record_id 'R1' repeats line 2")
    }

    @Test(
        "A file read in parts on several cores gives the records, skipped rows and line numbers of one straight read",
        arguments: [false, true]
    )
    func partsReadLikeOneStraightRead(brokenQuoteEarly: Bool) throws {
        // setup: 3,000 rows with quoted line breaks and doubled quotes throughout, R7 repeated in the middle and
        // twice near the end, a bad date and a short row; optionally an unclosed quote in the first part.
        var lines = ["record_id,forename,surname,dob,address"]
        for index in 0..<3000 {
            switch index {
            case 1500, 2900, 2950: lines.append("R7,Again,Lee,2015-01-01,x")
            case 2000: lines.append("R\(index),Bad,Lee,2015-13-01,x")
            case 2500: lines.append("R\(index),Short,Lee")
            case 100 where brokenQuoteEarly: lines.append("R\(index),\"Open,Lee,2015-01-01,x")
            default:
                lines.append("R\(index),Ann,\"O\"\"Neil\",2015-03-07,\"\(index) Mill Lane\nIpswich, Suffolk\"")
            }
        }
        let bytes = Array(lines.joined(separator: "\n").utf8)

        // MUT
        let straight = try PupilCSV.read(bytes: bytes, parts: 1)
        let inParts = try (2...4).map { try PupilCSV.read(bytes: bytes, parts: $0) }

        // validate
        for result in inParts { #expect(result == straight) }
        for parts in 1...4 {
            let prepared = try PupilCSV.readForLinking(bytes: bytes, parts: parts)
            #expect(prepared.skipped == straight.skipped)
            #expect(RecordStore([prepared.input]).ids == straight.records.map(\.recordID))
        }
        let repeats = straight.skipped.filter { $0.reason.contains("'R7' repeats") }
        // R7's first row is data row 8, on line 2 + 7 * 2 (each row before it spans two lines).
        #expect(repeats.map(\.reason) == Array(repeating: "record_id 'R7' repeats line 16", count: 3))
        #expect(straight.records.first?.surname == "O\"Neil")
        #expect(straight.records.first?.address == "0 Mill Lane\nIpswich, Suffolk")
        if brokenQuoteEarly {
            // The broken row (data row 100, line 202) is reported, and reading goes on past it.
            #expect(straight.skipped.first?.line == 202)
            #expect(straight.records.count > 2900)
        } else {
            #expect(straight.skipped.count == 5)
            #expect(straight.records.count == 2995)
        }
    }

    @Test func skippedRowsKeepFileOrderWhenRowsShareALine() throws {
        // Old Mac files end rows with a bare CR: no line feed, so every row counts as line 1; skipped rows still come
        // in file order.
        let text = "record_id,forename,surname,dob\rR1,Ann,Lee,2015-01-01\rR1,Ann,Lee,2015-01-01\rR2,Bob,Lee,bad\r"

        let result = try PupilCSV.read(text)

        #expect(result.records.map(\.recordID) == ["R1"])
        #expect(
            result.skipped.map(\.reason) == [
                "record_id 'R1' repeats line 1", "dob 'bad' is not YYYY-MM-DD or DD/MM/YYYY",
            ]
        )
    }

    @Test func lineNumbersCountLineBreaksInsideQuotes() throws {
        let text = "record_id,forename,surname,dob,address\nR1,Ann,Lee,2015-03-07,\"a\nb\nc\"\nR2,Bob,Lee,bad,x\n"

        let result = try PupilCSV.read(text)

        #expect(result.skipped == [PupilCSV.SkippedRow(line: 5, reason: "dob 'bad' is not YYYY-MM-DD or DD/MM/YYYY")])
    }

    @Test func pupilsRoundTripThroughTheWriter() throws {
        let records = [
            pupil(
                "R1",
                "Amelia",
                "Clarke",
                "2015-03-07",
                gender: "F",
                upn: validUPN("201200112345"),
                address: "1, \"A\" Rd"
            ),
            pupil("R2", nil, "Khan", nil),
        ]

        let read = try PupilCSV.read(PupilCSV.write(records))

        #expect(read.records == records)
    }

    @Test func matchesAreWrittenWithTheOutputHeaderAndQuotedEvidence() {
        let match = Match(
            lostID: "L1",
            rollID: "R1",
            score: 0.97312,
            band: .match,
            evidence: [FieldEvidence(field: "dob", outcome: "day/month swap", weight: 7.94)],
            matchWeight: 5.2
        )

        let text = MatchCSV.write([match])

        #expect(text == "lost_id,roll_id,score,band,evidence\nL1,R1,0.9731,match,dob=day/month swap (+7.9)\n")
        #expect(
            MatchCSV.row(Match(lostID: "L,2", rollID: "R", score: 1, band: .possible, evidence: [], matchWeight: 0))
                == "\"L,2\",R,1.0000,possible,"
        )
    }
}
