import CMECore
import Foundation

/// A Common Transfer File (the DfE's school-to-school format): a typed view over the whole XML tree, so that
/// elements CME Tracker does not use are written back as they came.
///
/// Element names and nesting follow the DfE CTF specification as school systems implement it: root `CTfile`;
/// `Header` (`DocumentName`, `CTFversion`, `DateTime`, `DocumentQualifier`, `SupplierID`, `SourceSchool` with `LEA`,
/// `Estab`, `SchoolName`, `AcademicYear`, and `DestSchool` with `LEA`, `Estab`); `CTFpupilData` of `Pupil`s.
public struct CommonTransferFile: Sendable, Equatable {
    public var root: TreeElement

    /// Destination of a lost pupil whose next school is not known (Suffolk 11.4, 11.6).
    public static let lostPupilDestination = ("XXX", "XXXX")
    /// Destination of a pupil gone to an independent school or abroad (Suffolk 11.5).
    public static let independentOrAbroadDestination = ("MMM", "MMMM")
    /// The establishment number an LA-originated file uses.
    public static let localAuthorityEstab = "LLLL"
    /// The CTF version written.
    public static let version = "24.0"

    public init(root: TreeElement) { self.root = root }

    /// Reads a CTF; malformed XML, another root, or a bad UPN is an error naming the element and line.
    public static func read(_ data: Data) throws(CTFError) -> CommonTransferFile {
        let root: TreeElement
        do {
            root = try XMLTree.parse(data)
        } catch {
            throw .malformed(error)
        }
        guard root.name == "CTfile" else {
            throw .invalid(
                line: root.line,
                element: root.name,
                reason: "the root element is <\(root.name)>, not <CTfile>"
            )
        }
        guard root["Header"] != nil else {
            throw .invalid(line: root.line, element: "CTfile", reason: "there is no <Header>")
        }
        let file = CommonTransferFile(root: root)
        for pupil in file.pupils {
            if let upn = pupil.upn {
                do {
                    _ = try UPN(upn)
                } catch {
                    throw .invalid(
                        line: pupil.element["UPN"]?.line ?? pupil.element.line,
                        element: "UPN",
                        reason: "'\(upn)': \(error.description)"
                    )
                }
            }
            guard pupil.surname != nil, pupil.forename != nil, pupil.dateOfBirth != nil else {
                throw .invalid(
                    line: pupil.element.line,
                    element: "Pupil",
                    reason: "a pupil needs <Surname>, <Forename> and a <DOB> written YYYY-MM-DD"
                )
            }
        }
        return file
    }

    // MARK: header

    public var sourceLEA: String? { self.root.value("Header/SourceSchool/LEA") }
    public var sourceEstab: String? { self.root.value("Header/SourceSchool/Estab") }
    public var sourceSchoolName: String? { self.root.value("Header/SourceSchool/SchoolName") }
    public var destinationLEA: String? { self.root.value("Header/DestSchool/LEA") }
    public var destinationEstab: String? { self.root.value("Header/DestSchool/Estab") }

    /// Whether the file is a lost-pupil CTF (destination XXX/XXXX).
    public var isLostPupilFile: Bool {
        self.destinationLEA == Self.lostPupilDestination.0 && self.destinationEstab == Self.lostPupilDestination.1
    }

    /// `LLLEEEE_CTF_LLLEEEE_nnn.xml`: source LA and establishment, destination LA and establishment, sequence.
    public func fileName(sequence: Int) -> String {
        let number = String(sequence)
        let padded = String(repeating: "0", count: max(0, 3 - number.count)) + number
        return
            "\(self.sourceLEA ?? "")\(self.sourceEstab ?? "")_CTF_\(self.destinationLEA ?? "")\(self.destinationEstab ?? "")_\(padded).xml"
    }

    // MARK: pupils

    public var pupils: [CTFPupil] {
        (self.root["CTFpupilData"]?.children ?? []).filter { $0.name == "Pupil" }.map(CTFPupil.init)
    }

    /// The file as XML, declaration first.
    public var xml: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + self.root.xml()
    }
}

/// One `Pupil` of a CTF.
public struct CTFPupil: Sendable, Equatable {
    public var element: TreeElement

    public init(_ element: TreeElement) { self.element = element }

    public var upn: String? { self.element.value("UPN") }
    public var surname: String? { self.element.value("Surname") }
    public var forename: String? { self.element.value("Forename") }
    public var dateOfBirth: Day? { self.element.value("DOB").flatMap { try? Day(iso: $0) } }
    /// `Gender` in older versions, `Sex` in newer ones.
    public var sex: String? { self.element.value("Sex") ?? self.element.value("Gender") }
    public var formerUPN: String? { self.element.value("BasicDetails/FormerUPN") }
    public var preferredSurname: String? { self.element.value("BasicDetails/PreferredSurname") }
    public var formerSurname: String? { self.element.value("BasicDetails/FormerSurname") }
    public var middleNames: String? { self.element.value("BasicDetails/MiddleNames") }
    public var ncYearActual: String? { self.element.value("BasicDetails/NCyearActual") }
    public var ethnicity: String? { self.element.value("BasicDetails/Ethnicity") }
    public var inCare: Bool? { self.element.value("LookedAfter/InCare").map { $0 == "true" || $0 == "1" } }
    public var postcode: String? { self.element.value("Address/PostCode") }

    /// The address as lines: `AddressLines/AddressLine1...5`, or the BS7666 parts in order.
    public var addressLines: [String] {
        if let lines = self.element["Address"]?["AddressLines"] {
            return (1...5).compactMap { lines.value("AddressLine\($0)") }
        }
        guard let bs = self.element["Address"]?["BS7666Address"] else { return [] }
        let paon = [bs.value("SAON"), bs.value("PAON")].compactMap { $0 }.joined(separator: " ")
        let street = [paon.isEmpty ? nil : paon, bs.value("Street")].compactMap { $0 }.joined(separator: " ")
        return [street.isEmpty ? nil : street, bs.value("Locality"), bs.value("Town") ?? bs.value("PostTown")]
            .compactMap { $0 }
    }

    /// Names of the pupil's contacts (`Contacts/Contact`, forename and surname).
    public var contactNames: [String] {
        (self.element["Contacts"]?.children ?? []).filter { $0.name == "Contact" }.compactMap { contact in
            let name = [contact.value("Forename"), contact.value("Surname")].compactMap { $0 }.joined(separator: " ")
            return name.isEmpty ? nil : name
        }
    }
}

/// Why a CTF could not be read.
public enum CTFError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(XMLReadError)
    case invalid(line: Int, element: String, reason: String)

    public var description: String {
        switch self {
        case .malformed(let error): error.description
        case .invalid(let line, let element, let reason): "line \(line), in <\(element)>: \(reason)"
        }
    }
}
