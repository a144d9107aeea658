import CMECore

/// The identifying details intake compares.
public struct PersonKey: Sendable, Equatable {
    public var forename: String
    public var surname: String
    public var aliases: [String]
    public var dateOfBirth: Day
    public var middleNames: String?
    /// The postcodes of the child's addresses, the current or last known first.
    public var postcodes: [String]

    public init(
        forename: String,
        surname: String,
        aliases: [String] = [],
        dateOfBirth: Day,
        middleNames: String? = nil,
        postcodes: [String] = []
    ) {
        self.forename = forename
        self.surname = surname
        self.aliases = aliases
        self.dateOfBirth = dateOfBirth
        self.middleNames = middleNames
        self.postcodes = postcodes
    }
}

extension PersonKey {
    /// The person as the tracing engine's comparison takes them: their other surnames as other names.
    public func searchCandidate(id: String, upn: String?) -> SearchCandidate {
        SearchCandidate(
            id: id,
            forename: self.forename,
            middleNames: self.middleNames,
            surname: self.surname,
            otherNames: self.aliases,
            dateOfBirth: self.dateOfBirth,
            upns: upn.map { [$0] } ?? [],
            postcodes: self.postcodes
        )
    }
}
