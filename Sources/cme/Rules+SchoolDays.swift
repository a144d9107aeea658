import ArgumentParser
import CMECore

extension DayKind: ExpressibleByArgument {}

/// `cme rules school-days --policy ID --from DATE --add N` (or `--through DATE` to count).
struct SchoolDaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "school-days",
        abstract: "School-day (or working-day) arithmetic on a policy's calendar.",
        discussion: """
            --add N prints the day N school days after --from (--from itself not counted; N = 0 gives --from, or \
            the next school day). --nth N prints the Nth school day of a run starting on --from. --through DATE \
            prints how many school days lie from --from to DATE inclusive.
            """
    )

    @OptionGroup var policyDirectory: PolicyDirectoryOption

    @Option(help: "Policy id (see `cme policy list`).")
    var policy: String

    @Option(help: "Start day, YYYY-MM-DD.")
    var from: String

    @Option(help: "Number of days to add.")
    var add: Int?

    @Option(help: "Which day of a run to find (1 = --from if it counts).")
    var nth: Int?

    @Option(help: "Count days from --from through this day.")
    var through: String?

    @Option(help: "Which days count: school, working or calendar.")
    var kind: DayKind = .school

    func validate() throws {
        let given = [self.add != nil, self.nth != nil, self.through != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --add N, --nth N or --through DATE") }
        if let add, add < 0 { throw ValidationError("--add must be 0 or more") }
        if let nth, nth < 1 { throw ValidationError("--nth must be 1 or more") }
    }

    func run() throws {
        let policy = try self.policyDirectory.load(self.policy)
        let from = try parseDay(self.from, option: "--from")
        let calendar = policy.calendar
        do {
            if let add {
                print(try calendar.add(add, self.kind, to: from))
            } else if let nth {
                print(try calendar.nth(nth, self.kind, from: from))
            } else if let through {
                print(try calendar.count(self.kind, from: from, through: try parseDay(through, option: "--through")))
            }
        } catch let error as CalendarError {
            throw error.failure
        }
    }
}
