import CMECore
import CMEStorage
import Foundation

/// Everything the case page shows, assembled by the controller from one audited read.
struct CasePageModel {
    var data: CaseDetailData
    var contacts: [ChildContactModel]
    var schools: [ChildSchoolModel]
    /// Who did what on the timeline, and the EWOs a case can be assigned to.
    var userNames: [UUID: String]
    var ewos: [(UUID, String)]
    var policy: Policy
    var today: Day
    var time: LocalTime
    var csrf: String
    /// Problems with the action form `errorKind` that was just sent.
    var errors = FormErrors()
    var errorKind: String?
    var message: String?
    var conflict: String?
    var role: Role
    /// Why the reader reads a restricted child's record (UK GDPR Art. 18), carried by every form on the page.
    var accessReason: String?

    var childName: String { "\(self.data.child.forename) \(self.data.child.surname)" }
}
