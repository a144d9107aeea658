/// A DfE Unique Pupil Number: a check letter, LA number (3 digits), establishment number (4), year of allocation
/// (2) and serial (3). A temporary UPN ends in a letter instead of the last serial digit.
public struct UPN: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The letters UPNs use, in check-letter order: I, O and S are never used.
    public static let alphabet: [Character] = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    public let value: String

    /// Parses and validates `text`; leading and trailing spaces are ignored.
    public init(_ text: String) throws(UPNError) {
        let trimmed = text.trimmingSpaces
        let chars = Array(trimmed)
        guard chars.count == 13 else { throw .wrongLength(chars.count) }
        if chars.contains(where: { $0.isLowercase }) { throw .lowercase }
        guard UPN.alphabet.contains(chars[0]) else { throw .badCheckCharacter(chars[0]) }
        for (offset, field) in [(1, "LA number"), (4, "establishment number"), (8, "year of allocation")] {
            let length = offset == 4 ? 4 : (offset == 1 ? 3 : 2)
            for position in offset..<(offset + length) where !chars[position].isASCIIDigit {
                throw .notADigit(field: field, position: position + 1, found: chars[position])
            }
        }
        for position in 10...11 where !chars[position].isASCIIDigit {
            throw .notADigit(field: "serial number", position: position + 1, found: chars[position])
        }
        let last = chars[12]
        guard last.isASCIIDigit || UPN.alphabet.contains(last) else { throw .badLastCharacter(last) }
        let expected = UPN.checkLetter(for: chars[1...])
        guard chars[0] == expected else { throw .checkLetterMismatch(found: chars[0], expected: expected) }
        self.value = trimmed
    }

    /// The same rules as `init` applied to the bytes of an upper-case 13-character value, without building
    /// `Character`s: whether it is temporary, or `nil` when invalid. Matching checks millions of UPNs with it.
    public static func check(ascii bytes: some Collection<UInt8>) -> Bool? {
        self.check(ascii: Array(bytes))
    }

    /// The same on an array: not generic, so callers in other modules do not pay for unspecialised generic code
    /// (it was most of the time `cme match` spent preparing a million records).
    public static func check(ascii bytes: [UInt8]) -> Bool? {
        bytes.withUnsafeBufferPointer { self.check(ascii: $0) }
    }

    /// The same on bytes held elsewhere (a buffer on the stack), without copying them into an array.
    public static func check(ascii bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count == 13 else { return nil }
        var sum = 0
        var checkValue = -1
        var last: UInt8 = 0
        for position in 0..<13 {
            let byte = bytes[position]
            let letter = Self.letterValues[Int(byte & 0x7F)]
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if byte >= 0x80 { return nil }
            if position == 0 {
                guard letter >= 0 else { return nil }
                checkValue = letter
                continue
            }
            let value: Int
            if isDigit {
                value = Int(byte - UInt8(ascii: "0"))
            } else if position == 12, letter >= 0 {
                value = letter
            } else {
                return nil
            }
            sum += value * (position + 1)
            last = byte
        }
        guard sum % 23 == checkValue else { return nil }
        return !(last >= UInt8(ascii: "0") && last <= UInt8(ascii: "9"))
    }

    /// Each ASCII byte's index in `alphabet`, or -1.
    private static let letterValues: [Int] = {
        var values = [Int](repeating: -1, count: 128)
        for (index, letter) in Self.alphabet.enumerated() { values[Int(letter.asciiValue!)] = index }
        return values
    }()

    /// The check letter for characters 2 to 13: each weighted by its position (2...13), a letter counting as its
    /// index in `alphabet`, the sum mod 23 mapped back through `alphabet`.
    public static func checkLetter(for body: some Collection<Character>) -> Character {
        var sum = 0
        for (index, char) in body.enumerated() {
            let value = char.wholeNumberValue ?? UPN.alphabet.firstIndex(of: char) ?? 0
            sum += value * (index + 2)
        }
        return UPN.alphabet[sum % 23]
    }

    /// A temporary UPN ends in a letter; a permanent one in a digit.
    public var isTemporary: Bool { !(self.value.last?.isASCIIDigit ?? false) }
    public var laNumber: String { String(Array(self.value)[1...3]) }
    public var establishmentNumber: String { String(Array(self.value)[4...7]) }
    public var yearOfAllocation: String { String(Array(self.value)[8...9]) }
    public var serial: String { String(Array(self.value)[10...12]) }
    public var description: String { self.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try UPN(text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description)
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.value)
    }
}

/// Why a UPN is not valid: each case names the rule it breaks.
public enum UPNError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(Int)
    case lowercase
    case badCheckCharacter(Character)
    case notADigit(field: String, position: Int, found: Character)
    case badLastCharacter(Character)
    case checkLetterMismatch(found: Character, expected: Character)

    public var description: String {
        switch self {
        case .wrongLength(let n):
            "a UPN has 13 characters, this has \(n)"
        case .lowercase:
            "a UPN is written in capital letters"
        case .badCheckCharacter(let c):
            "character 1 must be a check letter from ABCDEFGHJKLMNPQRTUVWXYZ, found '\(c)'"
        case .notADigit(let field, let position, let found):
            "character \(position) (\(field)) must be a digit, found '\(found)'"
        case .badLastCharacter(let c):
            "character 13 must be a digit, or a letter from ABCDEFGHJKLMNPQRTUVWXYZ for a temporary UPN, found '\(c)'"
        case .checkLetterMismatch(let found, let expected):
            "check letter is '\(found)' but characters 2-13 give '\(expected)'"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { self.isASCII && self.isNumber }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
