/// The readable account of a comparison: one `FieldEvidence` per compared field, with its weight.
enum Evidence {
    static func make(_ c: PairComparison, weights: SIMD8<Double>) -> [FieldEvidence] {
        var result: [FieldEvidence] = []
        for field in Field.allCases where c[field] != Field.missing {
            let weight = weights[field.rawValue]
            let level = c[field]
            switch field {
            case .forename:
                result.append(FieldEvidence(field: "forename", outcome: Self.forename(c.forename), weight: weight))
            case .surname:
                result.append(FieldEvidence(field: "surname", outcome: Self.surname(c.surname), weight: weight))
            case .dob:
                let outcomes = ["exact", "day/month swap", "one day off", "one digit off", "year only", "differs"]
                result.append(FieldEvidence(field: "dob", outcome: outcomes[Int(level)], weight: weight))
            case .upn:
                let outcomes = ["exact", "exact (temporary)", "differs", "differs (temporary)"]
                result.append(FieldEvidence(field: "upn", outcome: outcomes[Int(level)], weight: weight))
            case .location:
                result.append(Self.location(level, jaccard: c.jaccard, weight: weight))
            case .gender:
                result.append(FieldEvidence(field: "gender", outcome: level == 0 ? "same" : "differs", weight: weight))
            case .order:
                if level == NameOrderLevel.transposed.rawValue {
                    result.append(FieldEvidence(field: "names", outcome: "transposed", weight: weight))
                }
            }
        }
        return result
    }

    private static func forename(_ n: NameComparison) -> String {
        switch NameLevel(rawValue: n.level) ?? .different {
        case .exact: return "exact"
        case .variant:
            switch n.how {
            case .nickname: return "nickname"
            case .firstName: return "first name"
            case .middleName: return "middle name"
            default: return "spelling variant"
            }
        case .phonetic: return "phonetic"
        case .jaroWinkler92, .jaroWinkler85: return "jw " + Self.decimals(Double(n.similarity))
        case .different: return "differs"
        }
    }

    private static func surname(_ n: NameComparison) -> String {
        switch SurnameLevel(rawValue: n.level) ?? .different {
        case .exact: return "exact"
        case .alias:
            switch n.how {
            case .preferredSurname: return "preferred surname"
            case .formerSurname: return "former surname"
            default: return "hyphen part"
            }
        case .variant: return "spelling variant"
        case .phonetic: return "phonetic"
        case .jaroWinkler92, .jaroWinkler85: return "jw " + Self.decimals(Double(n.similarity))
        case .different: return "differs"
        }
    }

    private static func location(_ level: UInt8, jaccard: Float, weight: Double) -> FieldEvidence {
        let similarity = jaccard >= 0 ? " (jaccard " + Self.decimals(Double(jaccard)) + ")" : ""
        switch LocationLevel(rawValue: level) ?? .different {
        case .sameAddress: return FieldEvidence(field: "address", outcome: "same" + similarity, weight: weight)
        case .postcode: return FieldEvidence(field: "postcode", outcome: "full", weight: weight)
        case .similarAddress: return FieldEvidence(field: "address", outcome: "similar" + similarity, weight: weight)
        case .sector: return FieldEvidence(field: "postcode", outcome: "sector", weight: weight)
        case .district: return FieldEvidence(field: "postcode", outcome: "district", weight: weight)
        case .different:
            return FieldEvidence(field: jaccard >= 0 ? "address" : "postcode", outcome: "differs", weight: weight)
        }
    }

    /// Two decimals, without Foundation: "0.96".
    static func decimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
