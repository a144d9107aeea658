import ArgumentParser
import CMECore
import CMEPolicyFiles
import Foundation

/// `--policies DIR`, shared by every command that reads policy files.
struct PolicyDirectoryOption: ParsableArguments {
    @Option(name: .long, help: "Directory of policy files (default: $CME_POLICIES, ./policies, or the repository's).")
    var policies: String?

    func directory() throws -> URL {
        let found = PolicyFiles.locateDirectory(
            explicit: self.policies,
            environment: ProcessInfo.processInfo.environment,
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            executable: URL(fileURLWithPath: CommandLine.arguments[0])
        )
        guard let found else { throw Failure("no policies directory found: pass --policies DIR or set CME_POLICIES") }
        return found
    }

    func load(_ id: String) throws -> Policy {
        do {
            return try PolicyFiles.load(id: id, directory: try self.directory())
        } catch let error as PolicyFileError {
            throw Failure(error.description)
        }
    }
}

/// Today in England: the one place the command line reads the wall clock, before handing the day to the core.
func todayInEngland() -> Day { localNowInEngland().day }

func localNowInEngland() -> LocalDateTime {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date())
    let day = Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    return LocalDateTime(day: day, hour: parts.hour!, minute: parts.minute!)
}

/// Parses a command-line date, failing with a one-line reason that names the option.
func parseDay(_ text: String, option: String) throws -> Day {
    do {
        return try Day(iso: text)
    } catch {
        throw Failure("\(option): \(error.description)")
    }
}

func parseInstant(_ text: String, option: String) throws -> LocalDateTime {
    do {
        return try LocalDateTime(iso: text)
    } catch {
        throw Failure("\(option): \(error.description)")
    }
}

/// A JSON value for command output: objects keep their keys in the order given (JSONEncoder does not).
enum JSON {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case object([(String, JSON)])

    var text: String {
        switch self {
        case .string(let s): JSON.quote(s)
        case .int(let n): String(n)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .object(let pairs): "{" + pairs.map { "\(JSON.quote($0.0)):\($0.1.text)" }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension CalendarError {
    var failure: Failure { Failure(self.description) }
}
