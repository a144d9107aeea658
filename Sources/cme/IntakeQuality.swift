import ArgumentParser
import CMEMatching

/// `cme intake-quality --known N --referrals M [--seed S] [--errors standard|hard|measured] [--threshold P]`: how intake's decision fares on a synthetic population
/// (issue 18's intake goals): the roll stands for the children already known, the lost records for new referrals.
struct IntakeQualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake-quality",
        abstract:
            "Measure intake's duplicate decision on a seeded synthetic population (attach, queue, second record).",
        shouldDisplay: false
    )

    @Option(help: "Children already known.")
    var known: Int = 20_000

    @Option(help: "Referrals to take in (most about known children; the rest siblings, twins and new families).")
    var referrals: Int = 5000

    @Option(help: "Seed: the same seed gives the same population.")
    var seed: UInt64 = 1

    @Option(
        help: "How referrals differ from known records: standard, hard (stacked errors) or measured (a cohort's rates)."
    )
    var errors: SyntheticErrors = .standard

    @Option(help: "The probability from which intake attaches (intake's own, 0.9, unless given), to measure another.")
    var threshold: Double = IntakeDecision.matchThreshold

    func validate() throws {
        guard (1...5_000_000).contains(self.known), (1...1_000_000).contains(self.referrals) else {
            throw ValidationError("--known must be 1 to 5,000,000 and --referrals 1 to 1,000,000")
        }
    }

    func run() throws {
        let population = SyntheticPopulation.generate(
            rollSize: self.known,
            lostSize: self.referrals,
            seed: self.seed,
            errors: self.errors
        )
        print(
            "known \(self.known), referrals \(self.referrals), seed \(self.seed), errors \(self.errors.rawValue), "
                + "attach from probability \(self.threshold)"
        )
        print(IntakeQuality.measure(population, threshold: self.threshold))
    }
}
