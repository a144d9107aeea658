import CMECore
import CMEStorage
import Fluent
import Vapor

/// The statutory and management reports, and the cases behind each of their figures. A report over every case is
/// computed once while the cases are unchanged (`ReportCache`); a page shows each figure's count with a link to
/// its cases, a page of them at a time, rather than every reference inline (issue 17: 20,000 cases made the
/// termly page 7.5 MB).
struct ReportsController {
    let now: @Sendable () -> Date

    /// Cases on one page of a drill-down.
    static let perPage = 50

    /// The termly return for `census`, from the cache.
    func termlyReturn(_ census: Day, _ request: Request) async throws -> TermlyReturn {
        let cme = request.application.cme
        let db = request.db
        return try await cme.reports.value("termly \(census)", on: db) {
            TermlyReturn.compute(try await TermlyReturn.rows(on: db, time: cme.service.time), census: census)
        }
    }

    /// The census day of `?census=` (default today), or the page that says what is wrong with it.
    func census(_ request: Request) throws -> (Day?, Response?) {
        let service = request.application.cme.service
        let text = request.query[String.self, at: "census"]?.trimmingCharacters(in: .whitespaces) ?? ""
        var errors = FormErrors()
        let census =
            text.isEmpty
            ? service.time.day(self.now()) : TracingReportsController.day(text, field: "census", errors: &errors)
        guard let census, errors.isEmpty else {
            var page = TermlyView.page(
                TermlyReturn.compute([], census: service.time.day(self.now())),
                errors: errors,
                census: text
            )
            page.status = .unprocessableEntity
            return (nil, page.render(for: request))
        }
        return (census, nil)
    }

    /// The DfE termly return for `?census=` (default today), as a page or, with `format=csv`, a download.
    func termly(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        let (census, refused) = try self.census(request)
        guard let census else { return refused! }
        let report = try await self.termlyReturn(census, request)
        if request.query[String.self, at: "format"] == "csv" {
            return Self.csv(report.csv, filename: "cme-termly-return-\(census).csv")
        }
        return TermlyView.page(report, errors: FormErrors(), census: census.description).render(for: request)
    }

    /// The cases behind one figure of the termly return: `measure` (one of `TermlyView.measures`) or `group` and
    /// `value` of a breakdown, `page` of them.
    func termlyCases(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        let (census, refused) = try self.census(request)
        guard let census else { return refused! }
        let report = try await self.termlyReturn(census, request)
        let measure = request.query[String.self, at: "measure"]
        let group = request.query[String.self, at: "group"]
        let value = request.query[String.self, at: "value"]
        let references: [String]
        let title: String
        if let measure, let found = TermlyView.measures(report).first(where: { $0.id == measure }) {
            references = found.cases
            title = found.label
        } else if let group, let value,
            let figure = report.onCensusDay.first(where: { $0.group == group && $0.value == value })
        {
            references = figure.cases
            title = "Missing education on \(Words.day(census)), \(group): \(value)"
        } else {
            throw Abort(.notFound, reason: "no such figure in the termly return for \(census)")
        }
        let query = ["census": census.description, "measure": measure, "group": group, "value": value]
        return try await self.drillDown(
            request,
            title: title,
            references: references,
            back: ("Back to the termly return", SiteURL.termlyReturn.path(query: ["census": census.description])),
            link: {
                SiteURL.termlyCases.path(query: query.compactMapValues { $0 }.merging(["page": String($0)]) { $1 })
            }
        )
    }

    /// One page of the cases behind a figure.
    func drillDown(
        _ request: Request,
        title: String,
        references: [String],
        back: (String, String),
        link: (Int) -> String
    ) async throws -> Response {
        let cme = request.application.cme
        let pages = max(1, (references.count + Self.perPage - 1) / Self.perPage)
        let page = min(max(1, request.query[Int.self, at: "page"] ?? 1), pages)
        let slice = Array(references.dropFirst((page - 1) * Self.perPage).prefix(Self.perPage))
        let cases = try await cme.service.caseSummaries(references: slice, on: request.db)
        let owners = try await WorkQueries(db: request.db).userNames(Set(cases.compactMap(\.assigneeID)))
        return ReportCasesView.page(
            title: title,
            total: references.count,
            page: page,
            pages: pages,
            cases: cases,
            owners: owners,
            time: cme.service.time,
            back: back,
            link: link
        ).render(for: request)
    }

    static func csv(_ text: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
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

    /// A management report as shown: the figures, and for a finished month the record kept of it.
    struct Shown: Sendable {
        var report: ManagementReport
        var kept: (takenAt: Date, revision: Int, changed: Bool)?
    }

    /// The report of `kind` for `period` as shown now, from the cache. A finished month shows its kept record
    /// (Leicestershire 8.3), kept now if nobody has yet; the figures as they stand today are offered as a
    /// correction beside it, never over it (issue 17).
    func shown(
        _ kind: ManagementReport.Kind,
        _ period: ManagementReport.Period,
        _ request: Request
    ) async throws -> Shown {
        let cme = request.application.cme
        let db = request.db
        let today = cme.service.time.day(self.now())
        let at = self.now()
        return try await cme.reports.value("\(kind.rawValue) \(period.label)", on: db) {
            let (rows, clocks) = try await ManagementReport.gather(on: db, time: cme.service.time)
            let live = ManagementReport.compute(rows, clocks: clocks, period: period)
            guard kind == .monthly, period.last < today else { return Shown(report: live, kept: nil) }
            var record = try await live.kept(on: db)
            if record == nil { record = try await live.keep(on: db, at: at) }
            guard let record else { return Shown(report: live, kept: nil) }
            return Shown(report: record.report, kept: (record.takenAt, record.revision, record.csv != live.csv))
        }
    }

    /// The period of `?period=` for the route's kind, or the page that says what is wrong with it.
    func period(_ request: Request) throws -> (ManagementReport.Kind, ManagementReport.Period?, Response?) {
        guard let kind = request.parameters.get("kind").flatMap(ManagementReport.Kind.init(rawValue:)) else {
            throw Abort(.notFound)
        }
        let service = request.application.cme.service
        let text = request.query[String.self, at: "period"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let today = service.time.day(self.now())
        guard let period = ManagementReport.Period.named(kind, text.isEmpty ? nil : text, today: today) else {
            var errors = FormErrors()
            errors.add("period", "Enter the period as \(ManagementReportView.hint(kind).lowercased())")
            var page = ManagementReportView.page(nil, kind: kind, period: text, errors: errors, kept: nil)
            page.status = .unprocessableEntity
            return (kind, nil, page.render(for: request))
        }
        return (kind, period, nil)
    }

    /// A management report (`monthly`, `quarterly`, `annual`, `open-cases`) for `?period=` (default the last one
    /// ended), as a page or, with `format=csv`, a download. Showing a month keeps it as the month's record.
    func management(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let (kind, period, refused) = try self.period(request)
        guard let period else { return refused! }
        let shown = try await self.shown(kind, period, request)
        if request.query[String.self, at: "format"] == "csv" {
            let label = period.label.replacingOccurrences(of: "/", with: "-")
            return Self.csv(shown.report.csv, filename: "cme-\(kind.rawValue)-\(label).csv")
        }
        let time = request.application.cme.service.time
        // Only the open-cases report lists cases by reference; the others link to their figures' drill-downs.
        let firstOpen = kind == .openCases ? Array(shown.report.open.prefix(Self.perPage)) : []
        return ManagementReportView.page(
            shown.report,
            kind: kind,
            period: period.label,
            caseIDs: try await request.application.cme.service.caseIDs(
                references: Set(firstOpen.map(\.reference)),
                on: request.db
            ),
            errors: FormErrors(),
            kept: shown.kept.map {
                .init(
                    taken: Words.dateTime($0.takenAt, time: time),
                    revision: $0.revision,
                    changed: $0.changed,
                    csrf: user.csrf
                )
            }
        ).render(for: request)
    }

    /// The cases behind one figure of a management report: `group` and `value`, `page` of them.
    func managementCases(_ request: Request) async throws -> Response {
        _ = try request.requireWebUser()
        let (kind, period, refused) = try self.period(request)
        guard let period else { return refused! }
        let shown = try await self.shown(kind, period, request)
        let group = request.query[String.self, at: "group"] ?? ""
        let value = request.query[String.self, at: "value"] ?? ""
        guard let figure = shown.report.figures.first(where: { $0.group == group && $0.value == value }) else {
            throw Abort(.notFound, reason: "no such figure in the \(kind.rawValue) report for \(period.label)")
        }
        let report = SiteURL.managementReport(kind.rawValue)
        let query = ["period": period.label, "group": group, "value": value]
        return try await self.drillDown(
            request,
            title: "\(ManagementReportView.title(kind)) \(period.label): \(group), \(value)",
            references: figure.cases,
            back: ("Back to the report", report.path(query: ["period": period.label])),
            link: { SiteURL.managementCases(kind.rawValue).path(query: query.merging(["page": String($0)]) { $1 }) }
        )
    }
}
