import Foundation

/// Writes CSV: fields that hold a comma, a quote or a line break are quoted, quotes doubled (RFC 4180).
public enum CSVWriter {
    public static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func row(_ fields: [String]) -> String {
        fields.map(Self.field).joined(separator: ",")
    }
}

extension MatchCSV {
    /// The output header.
    public static let header = "lost_id,roll_id,score,band,evidence"

    /// One output row (no line break): the score to four decimal places and the readable evidence summary.
    public static func row(_ match: Match) -> String {
        CSVWriter.row([match.lostID, match.rollID, Self.score(match.score), match.band.rawValue, match.summary])
    }

    /// The whole output file, header first, one line per match, each ending in a line break.
    public static func write(_ matches: [Match]) -> String {
        var text = Self.header + "\n"
        for match in matches { text += Self.row(match) + "\n" }
        return text
    }

    /// `0.9731`: fixed four decimals without Foundation formatting, which is slow over a million rows.
    static func score(_ value: Double) -> String {
        let scaled = Int((min(max(value, 0), 1) * 10_000).rounded())
        let whole = scaled / 10_000
        let fraction = String(scaled % 10_000)
        return "\(whole)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}

/// The match output CSV: `lost_id, roll_id, score, band, evidence`.
public enum MatchCSV {}

extension PupilCSV {
    /// Pupil records as CSV with every column, header first (the generator writes its populations with this).
    public static func write(_ records: [PupilRecord]) -> String {
        var text = CSVWriter.row(PupilRecord.Column.allCases.map(\.rawValue)) + "\n"
        for record in records {
            text += CSVWriter.row(PupilRecord.Column.allCases.map { record[$0] ?? "" }) + "\n"
        }
        return text
    }
}
