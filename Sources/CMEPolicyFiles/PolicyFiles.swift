import CMECore
import Foundation
import Yams

/// A policy file that could not be loaded: which file, which key, and why.
public struct PolicyFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    /// Dotted path to the key, e.g. `clocks[2].length`; empty for the whole file.
    public var key: String
    public var reason: String

    public init(file: String, key: String, reason: String) {
        self.file = file
        self.key = key
        self.reason = reason
    }

    public var description: String { "\(self.file): \(self.key.isEmpty ? "" : "\(self.key): ")\(self.reason)" }
}

/// Reads local policy files (YAML) from disk into validated `Policy` values.
public enum PolicyFiles {
    /// The file extensions read as policies.
    public static let extensions = ["yaml", "yml"]

    /// Loads and validates one policy file.
    public static func load(file url: URL) throws -> Policy {
        let name = url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw PolicyFileError(file: name, key: "", reason: "cannot be read (\(Self.reason(error)))")
        }
        return try Self.parse(text, file: name)
    }

    /// Parses policy YAML; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> Policy {
        do {
            return try YAMLDecoder().decode(Policy.self, from: text)
        } catch let error as DecodingError {
            throw Self.describe(error, file: file)
        } catch let error as YamlError {
            throw PolicyFileError(file: file, key: "", reason: "is not valid YAML: \(Self.oneLine(error))")
        } catch {
            throw PolicyFileError(file: file, key: "", reason: Self.reason(error))
        }
    }

    /// Loads every policy in `directory`, sorted by id. Each file must be named after its id (`suffolk.yaml`).
    public static func loadAll(directory: URL) throws -> [Policy] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PolicyFileError(file: directory.path, key: "", reason: "is not a readable directory")
        }
        var policies: [Policy] = []
        for name in names.sorted() where Self.extensions.contains((name as NSString).pathExtension) {
            let url = directory.appendingPathComponent(name)
            let policy = try Self.load(file: url)
            let stem = (name as NSString).deletingPathExtension
            guard policy.id == stem else {
                throw PolicyFileError(
                    file: url.path,
                    key: "id",
                    reason: "is '\(policy.id)' but the file is named '\(name)'"
                )
            }
            policies.append(policy)
        }
        return policies.sorted { $0.id < $1.id }
    }

    /// The file of the policy `id` in `directory`, if there is one.
    public static func file(id: String, directory: URL) -> URL? {
        Self.extensions.map { directory.appendingPathComponent("\(id).\($0)") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Loads the policy `id` from `directory`, or says which ids exist.
    public static func load(id: String, directory: URL) throws -> Policy {
        if let url = Self.file(id: id, directory: directory) { return try Self.load(file: url) }
        let known = (try? Self.loadAll(directory: directory).map(\.id)) ?? []
        throw PolicyFileError(
            file: directory.path,
            key: "",
            reason: "has no policy '\(id)'; known: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
        )
    }

    /// Finds the policies directory: an explicit path, then `CME_POLICIES`, then `./policies`, then a `policies`
    /// folder above the running executable (so `.build/debug/cme` finds the repository's files).
    public static func locateDirectory(
        explicit: String?,
        environment: [String: String],
        currentDirectory: URL,
        executable: URL
    ) -> URL? {
        if let explicit { return URL(fileURLWithPath: explicit, relativeTo: currentDirectory).standardizedFileURL }
        if let env = environment["CME_POLICIES"], !env.isEmpty { return URL(fileURLWithPath: env) }
        var candidates = [currentDirectory.appendingPathComponent("policies")]
        var dir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("policies"))
            dir = dir.deletingLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    static func describe(_ error: DecodingError, file: String) -> PolicyFileError {
        switch error {
        case .keyNotFound(let key, let context):
            return PolicyFileError(
                file: file,
                key: Self.path(context.codingPath + [key]),
                reason: "is missing"
            )
        case .typeMismatch(let type, let context):
            return PolicyFileError(
                file: file,
                key: Self.path(context.codingPath),
                reason: "has the wrong type (expected \(Self.typeName(type)))"
            )
        case .valueNotFound(let type, let context):
            return PolicyFileError(
                file: file,
                key: Self.path(context.codingPath),
                reason: "is empty (expected \(Self.typeName(type)))"
            )
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? YamlError {
                return PolicyFileError(file: file, key: "", reason: "is not valid YAML: \(Self.oneLine(underlying))")
            }
            return PolicyFileError(file: file, key: Self.path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return PolicyFileError(file: file, key: "", reason: "\(error)")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "a list" : "a mapping of keys"
        }
    }

    /// Yams' messages quote the offending line with a caret; keep the reason to one line.
    static func oneLine(_ error: any Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.allSatisfy { $0 == "^" } }.joined(separator: "; ")
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? any CoreError { return error.description }
        return "\(error)"
    }
}
