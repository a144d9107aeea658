/// A coding key for any string, used to see every key a file actually contains.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// A keyed container that refuses keys `Keys` does not list, naming the key and what is allowed.
    ///
    /// Policy files are edited by people: a misspelt key must be an error, never silently ignored.
    func strictContainer<Keys: CodingKey & CaseIterable>(keyedBy: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let all = try self.container(keyedBy: AnyKey.self)
        let allowed = Keys.allCases.map(\.stringValue)
        for key in all.allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: self.codingPath + [key],
                    debugDescription:
                        "unknown key '\(key.stringValue)'; allowed here: \(allowed.joined(separator: ", "))"
                )
            )
        }
        return try self.container(keyedBy: Keys.self)
    }
}

extension KeyedDecodingContainer {
    /// Decodes a string-valued enum, naming the allowed values when the file has another.
    func decodeChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T
    where T.RawValue == String {
        let raw = try self.decode(String.self, forKey: key)
        guard let value = T(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: self,
                debugDescription:
                    "unknown value '\(raw)'; allowed: \(T.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return value
    }

    func decodeChoiceIfPresent<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T?
    where T.RawValue == String {
        guard self.contains(key) else { return nil }
        return try self.decodeChoice(type, forKey: key)
    }

    /// Decodes a list of string-valued enums, naming the item and the allowed values on a bad one.
    func decodeChoices<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> [T]
    where T.RawValue == String {
        guard self.contains(key) else { return [] }
        let raws = try self.decode([String].self, forKey: key)
        return try raws.enumerated().map { index, raw in
            guard let value = T(rawValue: raw) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: self.codingPath + [key, AnyKey(intValue: index)!],
                        debugDescription:
                            "unknown value '\(raw)'; allowed: \(T.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                )
            }
            return value
        }
    }

    /// Fails with a message that names the key.
    func invalid(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
    }

    /// A non-empty string.
    func decodeText(forKey key: Key) throws -> String {
        let text = try self.decode(String.self, forKey: key)
        guard !text.trimmingSpaces.isEmpty else { throw self.invalid(key, "must not be empty") }
        return text
    }
}
