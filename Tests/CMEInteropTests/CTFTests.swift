import CMECore
import CMEInterop
import Foundation
import Testing

/// Issue 6, "Common Transfer File": reading another LA's lost-pupil CTF, keeping what we do not use, writing ours.
@Suite("Common Transfer File")
struct CTFTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: self.fixtures.appendingPathComponent(name))
    }

    @Test func readsALostPupilCTFFromAnotherLA() throws {
        let file = try CommonTransferFile.read(try Self.fixture("norfolk-lost.xml"))
        #expect(file.isLostPupilFile)
        #expect(file.sourceLEA == "926")
        #expect(file.fileName(sequence: 7) == "9262001_CTF_XXXXXXX_007.xml")
        let pupil = try #require(file.pupils.first)
        #expect(pupil.upn == "B801200005001")
        #expect(pupil.forename == "Zuzanna")
        #expect(pupil.middleNames == "Maria")
        #expect(pupil.dateOfBirth?.description == "2015-01-21")
        #expect(pupil.sex == "F")
        #expect(pupil.ncYearActual == "6")
        #expect(pupil.inCare == false)
        #expect(pupil.addressLines == ["14 Wroxham Road", "Norwich"])
        #expect(pupil.postcode == "NR7 8AB")
        #expect(pupil.contactNames == ["Anna Nowak"])
    }

    @Test func writesBackEveryElementItDoesNotUse() throws {
        let file = try CommonTransferFile.read(try Self.fixture("norfolk-lost.xml"))
        let again = try CommonTransferFile.read(Data(file.xml.utf8))
        #expect(again == file)
        for kept in [
            "<UniqueLearnerNumber>1234567890</UniqueLearnerNumber>", "<LanguageType>F</LanguageType>",
            "<SENprovision>N</SENprovision>", "<SessionsPossible>120</SessionsPossible>",
            "<FSMreviewDate>2026-09-01</FSMreviewDate>",
            "<Relationship>PAM</Relationship>",
        ] {
            #expect(file.xml.contains(kept), "\(kept) is kept")
        }
    }

    @Test("A name with markup, or a quote carrying an accent, is written as text and read back as typed")
    func textAndAttributesAreEscaped() throws {
        let typed = "O\"\u{301}Brien <b>&</b>"
        let element = TreeElement("Pupil", children: [TreeElement("Surname", text: typed, attributes: [("as", typed)])])
        let written = element.xml()
        #expect(!written.contains("<b>"))
        let read = try XMLTree.parse(Data(written.utf8))
        let surname = try #require(read.children.first)
        #expect(Array(surname.text.utf8) == Array(typed.utf8))
        #expect(surname.attributes.count == 1)
        #expect(Array((surname.attributes.first?.1 ?? "").utf8) == Array(typed.utf8))
    }

    @Test func malformedXMLNamesTheLineAndElement() throws {
        let text = String(decoding: try Self.fixture("norfolk-lost.xml"), as: UTF8.self)
            .replacingOccurrences(of: "<Forename>Zuzanna</Forename>", with: "<Forename>Zuzanna</Surname>")
        #expect {
            try CommonTransferFile.read(Data(text.utf8))
        } throws: { error in
            guard case .malformed(let failure) = error as? CTFError else { return false }
            return failure.line == 25 && failure.element == "Forename"
        }
    }

    @Test func aUPNWithTheWrongCheckLetterIsRefusedWithItsLine() throws {
        let text = String(decoding: try Self.fixture("norfolk-lost.xml"), as: UTF8.self)
            .replacingOccurrences(of: "B801200005001", with: "A801200005001")
        #expect {
            try CommonTransferFile.read(Data(text.utf8))
        } throws: { error in
            let description = (error as? CTFError)?.description ?? ""
            return description.hasPrefix("line 22, in <UPN>") && description.contains("A801200005001")
        }
    }

    @Test func anotherRootIsRefused() {
        #expect(throws: CTFError.self) { try CommonTransferFile.read(Data("<ATfile><Header/></ATfile>".utf8)) }
    }

    @Test func theLAsLostPupilCTFGoesToXXXXXXXAndReadsBackAsTheSameChild() throws {
        // Suffolk 11.4, 11.6: a child posted to s2s; her restricted refuge address must not leave the LA.
        var child = Child(
            forename: "Amelia",
            middleNames: "Rose",
            surname: "Price",
            dateOfBirth: try Day(iso: "2014-03-27"),
            gender: .female,
            upn: try UPN("B801200005001")
        )
        child.addresses = [
            AddressRecord(
                address: Address(lines: ["12 Mill Lane"], town: "Ipswich", postcode: "IP1 2BX"),
                kind: .lastKnown
            ),
            AddressRecord(address: Address(lines: ["Refuge"], postcode: "IP9 9ZZ", restricted: true), kind: .current),
        ]
        let file = CTFBuilder.file(
            for: child,
            laNumber: "935",
            authority: "Suffolk County Council",
            destination: .lostPupil,
            academicYear: 2026,
            at: "2026-11-24T09:00:00"
        )
        #expect(file.fileName(sequence: 1) == "935LLLL_CTF_XXXXXXX_001.xml")
        let back = try CommonTransferFile.read(Data(file.xml.utf8))
        #expect(back.isLostPupilFile)
        let pupil = try #require(back.pupils.first)
        #expect(pupil.upn == "B801200005001")
        #expect(pupil.forename == "Amelia")
        #expect(pupil.surname == "Price")
        #expect(pupil.middleNames == "Rose")
        #expect(pupil.dateOfBirth == child.dateOfBirth)
        #expect(pupil.postcode == "IP1 2BX")
        #expect(!file.xml.contains("Refuge") && !file.xml.contains("IP9 9ZZ"), "Cromford 8.0")
        let abroad = CTFBuilder.file(
            for: child,
            laNumber: "935",
            authority: "Suffolk",
            destination: .independentOrAbroad,
            academicYear: 2026,
            at: "2026-11-24T09:00:00"
        )
        #expect(abroad.fileName(sequence: 12) == "935LLLL_CTF_MMMMMMM_012.xml")
    }

    @Test func aCTFForOneOfOurSchoolsGivesItsPupilsAsJoinersEnteringOnTheFilesDay() throws {
        let text = String(decoding: try Self.fixture("norfolk-lost.xml"), as: UTF8.self)
            .replacingOccurrences(of: "<LEA>XXX</LEA>", with: "<LEA>935</LEA>")
            .replacingOccurrences(of: "<Estab>XXXX</Estab>", with: "<Estab>2001</Estab>")
        let file = try CommonTransferFile.read(Data(text.utf8))
        #expect(!file.isLostPupilFile)
        let joiners = try file.joiners(school: "124500", fallback: try Day(iso: "2026-11-24"))
        #expect(joiners.map(\.key) == ["B801200005001"])
        #expect(joiners.first?.entryDate == (try Day(iso: "2026-11-20")), "the day in the file's header")
        #expect(joiners.first?.ncYear == "6")
        #expect(joiners.first?.schoolURN == "124500")

        // A pupil without a year group refuses the file, naming the pupil (names and DOB the reader checks).
        let bad = try CommonTransferFile.read(
            Data(
                text.replacingOccurrences(of: "<NCyearActual>6</NCyearActual>", with: "<NCyearActual>Y6</NCyearActual>")
                    .utf8
            )
        )
        let refused = #expect(throws: ImportFileError.self) {
            _ = try bad.joiners(school: "124500", fallback: try Day(iso: "2026-11-24"))
        }
        #expect(refused?.rowErrors.first?.reason == "pupil 1: NCyearActual 'Y6' is not a year group")
    }
}
