import CMECore
import Foundation

/// Builds the CTF an LA sends for a child: a lost pupil (destination XXXXXXX, Suffolk 11.4, 11.6) or a pupil gone to
/// an independent school or abroad (MMMMMMM, Suffolk 11.5).
public enum CTFBuilder {
    public enum Destination: Sendable {
        case lostPupil
        case independentOrAbroad

        var codes: (String, String) {
            switch self {
            case .lostPupil: CommonTransferFile.lostPupilDestination
            case .independentOrAbroad: CommonTransferFile.independentOrAbroadDestination
            }
        }
    }

    /// A one-pupil CTF from the LA (establishment `LLLL`).
    public static func file(
        for child: Child,
        laNumber: String,
        authority: String,
        destination: Destination,
        academicYear: Int,
        at dateTime: String
    ) -> CommonTransferFile {
        var header = TreeElement("Header")
        header.set("DocumentName", "Common Transfer File")
        header.set("CTFversion", CommonTransferFile.version)
        header.set("DateTime", dateTime)
        header.set("DocumentQualifier", "partial")
        header.set("SupplierID", "CME Tracker")
        header.set("SourceSchool/LEA", laNumber)
        header.set("SourceSchool/Estab", CommonTransferFile.localAuthorityEstab)
        header.set("SourceSchool/SchoolName", authority)
        header.set("SourceSchool/AcademicYear", String(academicYear))
        header.set("DestSchool/LEA", destination.codes.0)
        header.set("DestSchool/Estab", destination.codes.1)

        var pupil = TreeElement("Pupil")
        if let upn = child.upn { pupil.set("UPN", upn.description) }
        pupil.set("Surname", child.surname)
        pupil.set("Forename", child.forename)
        pupil.set("DOB", child.dateOfBirth.description)
        pupil.set("Sex", child.gender.rawValue)
        pupil.set("BasicDetails/MiddleNames", child.middleNames)
        pupil.set("BasicDetails/Ethnicity", child.ethnicity)
        pupil.set("BasicDetails/EnrolStatus", "C")
        if child.inCare {
            pupil.set("LookedAfter/InCare", "true")
            pupil.set("LookedAfter/CareAuthority", child.careAuthority)
        }
        // The last known address that is not restricted (Cromford 8.0: a restricted address never leaves the LA).
        if let address = child.addresses.last(where: { !$0.address.restricted })?.address {
            for (index, line) in (address.lines + [address.town].compactMap { $0 }).prefix(5).enumerated() {
                pupil.set("Address/AddressLines/AddressLine\(index + 1)", line)
            }
            pupil.set("Address/PostCode", address.postcode)
        }
        return CommonTransferFile(
            root: TreeElement("CTfile", children: [header, TreeElement("CTFpupilData", children: [pupil])])
        )
    }
}
