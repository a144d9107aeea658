import ArgumentParser
import CMEMatching
import Foundation

/// `cme match --roll ROLL.csv --lost LOST.csv --out MATCHES.csv [--threshold P] [--best-only]`.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Search lost pupils against a roll: explainable record linkage (Suffolk 11.7).",
        discussion: """
            Both CSVs have a header; columns are found by name in any order and extra columns are ignored: \
            record_id, upn, forename, middle_names, surname, preferred_surname, former_surname, dob (YYYY-MM-DD or \
            DD/MM/YYYY), gender, ethnicity, postcode, address, school_urn, parent_name. record_id, forename, surname \
            and dob are required columns. The output has lost_id, roll_id, score (match probability 0-1), band \
            (match, possible) and evidence. A malformed row is reported with its line number and skipped.
            """
    )

    @Option(help: "The roll (the LA's pupils).")
    var roll: String

    @Option(help: "The lost-pupil records to search for.")
    var lost: String

    @Option(help: "Where to write the matches.")
    var out: String

    @Option(help: "Probability at or above which a pair is a match (0-1).")
    var threshold: Double = 0.9

    @Flag(help: "At most one row (the best) per lost record.")
    var bestOnly = false

    @Flag(help: "Print how long each stage took on standard error (for benchmarks).")
    var timings = false

    @Option(help: ArgumentHelp("Largest block compared before its refined key is used (tuning).", visibility: .hidden))
    var blockCap: Int = LinkOptions().blockCap

    @Option(help: ArgumentHelp("Lost records whose candidates train m (tuning).", visibility: .hidden))
    var trainingRecords: Int = LinkOptions().trainingRecords

    @Option(help: ArgumentHelp("Best candidates of each training record that train m (tuning).", visibility: .hidden))
    var trainingCandidates: Int = LinkOptions().trainingCandidates

    @Option(help: ArgumentHelp("Random pairs for u (tuning).", visibility: .hidden))
    var randomPairs: Int = LinkOptions().randomPairs

    func validate() throws {
        guard (0...1).contains(self.threshold) else { throw ValidationError("--threshold must be from 0 to 1") }
        guard self.blockCap >= 1, self.trainingRecords >= 1, self.randomPairs >= 1, self.trainingCandidates >= 1 else {
            throw ValidationError(
                "--block-cap, --training-records, --training-candidates and --random-pairs must be at least 1"
            )
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let reading = clock.now
        let roll = try Self.readForLinking(self.roll, option: "--roll")
        let lost = try Self.readForLinking(self.lost, option: "--lost")
        let started = clock.now
        var options = LinkOptions()
        options.blockCap = self.blockCap
        options.trainingRecords = self.trainingRecords
        options.trainingCandidates = self.trainingCandidates
        options.randomPairs = self.randomPairs
        let run = Linker(options: options).run(
            roll: roll.input,
            lost: lost.input,
            threshold: self.threshold,
            bestOnly: self.bestOnly
        )
        let matches = run.matches
        let linked = clock.now
        do {
            try MatchCSV.write(matches).write(toFile: self.out, atomically: true, encoding: .utf8)
        } catch {
            throw Failure("--out: cannot write \(self.out)")
        }
        let seconds = Self.seconds(clock.now - started)
        if self.timings {
            var lines = ["read: \(Self.format(Self.seconds(started - reading)))"]
            lines += run.stages.map { "\($0.name): \(Self.format($0.seconds))" }
            lines.append("write: \(Self.format(Self.seconds(clock.now - linked)))")
            lines.append("candidate pairs: \(run.candidatePairs)")
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        let matched = Set(matches.filter { $0.band == .match }.map(\.lostID)).count
        print(
            "\(roll.input.count) roll and \(lost.input.count) lost records: \(matches.count) pairs written, "
                + "\(matched) lost records matched at \(self.threshold) (\(String(format: "%.2f", seconds)) s)"
        )
        // The inputs are not freed record by record on the way out: for a million-row roll that took a fifth of a
        // second, and the process is about to end, which returns all of its memory at once.
        _ = Unmanaged.passRetained(KeptUntilExit(value: (roll, lost)))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f s", seconds) }

    /// Reads one input, reporting each skipped row on standard error and their count on standard output.
    static func read(_ path: String, option: String) throws -> PupilCSV.ReadResult {
        try Self.read(path, option: option, with: PupilCSV.read(contentsOf:), skipped: \.skipped)
    }

    /// `read`, straight into records prepared for linking.
    static func readForLinking(_ path: String, option: String) throws -> PupilCSV.LinkRead {
        try Self.read(path, option: option, with: PupilCSV.readForLinking(contentsOf:), skipped: \.skipped)
    }

    private static func read<Result>(
        _ path: String,
        option: String,
        with read: (URL) throws(PupilCSVError) -> Result,
        skipped: (Result) -> [PupilCSV.SkippedRow]
    ) throws -> Result {
        let result: Result
        do {
            result = try read(URL(fileURLWithPath: path))
        } catch {
            throw Failure("\(option) \(path): \(error)")
        }
        let rows = skipped(result)
        for row in rows {
            FileHandle.standardError.write(Data("\(path): \(row)\n".utf8))
        }
        if !rows.isEmpty { print("\(path): skipped \(rows.count) malformed row(s)") }
        return result
    }
}

/// `cme synth --roll N --lost M --out DIR [--seed S] [--errors standard|hard|measured]`: a synthetic population with ground
/// truth, for benchmarks.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a seeded synthetic pupil population: roll.csv, lost.csv and truth.csv (lost_id,roll_id).",
        shouldDisplay: false
    )

    @Option(help: "Roll size.")
    var roll: Int = 100_000

    @Option(help: "Lost records.")
    var lost: Int = 5000

    @Option(help: "Seed: the same seed gives the same population.")
    var seed: UInt64 = 1

    @Option(
        help: "How lost records differ from the roll: standard, hard (stacked errors) or measured (a cohort's rates)."
    )
    var errors: SyntheticErrors = .standard

    @Option(help: "Directory to write into.")
    var out: String

    func validate() throws {
        // England's school census is about 9 million pupils: a national roll fits.
        guard (1...10_000_000).contains(self.roll), (1...1_000_000).contains(self.lost) else {
            throw ValidationError("--roll must be 1 to 10,000,000 and --lost 1 to 1,000,000")
        }
    }

    func run() throws {
        let population = SyntheticPopulation.generate(
            rollSize: self.roll,
            lostSize: self.lost,
            seed: self.seed,
            errors: self.errors
        )
        let directory = URL(fileURLWithPath: self.out)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try PupilCSV.write(population.roll).write(
                to: directory.appendingPathComponent("roll.csv"),
                atomically: true,
                encoding: .utf8
            )
            try PupilCSV.write(population.lost).write(
                to: directory.appendingPathComponent("lost.csv"),
                atomically: true,
                encoding: .utf8
            )
            var truth = "lost_id,roll_id\n"
            for record in population.lost { truth += "\(record.recordID),\(population.truth[record.recordID] ?? "")\n" }
            try truth.write(to: directory.appendingPathComponent("truth.csv"), atomically: true, encoding: .utf8)
        } catch {
            throw Failure("--out: cannot write into \(self.out)")
        }
        print(
            "wrote \(population.roll.count) roll, \(population.lost.count) lost (\(population.truth.count) on the roll) to \(self.out)"
        )
    }
}

extension SyntheticErrors: ExpressibleByArgument {}

/// Holds a value for the rest of the process (see `MatchCommand.run`).
private final class KeptUntilExit<Value>: @unchecked Sendable {
    let value: Value
    init(value: Value) { self.value = value }
}
