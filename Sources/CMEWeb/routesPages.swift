import CMECore
import Vapor

/// The HTML pages, by role. Each group names the roles it lets in (`RequireRole`); the authorisation matrix test
/// checks every route against every role.
func pageRoutes(
    _ pages: any RoutesBuilder,
    uploads: any RoutesBuilder,
    settings: Settings,
    now: @escaping @Sendable () -> Date
) throws {
    // MARK: sign-in (open to everyone)

    let signIn = SignInController(settings: settings, now: now)
    pages.get(SiteURL.home.pathComponents, use: signIn.home)
    pages.get(SiteURL.signIn.pathComponents, use: signIn.signInPage)
    pages.post(SiteURL.signIn.pathComponents, use: signIn.signIn)
    pages.get(SiteURL.signInCode.pathComponents, use: signIn.codePage)
    pages.post(SiteURL.signInCode.pathComponents, use: signIn.code)
    pages.get(SiteURL.signInSetUp.pathComponents, use: signIn.setUpPage)
    pages.post(SiteURL.signInSetUp.pathComponents, use: signIn.setUp)
    pages.post(SiteURL.signOut.pathComponents, use: signIn.signOut)

    let everyone = pages.grouped(RequireRole(roles: Set(Role.allCases).subtracting([.publicReporter])))
    everyone.get(SiteURL.password.pathComponents, use: signIn.passwordPage)
    everyone.post(SiteURL.password.pathComponents, use: signIn.changePassword)
    // Who may record which duty is the core's rule (Policy.mayRecordDuty); anyone else is refused there.
    everyone.post(SiteURL.duties.pathComponents, use: DutiesController(now: now).record)

    // MARK: CME officer, team manager, EWO

    let casework = CaseworkController(now: now)
    let office = pages.grouped(RequireRole(roles: Role.laWide))
    office.get(SiteURL.dashboard.pathComponents, use: casework.dashboard)
    office.get(SiteURL.cases.pathComponents, use: casework.list)

    let staff = pages.grouped(RequireRole(roles: Role.caseworkers))
    staff.get(SiteURL.caseDetail(nil).pathComponents, use: casework.show)
    staff.post(SiteURL.caseEvents(nil).pathComponents, use: casework.record)
    staff.get(SiteURL.children.pathComponents, use: casework.children)

    let managers = pages.grouped(RequireRole(roles: [.teamManager]))
    managers.get(SiteURL.teamQueue.pathComponents, use: casework.teamQueue)
    managers.get(SiteURL.teamCaseload.pathComponents, use: casework.caseload)
    managers.get(SiteURL.teamReviews.pathComponents, use: casework.reviews)

    // The weekly lost-pupil search (Suffolk 11.7): CSV uploads take the larger body limit.
    let tracing = TracingController(now: now)
    office.get(SiteURL.tracing.pathComponents, use: tracing.page)
    office.post(SiteURL.tracingDecision(nil).pathComponents, use: tracing.decide)
    let officeUploads = uploads.grouped(RequireRole(roles: Role.laWide))
    let uploadBody = HTTPBodyStreamStrategy.collect(maxSize: ByteCount(integerLiteral: settings.maxUploadSize))
    officeUploads.on(.POST, SiteURL.tracingSearch.pathComponents, body: uploadBody, use: tracing.search)

    // Children without a school place (Leicestershire 8.1 ii) and failure to transfer (Suffolk 8.1).
    let reports = TracingReportsController(now: now)
    office.get(SiteURL.tracingReports.pathComponents, use: reports.page)
    let statutory = ReportsController(now: now)
    office.get(SiteURL.termlyReturn.pathComponents, use: statutory.termly)
    office.get(SiteURL.termlyCases.pathComponents, use: statutory.termlyCases)
    office.get(SiteURL.managementReport(nil).pathComponents, use: statutory.management)
    office.get(SiteURL.managementCases(nil).pathComponents, use: statutory.managementCases)
    office.post(SiteURL.managementKeep.pathComponents, use: statutory.keepCorrection)
    let data = DataController(now: now)
    office.get(SiteURL.data.pathComponents, use: data.page)
    officeUploads.on(.POST, SiteURL.dataImport.pathComponents, body: uploadBody, use: data.take)
    officeUploads.on(.POST, SiteURL.tracingWasp.pathComponents, body: uploadBody, use: reports.wasp)
    officeUploads.on(.POST, SiteURL.tracingFTT.pathComponents, body: uploadBody, use: reports.failureToTransfer)

    let ewos = pages.grouped(RequireRole(roles: [.ewo]))
    ewos.get(SiteURL.myCases.pathComponents, use: casework.myCases)

    // MARK: schools, AP providers, partner agencies, other LAs: their own referrals only

    let referrals = ReferralsController(now: now)
    let referrers = pages.grouped(RequireRole(roles: Role.organisationReferrers))
    referrers.get(SiteURL.referrals.pathComponents, use: referrals.list)
    referrers.get(SiteURL.referralStart.pathComponents, use: referrals.startPage)
    referrers.post(SiteURL.referralStart.pathComponents, use: referrals.start)
    referrers.get(SiteURL.draftCheck(nil).pathComponents, use: referrals.checkPage)
    referrers.post(SiteURL.draftSubmit(nil).pathComponents, use: referrals.submit)
    referrers.get(SiteURL.draft(nil, step: nil).pathComponents, use: referrals.stepPage)
    referrers.post(SiteURL.draft(nil, step: nil).pathComponents, use: referrals.saveStep)
    referrers.get(SiteURL.referral(nil).pathComponents, use: referrals.show)
    referrers.post(SiteURL.referralUpdate(nil).pathComponents, use: referrals.update)

    // Notices of roll changes and home education come from schools only.
    let schools = pages.grouped(RequireRole(roles: Role.schoolStaff))
    schools.get(SiteURL.notices.pathComponents, use: referrals.noticesPage)
    schools.get(SiteURL.notice(nil).pathComponents, use: referrals.noticePage)
    schools.post(SiteURL.notice(nil).pathComponents, use: referrals.sendNotice)

    // MARK: the public

    let report = ReportController(settings: settings, now: now)
    pages.get(SiteURL.report.pathComponents, use: report.page)
    pages.post(SiteURL.report.pathComponents, use: report.send)

    // MARK: administrator and auditor

    let admin = AdminController(settings: settings, now: now)
    let administrators = pages.grouped(RequireRole(roles: [.administrator]))
    administrators.get(SiteURL.adminUsers.pathComponents, use: admin.users)
    administrators.post(SiteURL.adminUsers.pathComponents, use: admin.createUser)
    administrators.post(SiteURL.adminUserActive(nil).pathComponents, use: admin.setActive)
    administrators.get(SiteURL.adminUserReset(nil).pathComponents, use: admin.resetPage)
    administrators.post(SiteURL.adminUserReset(nil).pathComponents, use: admin.reset)
    administrators.get(SiteURL.adminOrganisations.pathComponents, use: admin.organisations)
    administrators.post(SiteURL.adminOrganisations.pathComponents, use: admin.createOrganisation)
    administrators.get(SiteURL.adminPolicy.pathComponents, use: admin.policy)

    let auditors = pages.grouped(RequireRole(roles: [.auditor]))
    auditors.get(SiteURL.audit.pathComponents, use: admin.audit)

    // MARK: data protection: subject access (officers, managers, the auditor as data protection officer), and
    // restriction of processing (officers and managers)

    let rights = DataProtectionController(now: now)
    let protection = pages.grouped(RequireRole(roles: Role.laWide.union([.auditor])))
    protection.get(SiteURL.subjectAccess(nil).pathComponents, use: rights.subjectAccess)
    protection.get(SiteURL.subjectAccessJSON(nil).pathComponents, use: rights.subjectAccessJSON)
    office.post(SiteURL.childRestriction(nil).pathComponents, use: rights.restriction)

    // MARK: one child, one record: the possible-duplicates queue, merges and their undoing (issue 18)

    let duplicates = DuplicatesController(now: now)
    office.get(SiteURL.duplicates.pathComponents, use: duplicates.list)
    office.post(SiteURL.duplicateDecision(nil).pathComponents, use: duplicates.decide)
    office.get(SiteURL.childCompare.pathComponents, use: duplicates.compare)
    office.post(SiteURL.childMerges.pathComponents, use: duplicates.merge)
    office.post(SiteURL.childMergeUndo(nil).pathComponents, use: duplicates.undo)
}
