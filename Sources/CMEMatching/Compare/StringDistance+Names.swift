extension StringDistance {
    /// An upper bound on `jaroWinkler(a, b)` from letters alone, in constant time: each distinct letter of one name
    /// that the other lacks rules out at least one of its positions, and the prefix bonus is at most four letters.
    /// Most pairs of unrelated names fall below 0.85 here, which saves the full comparison.
    static func jaroWinklerBound(_ a: NameInfo, _ b: NameInfo) -> Double {
        let n = Int(a.length)
        let m = Int(b.length)
        guard n > 0 && m > 0 else { return n == m ? 1 : 0 }
        let most = Double(
            min(n - (a.letterMask & ~b.letterMask).nonzeroBitCount, m - (b.letterMask & ~a.letterMask).nonzeroBitCount)
        )
        if most <= 0 { return 0 }
        let jaro = (most / Double(n) + most / Double(m) + 1) / 3
        return jaro + 0.4 * (1 - jaro)
    }

    /// Jaro-Winkler over two prepared names, without allocating: the same result as `jaroWinkler(_:_:)` on their
    /// letters (at most 32), which it must match.
    static func jaroWinkler(_ a: NameInfo, _ b: NameInfo) -> Double {
        let n = Int(a.length)
        let m = Int(b.length)
        if n == 0 && m == 0 { return 1 }
        if n == 0 || m == 0 { return 0 }
        let window = max(0, max(n, m) / 2 - 1)
        var aMatched: UInt32 = 0
        var bMatched: UInt32 = 0
        var matches = 0
        for i in 0..<n {
            let lo = max(0, i - window)
            let hi = min(m - 1, i + window)
            if lo > hi { continue }
            let letter = a.letters[i]
            for j in lo...hi where bMatched & (1 << UInt32(j)) == 0 && b.letters[j] == letter {
                aMatched |= 1 << UInt32(i)
                bMatched |= 1 << UInt32(j)
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var k = 0
        for i in 0..<n where aMatched & (1 << UInt32(i)) != 0 {
            while bMatched & (1 << UInt32(k)) == 0 { k += 1 }
            if a.letters[i] != b.letters[k] { transpositions += 1 }
            k += 1
        }
        let mm = Double(matches)
        let jaro = (mm / Double(n) + mm / Double(m) + (mm - Double(transpositions / 2)) / mm) / 3
        var prefix = 0
        while prefix < min(4, n, m) && a.letters[prefix] == b.letters[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
