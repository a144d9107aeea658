/// How two names came to agree, for the evidence line.
enum NameHow: UInt8, Sendable {
    case plain
    case nickname
    case spelling
    case firstName
    case middleName
    case preferredSurname
    case formerSurname
    case hyphenPart
}

/// One name comparison: the level, how, the Jaro-Winkler similarity when that decided it, and the variant group
/// that matched (for its frequency).
struct NameComparison: Sendable {
    var level: UInt8 = Field.missing
    var how = NameHow.plain
    var similarity: Float = 0
    var group: Int32 = -1
}

enum NameComparator {
    /// Compares forenames; each side's middle names count as a variant ("known by her middle name").
    static func forename(_ a: NameInfo, _ aMiddle: NameInfo, _ b: NameInfo, _ bMiddle: NameInfo) -> NameComparison {
        guard a.isPresent && b.isPresent else { return NameComparison() }
        if a.hash == b.hash { return NameComparison(level: NameLevel.exact.rawValue) }
        // A forename written as its initial ("H Hussein") says nothing more when the initial fits.
        if a.length == 1 || b.length == 1 {
            return a.initial == b.initial ? NameComparison() : NameComparison(level: NameLevel.different.rawValue)
        }
        if let group = a.sharedGroup(b) {
            let how: NameHow = NameVariants.group(group).kind == .spelling ? .spelling : .nickname
            return NameComparison(level: NameLevel.variant.rawValue, how: how, group: group)
        }
        if a.words[0] == b.words[0] { return NameComparison(level: NameLevel.variant.rawValue, how: .firstName) }
        if bMiddle.hasWord(a.words[0]) || aMiddle.hasWord(b.words[0]) || b.hasWord(a.words[0])
            || a.hasWord(b.words[0])
        {
            return NameComparison(level: NameLevel.variant.rawValue, how: .middleName)
        }
        return Self.fuzzy(a, b)
    }

    /// Phonetic and Jaro-Winkler levels, shared by forenames and surnames (as `NameLevel` values).
    static func fuzzy(_ a: NameInfo, _ b: NameInfo) -> NameComparison {
        if a.soundsLike(b) { return NameComparison(level: NameLevel.phonetic.rawValue) }
        let bound = StringDistance.jaroWinklerBound(a, b)
        if bound < 0.85 { return NameComparison(level: NameLevel.different.rawValue, similarity: Float(bound)) }
        let similarity = StringDistance.jaroWinkler(a, b)
        let level: NameLevel =
            similarity >= 0.92 ? .jaroWinkler92 : similarity >= 0.85 ? .jaroWinkler85 : .different
        return NameComparison(level: level.rawValue, similarity: Float(similarity))
    }

    /// A plain name comparison (no middle names): used for transposed names.
    static func simple(_ a: NameInfo, _ b: NameInfo) -> NameComparison {
        guard a.isPresent && b.isPresent else { return NameComparison() }
        if a.hash == b.hash { return NameComparison(level: NameLevel.exact.rawValue) }
        if let group = a.sharedGroup(b) { return NameComparison(level: NameLevel.variant.rawValue, group: group) }
        return Self.fuzzy(a, b)
    }

    /// Compares surnames, trying preferred and former surnames and the parts of double-barrelled names too.
    static func surname(_ a: RecordNames, _ b: RecordNames) -> NameComparison {
        guard a.hasSurname && b.hasSurname else { return NameComparison() }
        if a.surname.isPresent && a.surname.hash == b.surname.hash {
            return NameComparison(level: SurnameLevel.exact.rawValue)
        }
        var best = NameComparison(level: SurnameLevel.different.rawValue)
        for i in 0..<3 {
            let x = a.surnameForm(i)
            guard x.isPresent else { continue }
            for j in 0..<3 {
                let y = b.surnameForm(j)
                guard y.isPresent else { continue }
                let candidate = Self.surnameForms(x, y, preferred: i == 1 || j == 1, primary: i == 0 && j == 0)
                if candidate.level < best.level
                    || (candidate.level == best.level && candidate.similarity > best.similarity)
                {
                    best = candidate
                }
            }
        }
        return best
    }

    private static func surnameForms(_ x: NameInfo, _ y: NameInfo, preferred: Bool, primary: Bool) -> NameComparison {
        if x.hash == y.hash {
            return NameComparison(
                level: SurnameLevel.alias.rawValue,
                how: preferred ? .preferredSurname : .formerSurname
            )
        }
        if x.wordCount > 1 || y.wordCount > 1 {
            for i in 0..<4 where x.words[i] != 0 && !Self.particles.contains(x.words[i]) && y.hasWord(x.words[i]) {
                return NameComparison(level: SurnameLevel.alias.rawValue, how: .hyphenPart)
            }
        }
        if let group = x.sharedGroup(y, spellingOnly: true) {
            return NameComparison(level: SurnameLevel.variant.rawValue, how: .spelling, group: group)
        }
        var fuzzy = Self.fuzzy(x, y)
        // NameLevel.phonetic and below sit one step lower in SurnameLevel.
        fuzzy.level += 1
        if !primary && fuzzy.level > SurnameLevel.phonetic.rawValue {
            // A near miss on a former surname is no evidence.
            fuzzy.level = SurnameLevel.different.rawValue
        }
        return fuzzy
    }

    /// Words that start many surnames and say nothing alone: "Al" of "Al Hashimi", "Van" of "Van Dijk".
    static let particles: Set<UInt32> = Set(
        [
            "al", "el", "bin", "ibn", "bint", "abu", "van", "von", "der", "den", "de", "da", "di", "du", "le", "la",
            "mc",
            "mac", "o", "st", "ul", "ud",
        ].map(Normalise.hash32)
    )
}
