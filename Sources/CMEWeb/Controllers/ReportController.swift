import CMECore
import CMEStorage
import Crypto
import Vapor

/// The public report: no account, rate limited per client address, and protected against bots without a
/// third-party service (a hidden field people leave empty, and a signed one-use stamp: a form sent within 3 seconds
/// of being shown, more than 2 hours later, or a second time, is refused). The rate limit and the spent stamps are
/// in the database, so several instances share them (issue 16).
struct ReportController {
    let settings: Settings
    let now: @Sendable () -> Date

    static let minimumSeconds: TimeInterval = 3
    static let maximumSeconds: TimeInterval = 2 * 60 * 60

    func page(_ request: Request) async throws -> Response {
        ReportView.form(answers: [:], errors: FormErrors(), csrf: request.formToken, stamp: self.stamp(at: self.now()))
            .render(for: request)
    }

    func send(_ request: Request) async throws -> Response {
        let now = self.now()
        let client = Hex.string(SHA256.hash(data: Data("public-report\u{1F}\(request.clientAddress ?? "")".utf8)))
        guard
            try await Throttles.allow(
                client,
                limit: self.settings.publicReportsPerTenMinutes,
                window: 600,
                at: now,
                on: request.db
            )
        else { return ReportView.tooMany().render(for: request) }
        let form = try request.content.decode([String: String].self)
        func value(_ key: String, max: Int = 200) -> String? { form[key].submitted.map { String($0.prefix(max)) } }
        guard value("website") == nil, let stamp = self.checkStamp(form["stamp"] ?? "", at: now),
            try await Throttles.spend(stamp.nonce, at: now, on: request.db)
        else {
            throw Abort(.badRequest, reason: "The form could not be accepted. Please reload the page and try again.")
        }
        var errors = FormErrors()
        let forename = value("forename", max: 100)
        if forename == nil { errors.add("forename", "Enter the child's first name, or what they are called") }
        let age = value("age").flatMap { Int($0) }
        if value("age") != nil, age == nil || !(2...19).contains(age ?? 0) {
            errors.add("age", "Enter the child's age in years, a number from 2 to 19")
        }
        if value("age") == nil { errors.add("age", "Enter roughly how old the child is") }
        let concern = value("concern", max: 5000)
        if concern == nil { errors.add("concern", "Tell us why you think the child is missing education") }
        guard errors.isEmpty, let forename, let age, let concern else {
            var answers: [String: String] = [:]
            for key in ["forename", "surname", "age", "area", "concern", "reporterName", "reporterContact"] {
                answers[key] = value(key, max: 5000)
            }
            var page = ReportView.form(
                answers: answers,
                errors: errors,
                csrf: request.formToken,
                // The stamp was spent: the corrected form carries a new one, from when the form was first shown.
                stamp: self.stamp(shownAt: stamp.shownAt)
            )
            page.status = .unprocessableEntity
            return page.render(for: request)
        }
        let service = request.application.cme.service
        let today = service.time.day(now)
        // The public rarely knows a date of birth: estimate one from the age and say so on the referral.
        let estimated = Day(year: today.year - age, month: 1, day: 1) ?? today
        var child = Child(
            forename: forename,
            surname: value("surname", max: 100) ?? "Not known",
            dateOfBirth: estimated
        )
        if let area = value("area") {
            child.addresses = [AddressRecord(address: Address(lines: [area]), kind: .lastKnown)]
        }
        let referral = Referral(
            kind: .publicReport,
            child: child,
            additionalInformation:
                "\(concern)\n\nDate of birth estimated from an age of \(age) given by a member of the public.",
            referrer: Referrer(name: value("reporterName"), contactDetails: value("reporterContact"))
        )
        let actor = Actor(
            userID: nil,
            role: .publicReporter,
            clientAddress: request.clientAddress,
            requestID: request.auditRequestID
        )
        let result = try await service.intake(referral, by: actor, on: request.db, at: now)
        return ReportView.done(reference: result.reference).render(for: request)
    }

    /// `seconds.nonce.signature`: when the form was shown and a one-use nonce, signed with the server key.
    func stamp(at date: Date) -> String {
        self.stamp(shownAt: Int(date.timeIntervalSince1970))
    }

    func stamp(shownAt seconds: Int) -> String {
        let body = "\(seconds).\(UUID().uuidString.lowercased())"
        return "\(body).\(self.signature(body))"
    }

    /// The stamp's time and nonce, if it is genuine and of an age a person takes to fill in the form.
    func checkStamp(_ stamp: String, at now: Date) -> (shownAt: Int, nonce: String)? {
        let parts = stamp.split(separator: ".")
        guard parts.count == 3, let seconds = Int(parts[0]),
            Array(self.signature("\(parts[0]).\(parts[1])").utf8).constantTimeEquals(Array(parts[2].utf8))
        else { return nil }
        let age = now.timeIntervalSince1970 - TimeInterval(seconds)
        guard age >= Self.minimumSeconds && age <= Self.maximumSeconds else { return nil }
        return (seconds, String(parts[1]))
    }

    private func signature(_ text: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(text.utf8),
            using: SymmetricKey(data: self.settings.secretKey)
        )
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/",
            with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }
}
