import CMECore
import Foundation

/// The mistakes and changes that make two records of one child differ, applied at random.
enum Corruptions {
    /// One keying slip: a wrong, missing, doubled or swapped letter.
    static func typo(_ text: String, _ rng: inout SeededGenerator) -> String {
        var letters = Array(text)
        let positions = letters.indices.filter { letters[$0].isLetter }
        guard positions.count >= 3 else { return text }
        // Slips are rarer on the first letter.
        let at = positions[1 + Int(rng.next(below: UInt64(positions.count - 1)))]
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        switch rng.next(below: 4) {
        case 0:
            let replacement = alphabet[Int(rng.next(below: 26))]
            letters[at] = letters[at].isUppercase ? Character(replacement.uppercased()) : replacement
        case 1:
            letters.remove(at: at)
        case 2:
            letters.insert(letters[at], at: at)
        default:
            if at + 1 < letters.count && letters[at + 1].isLetter {
                letters.swapAt(at, at + 1)
            } else {
                letters.swapAt(at - 1, at)
            }
        }
        return String(letters)
    }

    /// Another name from the variant table, capitalised: a nickname or a spelling variant, or only a spelling
    /// variant when `spellingOnly` (surnames).
    static func variant(_ name: String, _ rng: inout SeededGenerator, spellingOnly: Bool = false) -> String? {
        let options = NameVariants.variants(of: name, kind: spellingOnly ? .spelling : nil)
        guard !options.isEmpty else { return nil }
        return Self.capitalised(options[Int(rng.next(below: UInt64(options.count)))])
    }

    static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    /// An address as another source writes it: abbreviated, without the town, or in capitals.
    static func reformat(_ address: String, _ rng: inout SeededGenerator) -> String {
        var text = address
        switch rng.next(below: 3) {
        case 0:
            for (full, short) in Places.abbreviations { text = text.replacingOccurrences(of: full, with: short) }
        case 1:
            if let comma = text.lastIndex(of: ",") { text = String(text[..<comma]) }
        default:
            text = text.uppercased()
        }
        return text
    }

    /// One character of the inward code changed ("IP1 2BX" to "IP1 2BZ").
    static func postcodeTypo(_ postcode: String, _ rng: inout SeededGenerator) -> String {
        var letters = Array(postcode)
        guard letters.count >= 3 else { return postcode }
        let at = letters.count - 1 - Int(rng.next(below: 3))
        if letters[at].isNumber {
            letters[at] = Character(String((letters[at].wholeNumberValue! + 1 + Int(rng.next(below: 8))) % 10))
        } else {
            letters[at] = Places.unitLetters[Int(rng.next(below: UInt64(Places.unitLetters.count)))]
        }
        return String(letters)
    }

    /// One digit of a date of birth changed, keeping a real date.
    static func dobDigit(_ day: Day, _ rng: inout SeededGenerator) -> Day {
        for _ in 0..<10 {
            var digits = Array(String(format: "%04d%02d%02d", day.year, day.month, day.day))
            // Year digits other than the last rarely change by mistake in children's dates.
            let at = [3, 5, 6, 7][Int(rng.next(below: 4))]
            let old = digits[at].wholeNumberValue!
            digits[at] = Character(String((old + 1 + Int(rng.next(below: 9))) % 10))
            let text = String(digits)
            if let y = Int(text.prefix(4)), let m = Int(text.dropFirst(4).prefix(2)), let d = Int(text.suffix(2)),
                let changed = Day(year: y, month: m, day: d)
            {
                return changed
            }
        }
        return day.adding(days: 10)
    }
}
