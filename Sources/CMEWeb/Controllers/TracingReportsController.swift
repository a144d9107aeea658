import CMECore
import CMEMatching
import CMEStorage
import Fluent
import Vapor

/// Children without a school place and failure to transfer, from uploaded CSVs (the same searches as
/// `cme trace wasp|ftt`).
struct TracingReportsController {
    let now: @Sendable () -> Date

    func page(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        return TracingReportsView.forms(csrf: user.csrf, errors: FormErrors(), today: service.time.day(self.now()))
            .render(for: request)
    }

    func again(_ request: Request, _ errors: FormErrors) throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        var page = TracingReportsView.forms(csrf: user.csrf, errors: errors, today: service.time.day(self.now()))
        page.status = .unprocessableEntity
        return page.render(for: request)
    }

    /// Reads uploaded CSVs into records, naming the field and file of any that cannot be read.
    /// With `optional`, no file is no error: the caller falls back to what the data feeds hold.
    static func records(
        _ files: [File],
        field: String,
        label: String,
        optional: Bool = false,
        errors: inout FormErrors
    ) -> [PupilRecord] {
        let given = files.filter { $0.data.readableBytes > 0 }
        if given.isEmpty {
            if !optional { errors.add(field, "Choose the \(label)") }
            return []
        }
        return given.flatMap { UploadedCSV.read($0, field: field, missing: nil, errors: &errors)?.records ?? [] }
    }

    static func day(_ text: String?, field: String, errors: inout FormErrors) -> Day? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            errors.add(field, "Enter the date as YYYY-MM-DD")
            return nil
        }
        guard let day = try? Day(iso: text) else {
            errors.add(field, "Enter a real date as YYYY-MM-DD, for example 2026-07-01")
            return nil
        }
        return day
    }

    struct WaspForm: Content {
        var population: File?
        var rolls: [File]?
        var on: String?
    }

    func wasp(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        let form = try request.content.decode(WaspForm.self)
        var errors = FormErrors()
        let people = Self.records(
            form.population.map { [$0] } ?? [],
            field: "population",
            label: "population list",
            errors: &errors
        )
        var known = Self.records(
            form.rolls ?? [],
            field: "rolls",
            label: "school rolls",
            optional: true,
            errors: &errors
        )
        let day = Self.day(form.on, field: "on", errors: &errors)
        guard errors.isEmpty, let day else { return try self.again(request, errors) }
        let service = request.application.cme.service
        if known.isEmpty { known = try await service.storedRoll(on: request.db, onRollOn: day) }
        known += try await service.openCaseRecords(on: request.db).map(\.record)
        let rows = TracingReports.untraced(people, against: known, compulsorySchoolAgeOn: day)
        return TracingReportsView.results(
            title: "Children without a school place",
            intro:
                "\(people.count) people searched against \(known.count) roll records and open cases: these children of compulsory school age on \(Words.day(day)) were found nowhere (Leicestershire 8.1 ii).",
            rows: rows,
            referrals: []
        ).render(for: request)
    }

    struct TransferForm: Content {
        var cohorts: [File]?
        var rolls: [File]?
        var lastYear: String?
        var refer: String?
    }

    func failureToTransfer(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let form = try request.content.decode(TransferForm.self)
        var errors = FormErrors()
        var cohort = Self.records(
            form.cohorts ?? [],
            field: "cohorts",
            label: "cohort lists",
            optional: true,
            errors: &errors
        )
        var rolls = Self.records(
            form.rolls ?? [],
            field: "ftt-rolls",
            label: "September rolls",
            optional: true,
            errors: &errors
        )
        let lastYear = Self.day(form.lastYear, field: "lastYear", errors: &errors)
        guard errors.isEmpty, let lastYear else { return try self.again(request, errors) }
        let service = request.application.cme.service
        if cohort.isEmpty {
            let year = AcademicYear(containing: lastYear)
            cohort = try await service.storedTransferCohort(academicYear: year.startYear, on: request.db)
            if cohort.isEmpty { errors.add("cohorts", "Choose the cohort lists: none for \(year) are held") }
        }
        if rolls.isEmpty {
            rolls = try await service.storedRoll(on: request.db, onRollOn: service.time.day(self.now()))
            if rolls.isEmpty { errors.add("ftt-rolls", "Choose this September's rolls: none are held") }
        }
        guard errors.isEmpty else { return try self.again(request, errors) }
        let rows = TracingReports.failedToTransfer(cohort: cohort, rolls: rolls, lastYear: lastYear)
        var references: [String] = []
        var refused: [String] = []
        if form.refer == "yes" {
            let result = try await request.application.cme.service.referFailedToTransfer(
                rows,
                lastYear: lastYear,
                by: user.actor,
                on: request.db,
                at: self.now()
            )
            references = result.references
            refused = result.failed
        }
        return TracingReportsView.results(
            title: "Failure to transfer",
            intro:
                "\(cohort.count) children of last year's cohorts searched against \(rolls.count) September roll records: these Nursery, Year 4, 6 and 8 children are on none (Suffolk 8.1).",
            rows: rows,
            referrals: references,
            refused: refused
        ).render(for: request)
    }
}
