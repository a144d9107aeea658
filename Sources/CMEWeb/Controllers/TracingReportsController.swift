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

    /// The DfE termly return for `?census=` (default today), as a page or, with `format=csv`, a download.
    func termly(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        let service = request.application.cme.service
        let text = request.query[String.self, at: "census"]?.trimmingCharacters(in: .whitespaces) ?? ""
        var errors = FormErrors()
        let census = text.isEmpty ? service.time.day(self.now()) : Self.day(text, field: "census", errors: &errors)
        guard let census, errors.isEmpty else {
            var page = TermlyView.page(
                TermlyReturn.compute([], census: service.time.day(self.now())),
                caseIDs: [:],
                errors: errors,
                census: text
            )
            page.status = .unprocessableEntity
            return page.render(for: request)
        }
        let report = TermlyReturn.compute(
            try await TermlyReturn.rows(on: request.db, time: service.time),
            census: census
        )
        if request.query[String.self, at: "format"] == "csv" {
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            headers.add(name: .contentDisposition, value: "attachment; filename=\"cme-termly-return-\(census).csv\"")
            return Response(status: .ok, headers: headers, body: .init(string: report.csv))
        }
        let references = Set(report.missingInPrevious12Months + report.homeEducatedInPrevious12Months)
        let ids = try await ReportParts.caseIDs(references, on: request.db)
        return TermlyView.page(report, caseIDs: ids, errors: FormErrors(), census: census.description).render(
            for: request
        )
    }

    /// Keeps the month's figures as they stand now as a corrected record beside the one kept (issue 17), when they
    /// differ from it; back to the month.
    func keepCorrection(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        let service = request.application.cme.service
        let text = (try? request.content.get(String.self, at: "period")) ?? ""
        let today = service.time.day(self.now())
        guard let period = ManagementReport.Period.named(.monthly, text, today: today), period.last < today else {
            throw Abort(.unprocessableEntity, reason: "period: a finished month, YYYY-MM")
        }
        let (rows, clocks) = try await ManagementReport.gather(on: request.db, time: service.time)
        let live = ManagementReport.compute(rows, clocks: clocks, period: period)
        if try await live.kept(on: request.db)?.csv != live.csv {
            try await live.keep(on: request.db, at: self.now())
        }
        return request.redirect(
            to: SiteURL.managementReport(ManagementReport.Kind.monthly.rawValue).path(query: ["period": period.label])
        )
    }

    /// A management report (`monthly`, `quarterly`, `annual`, `open-cases`) for `?period=` (default the last one
    /// ended), as a page or, with `format=csv`, a download. Showing a month keeps it as the month's record.
    func management(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        guard let kind = request.parameters.get("kind").flatMap(ManagementReport.Kind.init(rawValue:)) else {
            throw Abort(.notFound)
        }
        let service = request.application.cme.service
        let text = request.query[String.self, at: "period"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let today = service.time.day(self.now())
        guard let period = ManagementReport.Period.named(kind, text.isEmpty ? nil : text, today: today) else {
            var errors = FormErrors()
            errors.add("period", "Enter the period as \(ManagementReportView.hint(kind).lowercased())")
            var page = ManagementReportView.page(
                nil,
                kind: kind,
                period: text,
                caseIDs: [:],
                errors: errors,
                kept: nil
            )
            page.status = .unprocessableEntity
            return page.render(for: request)
        }
        let (rows, clocks) = try await ManagementReport.gather(on: request.db, time: service.time)
        let live = ManagementReport.compute(rows, clocks: clocks, period: period)
        var report = live
        var kept: ManagementReportView.Kept?
        // A finished month shows its kept record (Leicestershire 8.3), kept now if nobody has yet; the figures as
        // they stand today are offered as a correction beside it, never over it (issue 17).
        if kind == .monthly, period.last < today {
            var record = try await live.kept(on: request.db)
            if record == nil { record = try await live.keep(on: request.db, at: self.now()) }
            if let record {
                report = record.report
                kept = .init(
                    taken: Words.dateTime(record.takenAt, time: service.time),
                    revision: record.revision,
                    changed: record.csv != live.csv,
                    csrf: try request.requireWebUser().csrf
                )
            }
        }
        if request.query[String.self, at: "format"] == "csv" {
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            headers.add(
                name: .contentDisposition,
                value:
                    "attachment; filename=\"cme-\(kind.rawValue)-\(period.label.replacingOccurrences(of: "/", with: "-")).csv\""
            )
            return Response(status: .ok, headers: headers, body: .init(string: report.csv))
        }
        let references = Set(report.figures.flatMap(\.cases))
        return ManagementReportView.page(
            report,
            kind: kind,
            period: period.label,
            caseIDs: try await ReportParts.caseIDs(references, on: request.db),
            errors: FormErrors(),
            kept: kept
        ).render(for: request)
    }
}
