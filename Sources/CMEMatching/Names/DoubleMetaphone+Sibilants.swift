// The letter rules of Double Metaphone for S, T, W, X and Z.

extension DoubleMetaphoneEncoder {
    mutating func letterS() {
        let c = self.current
        // "island", "isle", "carlisle", "carlysle".
        if self.at(c - 1, "ISL", "YSL") {
            self.current += 1
            return
        }
        // "sugar-".
        if c == 0 && self.at(c, "SUGAR") {
            self.add("X", "S")
            self.current += 1
            return
        }
        if self.at(c, "SH") {
            // Germanic.
            if self.at(c + 1, "HEIM", "HOEK", "HOLM", "HOLZ") { self.add("S") } else { self.add("X") }
            self.current += 2
            return
        }
        // Italian and Armenian.
        if self.at(c, "SIO", "SIA") || self.at(c, "SIAN") {
            if self.slavoGermanic { self.add("S") } else { self.add("S", "X") }
            self.current += 3
            return
        }
        // German and anglicisations ("smith" and "schmidt", "snider" and "schneider"); also -sz- in Slavic.
        if (c == 0 && self.at(c + 1, "M", "N", "L", "W")) || self.at(c + 1, "Z") {
            self.add("S", "X")
            self.current += self.at(c + 1, "Z") ? 2 : 1
            return
        }
        if self.at(c, "SC") {
            self.letterSC()
            return
        }
        // French "resnais", "artois".
        if c == self.last && self.at(c - 2, "AI", "OI") { self.add("", "S") } else { self.add("S") }
        self.current += self.at(c + 1, "S", "Z") ? 2 : 1
    }

    private mutating func letterSC() {
        let c = self.current
        // Schlesinger's rule.
        if self.char(c + 2) == UInt8(ascii: "H") {
            // Dutch "school", "schooner"; "schermerhorn", "schenker".
            if self.at(c + 3, "OO", "ER", "EN", "UY", "ED", "EM") {
                if self.at(c + 3, "ER", "EN") { self.add("X", "SK") } else { self.add("SK") }
            } else if c == 0 && !self.isVowel(3) && self.char(3) != UInt8(ascii: "W") {
                self.add("X", "S")
            } else {
                self.add("X")
            }
            self.current += 3
            return
        }
        if self.at(c + 2, "I", "E", "Y") { self.add("S") } else { self.add("SK") }
        self.current += 3
    }

    mutating func letterT() {
        let c = self.current
        if self.at(c, "TION") {
            self.add("X")
            self.current += 3
            return
        }
        if self.at(c, "TIA", "TCH") {
            self.add("X")
            self.current += 3
            return
        }
        if self.at(c, "TH") || self.at(c, "TTH") {
            // "thomas", "thames", or Germanic.
            if self.at(c + 2, "OM", "AM") || self.at(0, "VAN ", "VON ") || self.at(0, "SCH") {
                self.add("T")
            } else {
                self.add("0", "T")
            }
            self.current += 2
            return
        }
        self.current += self.at(c + 1, "T", "D") ? 2 : 1
        self.add("T")
    }

    mutating func letterW() {
        let c = self.current
        // "wr" may also come in the middle of a word.
        if self.at(c, "WR") {
            self.add("R")
            self.current += 2
            return
        }
        if c == 0 && (self.isVowel(c + 1) || self.at(c, "WH")) {
            // "Wasserman" should match "Vasserman"; "Uomo" should match "Womo".
            if self.isVowel(c + 1) { self.add("A", "F") } else { self.add("A") }
        }
        // "Arnow" should match "Arnoff".
        if (c == self.last && self.isVowel(c - 1)) || self.at(c - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY")
            || self.at(0, "SCH")
        {
            self.add("", "F")
            self.current += 1
            return
        }
        // Polish "filipowicz".
        if self.at(c, "WICZ", "WITZ") {
            self.add("TS", "FX")
            self.current += 4
            return
        }
        self.current += 1
    }

    mutating func letterX() {
        let c = self.current
        // French "breaux".
        if !(c == self.last && (self.at(c - 3, "IAU", "EAU") || self.at(c - 2, "AU", "OU"))) {
            self.add("KS")
        }
        self.current += self.at(c + 1, "C", "X") ? 2 : 1
    }

    mutating func letterZ() {
        let c = self.current
        // Chinese pinyin "zhao".
        if self.char(c + 1) == UInt8(ascii: "H") {
            self.add("J")
            self.current += 2
            return
        }
        if self.at(c + 1, "ZO", "ZI", "ZA") || (self.slavoGermanic && c > 0 && self.char(c - 1) != UInt8(ascii: "T")) {
            self.add("S", "TS")
        } else {
            self.add("S")
        }
        self.current += self.char(c + 1) == UInt8(ascii: "Z") ? 2 : 1
    }
}
