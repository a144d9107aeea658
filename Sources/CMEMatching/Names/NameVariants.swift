/// Name variants: English short forms and nicknames, and spelling variants and transliterations across the
/// communities of English schools (South Asian, Arabic, Somali and other African, Eastern European, Gypsy, Roma and
/// Traveller, Chinese). The data is in `NameVariants+Data.swift`.
public enum NameVariants {
    /// How two names in one group relate.
    public enum Kind: String, Sendable {
        /// A short form or nickname ("Alfie", "Alfred").
        case nickname
        /// A spelling or transliteration of the same name ("Mohammed", "Muhammad").
        case spelling
    }

    struct Table: Sendable {
        var kinds: [Kind] = []
        var members: [[String]] = []
        var groupsOfName: [String: [Int32]] = [:]
    }

    static let table: Table = {
        var table = Table()
        for (kind, groups) in [(Kind.nickname, Self.nicknameGroups), (Kind.spelling, Self.spellingGroups)] {
            for line in groups {
                var names: [String] = []
                for raw in line.split(separator: " ") {
                    let name = Normalise.words(String(raw)).joined()
                    if !name.isEmpty && !names.contains(name) { names.append(name) }
                }
                guard names.count > 1 else { continue }
                let id = Int32(table.members.count)
                table.members.append(names)
                table.kinds.append(kind)
                for name in names { table.groupsOfName[name, default: []].append(id) }
            }
        }
        return table
    }()

    /// The number of groups in the table.
    public static var groupCount: Int { Self.table.members.count }

    /// The groups `name` belongs to (normalised first, so "Zoë" finds "zoe").
    public static func groups(of name: String) -> [Int] {
        (Self.table.groupsOfName[Self.key(name)] ?? []).map(Int.init)
    }

    /// Whether `a` and `b` are different names in one group, and how they relate; nil if they are not variants.
    public static func relation(_ a: String, _ b: String) -> Kind? {
        let x = Self.key(a)
        let y = Self.key(b)
        guard x != y, let groupsX = Self.table.groupsOfName[x], let groupsY = Self.table.groupsOfName[y] else {
            return nil
        }
        var best: Kind?
        for g in groupsX where groupsY.contains(g) {
            // A spelling variant is the closer relation: report it when both hold.
            if Self.table.kinds[Int(g)] == .spelling { return .spelling }
            best = .nickname
        }
        return best
    }

    /// Every other name that shares a group with `name`, or only a group of `kind`.
    public static func variants(of name: String, kind: Kind? = nil) -> [String] {
        let x = Self.key(name)
        var result: [String] = []
        for g in Self.table.groupsOfName[x] ?? [] where kind == nil || Self.table.kinds[Int(g)] == kind {
            for member in Self.table.members[Int(g)] where member != x && !result.contains(member) {
                result.append(member)
            }
        }
        return result
    }

    /// The names of group `id` and how they relate.
    static func group(_ id: Int32) -> (kind: Kind, members: [String]) {
        (Self.table.kinds[Int(id)], Self.table.members[Int(id)])
    }

    /// Group ids of an already normalised, space-free name.
    static func groupIDs(normalised name: String) -> [Int32] {
        Self.table.groupsOfName[name] ?? []
    }

    static func key(_ name: String) -> String {
        Normalise.words(name).joined()
    }
}
