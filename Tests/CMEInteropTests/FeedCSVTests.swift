import CMECore
import Testing

@testable import CMEInterop

/// Issue 6, done-when: every import's bad input (wrong columns, bad dates, bad UPN, duplicate rows, a truncated
/// file) refuses the whole file and names every bad row.
@Suite("Roll, returns, transfer and attendance files")
struct FeedCSVTests {
    static let roll = """
        School_URN,UPN,Forename,Surname,DOB,NC Year,Entry-Date,Leaving_Date,Ethnicity
        124500,B801200005001,Amelia,Hughes,04/03/2015,5,2019-09-03,,WBRI
        124500,,Tomasz,Nowak,2014-11-30,6,2020-01-06,2025-07-18,WPOL
        """

    func refusal(_ read: () throws(ImportFileError) -> Void) -> ImportFileError? {
        do {
            try read()
            return nil
        } catch {
            return error
        }
    }

    @Test("a roll: columns by name in any case and order, both date forms, a pupil without a UPN keyed by name")
    func goodRoll() throws {
        let pupils = try RollCSV.read(bytes: Array(Self.roll.utf8))
        #expect(pupils.count == 2)
        #expect(pupils[0].record.dateOfBirth == (try Day(iso: "2015-03-04")))
        #expect(pupils[0].key == "B801200005001")
        #expect(pupils[1].key == "nowak|tomasz|2014-11-30")
        #expect(pupils[1].isOnRoll(on: try Day(iso: "2025-07-18")))
        #expect(!pupils[1].isOnRoll(on: try Day(iso: "2025-07-19")))
        #expect(pupils[0].record.ethnicity == "WBRI")
    }

    @Test("--school stands in for a missing school_urn column, and refuses another school's rows")
    func oneSchool() throws {
        let without =
            "upn,forename,surname,dob,nc_year,entry_date,leaving_date\n,Grace,Okafor,2016-01-20,4,2020-09-02,\n"
        #expect(try RollCSV.read(bytes: Array(without.utf8), school: "124537").first?.schoolURN == "124537")
        let error = self.refusal { () throws(ImportFileError) in
            _ = try RollCSV.read(bytes: Array(Self.roll.utf8), school: "124537")
        }
        #expect(error?.rowErrors.map(\.line) == [2, 3])
        #expect(error?.rowErrors.first?.reason == "school_urn '124500' is not the school imported (124537)")
        let missing = self.refusal { () throws(ImportFileError) in _ = try RollCSV.read(bytes: Array(without.utf8)) }
        #expect(missing == .missingColumns(["school_urn"]))
    }

    @Test("wrong columns are named before any row is read")
    func wrongColumns() {
        let error = self.refusal { () throws(ImportFileError) in
            _ = try RollCSV.read(bytes: Array("upn,first_name,surname,dob,year,school_urn\n".utf8))
        }
        #expect(error == .missingColumns(["forename", "nc_year", "entry_date", "leaving_date"]))
        #expect(error?.description == "missing required columns: forename, nc_year, entry_date, leaving_date")
        let twice = self.refusal { () throws(ImportFileError) in
            _ = try ReturnsCSV.read(bytes: Array("return_type,upn,UPN,forename,surname,dob,date,school_urn\n".utf8))
        }
        #expect(twice == .duplicateColumn("upn"))
        #expect(self.refusal { () throws(ImportFileError) in _ = try RollCSV.read(bytes: []) } == .empty)
    }

    @Test("bad dates, a bad UPN, a duplicate pupil and a truncated last row: every one named, nothing read")
    func badRows() {
        let text = """
            upn,forename,surname,dob,nc_year,entry_date,leaving_date,school_urn
            B801200005001,Amelia,Hughes,2015-03-04,5,2019-09-03,,124500
            A801200005001,Ben,Cole,2015-02-30,5,2019-09-03,,124500
            ,Cara,Dunn,2015-01-01,Y5,2019-13-01,2019-01-01,124500
            B801200005001,Amelia,Hughes,2015-03-04,5,2019-09-03,,124500
            ,Dan,,2014-05-05,6,2019-09-03,,12450
            ,Eve,Ford,2014-05-05,6,2019-09-
            """
        let error = self.refusal { () throws(ImportFileError) in _ = try RollCSV.read(bytes: Array(text.utf8)) }
        let rows = error?.rowErrors ?? []
        #expect(rows.map(\.line) == [3, 4, 5, 6, 7])
        #expect(rows[0].reason.hasPrefix("upn 'A801200005001' is not a valid UPN"))
        #expect(rows[0].reason.contains("dob '2015-02-30' is not a date"))
        #expect(rows[1].reason.contains("entry_date '2019-13-01' is not a date"))
        #expect(rows[1].reason.contains("nc_year 'Y5' is not one of N1, N2, R, 1, 2"))
        #expect(rows[2].reason == "the same pupil as line 2 (school 124500, B801200005001)")
        #expect(rows[3].reason == "school_urn '12450' is not a 6-digit URN; surname is empty")
        #expect(rows[4].reason == "6 fields where the header has 8 (cut short: is the file truncated?)")
        #expect(error?.description.hasPrefix("5 bad rows, nothing imported: line 3:") == true)
    }

    @Test("a file cut inside a quoted field is a bad row, not a silently shorter file")
    func truncatedInsideAQuote() {
        let text = "return_type,school_urn,upn,forename,surname,dob,date\nCML,124500,,\"Amel"
        let error = self.refusal { () throws(ImportFileError) in _ = try ReturnsCSV.read(bytes: Array(text.utf8)) }
        #expect(error?.rowErrors == [ImportRowError(line: 2, reason: "a quoted field is never closed")])
    }

    @Test("returns: CML and CMJ only, both dates required, the same return twice refused")
    func returns() throws {
        let text = """
            return_type,school_urn,upn,forename,surname,dob,date,destination
            cml,124500,B801200005001,Amelia,Hughes,2015-03-04,2025-10-20,"Norfolk, King's Lynn"
            CMJ,124500,,Priya,Patel,2015-06-01,,
            CMX,124500,,Priya,Patel,2015-06-01,2025-10-21,
            CML,124500,B801200005001,Amelia,Hughes,2015-03-04,2025-10-20,
            """
        let error = self.refusal { () throws(ImportFileError) in _ = try ReturnsCSV.read(bytes: Array(text.utf8)) }
        #expect(
            error?.rowErrors.map(\.reason) == [
                "date is empty", "return_type 'CMX' is not CML or CMJ", "the same return as line 2",
            ]
        )
        let good = try ReturnsCSV.read(bytes: Array(text.split(separator: "\n").prefix(2).joined(separator: "\n").utf8))
        #expect(good.first?.kind == .leaver)
        #expect(good.first?.destination == "Norfolk, King's Lynn")
    }

    @Test("transfer lists: only the Suffolk 8.1 cohorts (Nursery, Years 4, 6 and 8), no entry date needed")
    func transfers() throws {
        let text = """
            upn,forename,surname,dob,nc_year,school_urn
            ,Ava,Reed,2021-01-10,N2,124500
            ,Leo,Shaw,2015-05-05,4,124500
            ,Mia,Tate,2013-05-05,5,124500
            """
        let error = self.refusal { () throws(ImportFileError) in _ = try TransfersCSV.read(bytes: Array(text.utf8)) }
        #expect(error?.rowErrors.map(\.line) == [4])
        #expect(error?.rowErrors.first?.reason == "nc_year '5' is not one of N1, N2, 4, 6, 8")
        let good = try TransfersCSV.read(
            bytes: Array(text.split(separator: "\n").prefix(3).joined(separator: "\n").utf8)
        )
        #expect(good.map(\.ncYear) == ["N2", "4"])
    }

    /// One good row of each feed, and how to read the feed: the same five kinds of bad input go to every one.
    struct Feed: Sendable, CustomTestStringConvertible {
        let name: String
        let header: String
        let good: String
        let read: @Sendable ([UInt8]) throws(ImportFileError) -> Int
        var testDescription: String { self.name }
    }

    static let feeds: [Feed] = [
        Feed(
            name: "roll",
            header: "upn,forename,surname,dob,nc_year,entry_date,leaving_date,school_urn",
            good: "B801200005001,Amelia,Hughes,2015-03-04,5,2019-09-03,,124500",
            read: { bytes throws(ImportFileError) in try RollCSV.read(bytes: bytes).count }
        ),
        Feed(
            name: "attendance",
            header: "upn,school_urn,date,session,code",
            good: "B801200005001,124500,2026-05-05,AM,O",
            read: { bytes throws(ImportFileError) in try AttendanceCSV.read(bytes: bytes).count }
        ),
        Feed(
            name: "returns",
            header: "return_type,upn,forename,surname,dob,date,school_urn",
            good: "CML,B801200005001,Amelia,Hughes,2015-03-04,2025-10-20,124500",
            read: { bytes throws(ImportFileError) in try ReturnsCSV.read(bytes: bytes).count }
        ),
        Feed(
            name: "transfers",
            header: "upn,forename,surname,dob,nc_year,school_urn",
            good: "B801200005001,Amelia,Hughes,2015-03-04,6,124500",
            read: { bytes throws(ImportFileError) in try TransfersCSV.read(bytes: bytes).count }
        ),
    ]

    @Test(
        "every feed refuses wrong columns, a bad date, a bad UPN, a duplicate row and a truncated file",
        arguments: Self.feeds
    )
    func everyFeedsBadInput(_ feed: Feed) throws {
        func refusal(_ text: String) -> ImportFileError? {
            do {
                _ = try feed.read(Array(text.utf8))
                return nil
            } catch {
                return error
            }
        }
        #expect(try feed.read(Array("\(feed.header)\n\(feed.good)\n".utf8)) == 1)
        // wrong columns: the UPN column renamed
        let renamed = feed.header.replacingOccurrences(of: "upn", with: "pupil_number")
        #expect(refusal("\(renamed)\n\(feed.good)\n") == .missingColumns(["upn"]))
        // a date that does not exist
        let badDate = refusal("\(feed.header)\n\(feed.good.replacingOccurrences(of: "-0", with: "-3"))\n")
        #expect(badDate?.rowErrors.map(\.line) == [2])
        #expect(badDate?.rowErrors.first?.reason.contains("is not a date") == true, "\(String(describing: badDate))")
        // a UPN whose check letter is wrong
        let badUPN = refusal(
            "\(feed.header)\n\(feed.good.replacingOccurrences(of: "B801200005001", with: "A801200005001"))\n"
        )
        #expect(badUPN?.rowErrors.first?.reason.contains("upn 'A801200005001' is not a valid UPN") == true)
        // the same row twice
        let twice = refusal("\(feed.header)\n\(feed.good)\n\(feed.good)\n")
        #expect(twice?.rowErrors.map(\.line) == [3])
        // a file cut off in its last row
        let cut = refusal("\(feed.header)\n\(feed.good)\n\(feed.good.prefix(20))")
        #expect(cut?.rowErrors.map(\.line) == [3])
        #expect(cut?.rowErrors.first?.reason.contains("cut short") == true)
    }
}
