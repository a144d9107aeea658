/// One code of a code list (a referral reason, source or outcome), with its meaning.
public struct Code: Hashable, Sendable, Encodable {
    public var code: String
    public var label: String

    public init(_ code: String, _ label: String) {
        self.code = code
        self.label = label
    }
}

/// Which code list a code belongs to.
public enum CodeList: String, Sendable, Codable, CaseIterable {
    case reason
    case source
    case outcome
}

/// The referral reason, source and outcome codes a local authority records.
public struct CodeSet: Hashable, Sendable {
    public var reasons: [Code]
    public var sources: [Code]
    public var outcomes: [Code]

    public init(reasons: [Code], sources: [Code], outcomes: [Code]) {
        self.reasons = reasons
        self.sources = sources
        self.outcomes = outcomes
    }

    /// Suffolk Appendix 4 "CME procedure codes": the default set every policy starts from.
    public static let suffolkAppendix4 = CodeSet(
        reasons: [
            Code("FTT", "Failure to transfer"),
            Code("FSE", "Failure to start education"),
            Code("FTR", "Failure to register"),
            Code("INF", "Information only"),
            Code("RTL", "Reported to have left"),
        ],
        sources: [
            Code("ACA", "Academy"),
            Code("FRS", "Free school"),
            Code("EHE", "Elective home education"),
            Code("IND", "Independent school"),
            Code("LOS", "Lost pupils s2s"),
            Code("OLA", "Other LA"),
            Code("SCH", "Maintained school"),
            Code("SOC", "Social care"),
            Code("WLA", "Within LA"),
            Code("YOS", "Youth Offending Service"),
            Code("HEA", "Health/A+E"),
        ],
        outcomes: [
            Code("DEC", "Deceased"),
            Code("EHE", "Elective home education"),
            Code("EMI", "Emigrated/gone abroad"),
            Code("IND", "Independent school"),
            Code("NCA", "Not compulsory school age"),
            Code("OLA", "Other LA"),
            Code("WLA", "Within own LA"),
            Code("S2S", "Uploaded onto School to School DfE website"),
        ]
    )

    public subscript(list: CodeList) -> [Code] {
        switch list {
        case .reason: self.reasons
        case .source: self.sources
        case .outcome: self.outcomes
        }
    }

    /// The set with a policy's own codes added. A code already present is an error: a policy extends the
    /// defaults, it never redefines them.
    public func adding(_ extra: [Code], to list: CodeList) throws(CodeError) -> CodeSet {
        var copy = self
        for code in extra {
            guard Self.isWellFormed(code.code) else { throw .malformed(list, code.code) }
            guard !copy[list].contains(where: { $0.code == code.code }) else { throw .duplicate(list, code.code) }
            switch list {
            case .reason: copy.reasons.append(code)
            case .source: copy.sources.append(code)
            case .outcome: copy.outcomes.append(code)
            }
        }
        return copy
    }

    /// Looks a code up; an unknown code is an error that lists the allowed ones.
    public func validate(_ code: String, in list: CodeList) throws(CodeError) -> Code {
        guard let found = self[list].first(where: { $0.code == code }) else {
            throw .unknown(list, code, allowed: self[list].map(\.code))
        }
        return found
    }

    static func isWellFormed(_ code: String) -> Bool {
        (2...6).contains(code.count) && code.allSatisfy { ($0.isUppercase || $0.isNumber) && $0.isASCII }
    }
}

/// Why a code was refused.
public enum CodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknown(CodeList, String, allowed: [String])
    case duplicate(CodeList, String)
    case malformed(CodeList, String)

    public var description: String {
        switch self {
        case .unknown(let list, let code, let allowed):
            "unknown \(list.rawValue) code '\(code)'; allowed: \(allowed.joined(separator: ", "))"
        case .duplicate(let list, let code):
            "\(list.rawValue) code '\(code)' is already defined"
        case .malformed(let list, let code):
            "\(list.rawValue) code '\(code)' must be 2-6 capital letters or digits"
        }
    }
}
