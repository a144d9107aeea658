import CMECore
import CMEStorage
import Crypto
import Vapor

/// The public report: no account, rate limited per client address, and protected against bots without a
/// third-party service (a hidden field people leave empty, and a signed time stamp: a form sent within 3 seconds
/// of being shown, or more than 2 hours later, is refused).
struct ReportController {
    let settings: Settings
    let now: @Sendable () -> Date
    let limiter: RateLimiter

    static let minimumSeconds: TimeInterval = 3
    static let maximumSeconds: TimeInterval = 2 * 60 * 60

    func page(_ request: Request) async throws -> Response {
        ReportView.form(answers: [:], errors: FormErrors(), csrf: request.formToken, stamp: self.stamp(at: self.now()))
            .render(for: request)
    }

    func send(_ request: Request) async throws -> Response {
        let now = self.now()
        let client = request.remoteAddress?.ipAddress ?? "unknown"
        guard await self.limiter.allow(client, at: now) else { return ReportView.tooMany().render(for: request) }
        let form = try request.content.decode([String: String].self)
        func value(_ key: String, max: Int = 200) -> String? { form[key].submitted.map { String($0.prefix(max)) } }
        guard value("website") == nil, self.checkStamp(form["stamp"] ?? "", at: now) else {
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
                stamp: form["stamp"] ?? ""
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
            clientAddress: request.remoteAddress?.ipAddress,
            requestID: request.id
        )
        let result = try await service.intake(referral, by: actor, on: request.db, at: now)
        return ReportView.done(reference: result.reference).render(for: request)
    }

    /// `seconds.signature`: when the form was shown, signed with the server key.
    func stamp(at date: Date) -> String {
        let seconds = String(Int(date.timeIntervalSince1970))
        return "\(seconds).\(self.signature(seconds))"
    }

    func checkStamp(_ stamp: String, at now: Date) -> Bool {
        let parts = stamp.split(separator: ".")
        guard parts.count == 2, let seconds = TimeInterval(parts[0]),
            Array(self.signature(String(parts[0])).utf8).constantTimeEquals(Array(parts[1].utf8))
        else { return false }
        let age = now.timeIntervalSince1970 - seconds
        return age >= Self.minimumSeconds && age <= Self.maximumSeconds
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

/// At most `limit` events per key in a sliding window (per server instance).
actor RateLimiter {
    let limit: Int
    let window: TimeInterval
    private var events: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    func allow(_ key: String, at now: Date) -> Bool {
        var recent = (self.events[key] ?? []).filter { now.timeIntervalSince($0) < self.window }
        guard recent.count < self.limit else {
            self.events[key] = recent
            return false
        }
        recent.append(now)
        self.events[key] = recent
        if self.events.count > 10_000 { self.events = self.events.filter { !$0.value.isEmpty } }
        return true
    }
}
