// The letter rules of Double Metaphone for C to R, in the order of the published algorithm. The comments name the
// example words the rules were written for.

extension DoubleMetaphoneEncoder {
    mutating func letterC() {
        let c = self.current
        // Germanic "-ach-" as in "bacher", "macher", but not "-achi-" or "-ache-".
        if c > 1, !self.isVowel(c - 2), self.at(c - 1, "ACH"), self.char(c + 2) != UInt8(ascii: "I"),
            self.char(c + 2) != UInt8(ascii: "E") || self.at(c - 2, "BACHER", "MACHER")
        {
            self.add("K")
            self.current += 2
            return
        }
        if c == 0 && self.at(c, "CAESAR") {
            self.add("S")
            self.current += 2
            return
        }
        // Italian "chianti".
        if self.at(c, "CHIA") {
            self.add("K")
            self.current += 2
            return
        }
        if self.at(c, "CH") {
            self.letterCH()
            return
        }
        // "czerny", but not "-wicz".
        if self.at(c, "CZ") && !self.at(c - 2, "WICZ") {
            self.add("S", "X")
            self.current += 2
            return
        }
        // "focaccia".
        if self.at(c + 1, "CIA") {
            self.add("X")
            self.current += 3
            return
        }
        // Double C, but not "McClellan".
        if self.at(c, "CC") && !(c == 1 && self.char(0) == UInt8(ascii: "M")) {
            // "bellocchio" but not "bacchus".
            if self.at(c + 2, "I", "E", "H") && !self.at(c + 2, "HU") {
                // "accident", "accede", "succeed".
                if (c == 1 && self.char(c - 1) == UInt8(ascii: "A")) || self.at(c - 1, "UCCEE", "UCCES") {
                    self.add("KS")
                } else {
                    // "bacci", "bertucci".
                    self.add("X")
                }
                self.current += 3
            } else {
                // Pierce's rule.
                self.add("K")
                self.current += 2
            }
            return
        }
        if self.at(c, "CK", "CG", "CQ") {
            self.add("K")
            self.current += 2
            return
        }
        if self.at(c, "CI", "CE", "CY") {
            // Italian against English.
            if self.at(c, "CIO", "CIE", "CIA") { self.add("S", "X") } else { self.add("S") }
            self.current += 2
            return
        }
        self.add("K")
        // "mac caffrey", "mac gregor".
        if self.at(c + 1, " C", " Q", " G") {
            self.current += 3
        } else if self.at(c + 1, "C", "K", "Q") && !self.at(c + 1, "CE", "CI") {
            self.current += 2
        } else {
            self.current += 1
        }
    }

    private mutating func letterCH() {
        let c = self.current
        // "michael".
        if c > 0 && self.at(c, "CHAE") {
            self.add("K", "X")
            self.current += 2
            return
        }
        // Greek roots: "chemistry", "chorus", but not "chore".
        if c == 0, self.at(c + 1, "HARAC", "HARIS") || self.at(c + 1, "HOR", "HYM", "HIA", "HEM"),
            !self.at(0, "CHORE")
        {
            self.add("K")
            self.current += 2
            return
        }
        // Germanic, Greek, or otherwise "ch" for "kh": "architect" but not "arch", "orchestra", "orchid";
        // "wachtler", "wechsler", but not "tichner".
        let germanic = self.at(0, "VAN ", "VON ") || self.at(0, "SCH")
        let greek = self.at(c - 2, "ORCHES", "ARCHIT", "ORCHID")
        let beforeTS = self.at(c + 2, "T", "S")
        let hard =
            (self.at(c - 1, "A", "O", "U", "E") || c == 0)
            && self.at(c + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ")
        if germanic || greek || beforeTS || hard {
            self.add("K")
        } else if c > 0 {
            // "McHugh".
            if self.at(0, "MC") { self.add("K") } else { self.add("X", "K") }
        } else {
            self.add("X")
        }
        self.current += 2
    }

    mutating func letterD() {
        let c = self.current
        if self.at(c, "DG") {
            if self.at(c + 2, "I", "E", "Y") {
                // "edge".
                self.add("J")
                self.current += 3
            } else {
                // "edgar".
                self.add("TK")
                self.current += 2
            }
            return
        }
        self.add("T")
        self.current += self.at(c, "DT", "DD") ? 2 : 1
    }

    mutating func letterG() {
        let c = self.current
        if self.char(c + 1) == UInt8(ascii: "H") {
            self.letterGH()
            return
        }
        if self.char(c + 1) == UInt8(ascii: "N") {
            if c == 1 && self.isVowel(0) && !self.slavoGermanic {
                self.add("KN", "N")
            } else if !self.at(c + 2, "EY") && self.char(c + 1) != UInt8(ascii: "Y") && !self.slavoGermanic {
                // Not "cagney".
                self.add("N", "KN")
            } else {
                self.add("KN")
            }
            self.current += 2
            return
        }
        // "tagliaro".
        if self.at(c + 1, "LI") && !self.slavoGermanic {
            self.add("KL", "L")
            self.current += 2
            return
        }
        // -ges-, -gep-, -gel-, -gie- at the beginning.
        if c == 0,
            self.char(c + 1) == UInt8(ascii: "Y")
                || self.at(c + 1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")
        {
            self.add("K", "J")
            self.current += 2
            return
        }
        // -ger-, -gy-.
        if self.at(c + 1, "ER") || self.char(c + 1) == UInt8(ascii: "Y"), !self.at(0, "DANGER", "RANGER", "MANGER"),
            !self.at(c - 1, "E", "I"), !self.at(c - 1, "RGY", "OGY")
        {
            self.add("K", "J")
            self.current += 2
            return
        }
        // Italian "biaggi".
        if self.at(c + 1, "E", "I", "Y") || self.at(c - 1, "AGGI", "OGGI") {
            if self.at(0, "VAN ", "VON ") || self.at(0, "SCH") || self.at(c + 1, "ET") {
                // Obviously Germanic.
                self.add("K")
            } else if self.at(c + 1, "IER ") {
                // Always soft with a French ending.
                self.add("J")
            } else {
                self.add("J", "K")
            }
            self.current += 2
            return
        }
        self.current += self.char(c + 1) == UInt8(ascii: "G") ? 2 : 1
        self.add("K")
    }

    private mutating func letterGH() {
        let c = self.current
        if c > 0 && !self.isVowel(c - 1) {
            self.add("K")
            self.current += 2
            return
        }
        // "ghislane", "ghiradelli".
        if c == 0 {
            if self.char(c + 2) == UInt8(ascii: "I") { self.add("J") } else { self.add("K") }
            self.current += 2
            return
        }
        // Parker's rule, with refinements: "hugh", "bough", "broughton".
        if (c > 1 && self.at(c - 2, "B", "H", "D")) || (c > 2 && self.at(c - 3, "B", "H", "D"))
            || (c > 3 && self.at(c - 4, "B", "H"))
        {
            self.current += 2
            return
        }
        // "laugh", "McLaughlin", "cough", "gough", "rough", "tough".
        if c > 2 && self.char(c - 1) == UInt8(ascii: "U") && self.at(c - 3, "C", "G", "L", "R", "T") {
            self.add("F")
        } else if c > 0 && self.char(c - 1) != UInt8(ascii: "I") {
            self.add("K")
        }
        self.current += 2
    }

    mutating func letterH() {
        let c = self.current
        // Kept only first or between vowels, and before a vowel; this also skips "hh".
        if (c == 0 || self.isVowel(c - 1)) && self.isVowel(c + 1) {
            self.add("H")
            self.current += 2
        } else {
            self.current += 1
        }
    }

    mutating func letterJ() {
        let c = self.current
        // Obviously Spanish: "jose", "san jacinto".
        if self.at(c, "JOSE") || self.at(0, "SAN ") {
            if (c == 0 && self.char(c + 4) == UInt8(ascii: " ")) || self.at(0, "SAN ") {
                self.add("H")
            } else {
                self.add("J", "H")
            }
            self.current += 1
            return
        }
        if c == 0 && !self.at(c, "JOSE") {
            // "Yankelovich" and "Jankelowicz".
            self.add("J", "A")
        } else if self.isVowel(c - 1) && !self.slavoGermanic
            && (self.char(c + 1) == UInt8(ascii: "A") || self.char(c + 1) == UInt8(ascii: "O"))
        {
            // Spanish "bajador".
            self.add("J", "H")
        } else if c == self.last {
            self.add("J", " ")
        } else if !self.at(c + 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !self.at(c - 1, "S", "K", "L") {
            self.add("J")
        }
        self.current += self.char(c + 1) == UInt8(ascii: "J") ? 2 : 1
    }

    mutating func letterL() {
        let c = self.current
        guard self.char(c + 1) == UInt8(ascii: "L") else {
            self.current += 1
            self.add("L")
            return
        }
        // Spanish "cabrillo", "gallegos".
        if (c == self.length - 3 && self.at(c - 1, "ILLO", "ILLA", "ALLE"))
            || ((self.at(self.last - 1, "AS", "OS") || self.at(self.last, "A", "O")) && self.at(c - 1, "ALLE"))
        {
            self.add("L", " ")
            self.current += 2
            return
        }
        self.current += 2
        self.add("L")
    }

    mutating func letterM() {
        let c = self.current
        // "dumb", "thumb".
        let silentB = self.at(c - 1, "UMB") && (c + 1 == self.last || self.at(c + 2, "ER"))
        self.current += silentB || self.char(c + 1) == UInt8(ascii: "M") ? 2 : 1
        self.add("M")
    }

    mutating func letterP() {
        let c = self.current
        if self.char(c + 1) == UInt8(ascii: "H") {
            self.add("F")
            self.current += 2
            return
        }
        // "campbell", "raspberry".
        self.current += self.at(c + 1, "P", "B") ? 2 : 1
        self.add("P")
    }

    mutating func letterR() {
        let c = self.current
        // French "rogier", but not "hochmeier".
        if c == self.last && !self.slavoGermanic && self.at(c - 2, "IE") && !self.at(c - 4, "ME", "MA") {
            self.add("", "R")
        } else {
            self.add("R")
        }
        self.current += self.char(c + 1) == UInt8(ascii: "R") ? 2 : 1
    }
}
