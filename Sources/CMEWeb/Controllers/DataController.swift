import CMECore
import CMEInterop
import CMEStorage
import Vapor

/// The data feeds page: take in a file, and see what has been taken in, who owes returns, who is absent now.
struct DataController {
    let now: @Sendable () -> Date

    func page(_ request: Request) async throws -> Response {
        try await self.render(
            request,
            form: (nil, nil),
            message: request.query[String.self, at: "message"],
            errors: FormErrors()
        )
    }

    func render(
        _ request: Request,
        form: (kind: String?, school: String?),
        message: String?,
        errors: FormErrors
    ) async throws -> Response {
        let user = try request.requireWebUser()
        let service = request.application.cme.service
        let chase = try await service.returnsChaseList(on: request.db, today: service.time.day(self.now()))
        let attention = try await service.attendanceNeedingAttention(on: request.db)
        // The page names pupils (by UPN, and by name in the chase list): seeing it is a read the auditor can find.
        if !chase.isEmpty || !attention.isEmpty {
            try await service.audit.record([
                AuditRecord(
                    at: self.now(),
                    actor: user.actor,
                    action: .read,
                    entityType: "data_feeds",
                    entityID: "\(attention.count) attendance, \(chase.map(\.missing.count).reduce(0, +)) returns owed",
                    childID: nil
                )
            ])
        }
        var page = DataView.page(
            imports: try await service.imports(on: request.db, limit: 20),
            chase: chase,
            attention: attention,
            csrf: user.csrf,
            form: form,
            message: message,
            errors: errors,
            time: service.time
        )
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return page.render(for: request)
    }

    struct ImportForm: Content {
        var kind: String?
        var school: String?
        var file: File?
    }

    func take(_ request: Request) async throws -> Response {
        let user = try request.requireWebUser()
        let form = try request.content.decode(ImportForm.self)
        let school = form.school.submitted
        var errors = FormErrors()
        // The page again, with the answers given and what was wrong with them.
        func again(_ errors: FormErrors) async throws -> Response {
            try await self.render(request, form: (form.kind, form.school), message: nil, errors: errors)
        }
        let kind = form.kind.flatMap(ImportReceipt.Kind.init(rawValue:))
        if kind == nil { errors.add("kind", "Choose what the file is") }
        if let school, school.count != 6 || !school.allSatisfy({ $0.isASCII && $0.isNumber }) {
            errors.add("school", "Enter the school's URN as 6 digits, or leave it empty")
        }
        guard let file = form.file, file.data.readableBytes > 0 else {
            errors.add("file", "Choose the CSV file")
            return try await again(errors)
        }
        guard errors.isEmpty, let kind else {
            return try await again(errors)
        }
        let bytes = Array(file.data.readableBytesView)
        let imported = ImportedFile(name: file.filename, bytes: bytes)
        let service = request.application.cme.service
        let receipt: ImportReceipt
        do {
            switch kind {
            case .roll:
                receipt = try await service.importRoll(
                    try RollCSV.read(bytes: bytes, school: school),
                    file: imported,
                    school: school,
                    by: user.actor,
                    on: request.db,
                    at: self.now()
                )
            case .attendance:
                receipt = try await service.importAttendance(
                    try AttendanceCSV.read(bytes: bytes, school: school),
                    file: imported,
                    school: school,
                    by: user.actor,
                    on: request.db,
                    at: self.now()
                ).receipt
            case .returns:
                receipt = try await service.importReturns(
                    try ReturnsCSV.read(bytes: bytes, school: school),
                    file: imported,
                    school: school,
                    by: user.actor,
                    on: request.db,
                    at: self.now()
                )
            case .joinerCTF:
                let ctf: CommonTransferFile
                do {
                    ctf = try CommonTransferFile.read(Data(bytes))
                } catch {
                    errors.add("file", "\(file.filename): \(error.description)")
                    return try await again(errors)
                }
                guard !ctf.isLostPupilFile else {
                    errors.add("file", "\(file.filename) is a lost-pupil CTF: search it under Lost-pupil search")
                    return try await again(errors)
                }
                guard let school else {
                    errors.add("school", "Enter the URN of the school the pupils join")
                    return try await again(errors)
                }
                receipt = try await service.importJoiners(
                    try ctf.joiners(school: school, fallback: service.time.day(self.now())),
                    file: imported,
                    school: school,
                    by: user.actor,
                    on: request.db,
                    at: self.now()
                )
            case .transfers:
                let year = AcademicYear(containing: service.time.day(self.now())).startYear - 1
                receipt = try await service.importTransfers(
                    try TransfersCSV.read(bytes: bytes, school: school),
                    academicYear: year,
                    file: imported,
                    school: school,
                    by: user.actor,
                    on: request.db,
                    at: self.now()
                )
            }
        } catch let error as ImportFileError {
            let rows = error.rowErrors
            let text =
                rows.isEmpty
                ? "\(file.filename): \(error.description)"
                : "\(file.filename): nothing taken in: \(rows.count) bad row\(rows.count == 1 ? "" : "s"): "
                    + rows.prefix(20).map(\.description).joined(separator: "; ")
                    + (rows.count > 20 ? "; and \(rows.count - 20) more" : "")
            errors.add("file", text)
            return try await again(errors)
        } catch let error as ServiceError {
            if case .forbidden = error { throw Abort(.forbidden) }
            errors.add("file", "\(file.filename): \(error.description)")
            return try await again(errors)
        }
        return request.redirect(to: SiteURL.data.path(query: ["message": "\(file.filename): \(receipt.summary)."]))
    }
}
