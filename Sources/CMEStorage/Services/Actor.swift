import CMECore
import Foundation

/// Who is doing something, from where: every service call carries one, and the audit trail records it.
public struct Actor: Sendable, Equatable {
    public var userID: UUID?
    public var role: Role
    public var organisationID: UUID?
    public var team: String?
    public var clientAddress: String?
    public var requestID: String?

    public init(
        userID: UUID?,
        role: Role,
        organisationID: UUID? = nil,
        team: String? = nil,
        clientAddress: String? = nil,
        requestID: String? = nil
    ) {
        self.userID = userID
        self.role = role
        self.organisationID = organisationID
        self.team = team
        self.clientAddress = clientAddress
        self.requestID = requestID
    }

    /// The command line acting as the system (for sweeps and imports).
    public static let system = Actor(userID: nil, role: .administrator, clientAddress: "cli")
}

/// Why a service call was refused; the web layer maps each to an HTTP status.
public enum ServiceError: Error, Equatable, CustomStringConvertible {
    /// 404: no such thing, or not one the caller may see.
    case notFound(String)
    /// 403: the caller's role may not do this.
    case forbidden(String)
    /// 422: bad input, each bad field named.
    case invalid([FieldProblem])
    /// 409: the case changed since the version the caller saw.
    case conflict(currentVersion: Int, unseen: [UUID])

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .forbidden(let why): why
        case .invalid(let problems): problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .conflict(let version, let unseen):
            "the case has changed since you loaded it (now version \(version), \(unseen.count) new event(s))"
        }
    }
}

/// One bad field of an input.
public struct FieldProblem: Equatable, Sendable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
