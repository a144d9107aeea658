import Crypto
import Foundation

/// Time-based one-time codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), the second factor for staff.
enum TOTP {
    static let stepSeconds: Int64 = 30

    /// A new 160-bit secret in base32 (what authenticator apps take).
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base32.encode((0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    static func step(at date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) / self.stepSeconds }

    /// The code of `step` for `secret`, or nil when the secret is not valid base32.
    static func code(secret: String, step: Int64, digits: Int = 6) -> String? {
        guard let key = Base32.decode(secret) else { return nil }
        var counter = step.bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(value % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The step a code belongs to, accepting one step of clock drift either side, if it is later than
    /// `lastStep` (a code once used cannot be used again).
    static func verify(_ code: String, secret: String, at date: Date, after lastStep: Int64?) -> Int64? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let now = self.step(at: date)
        for step in [now - 1, now, now + 1] where step > (lastStep ?? .min) {
            if let expected = self.code(secret: secret, step: step),
                Array(expected.utf8).constantTimeEquals(Array(digits.utf8))
            {
                return step
            }
        }
        return nil
    }

    /// The `otpauth://` address an authenticator app reads.
    static func provisioningURI(secret: String, account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let issuerEncoded = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? "CME"
        let accountEncoded = account.addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        return "otpauth://totp/\(issuerEncoded):\(accountEncoded)?secret=\(secret)&issuer=\(issuerEncoded)"
    }
}

/// RFC 4648 base32 without padding.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(self.alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(self.alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return output
    }

    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased() where character != "=" && character != " " {
            guard let value = self.alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output.isEmpty ? nil : output
    }
}

extension Array where Element == UInt8 {
    /// Compares without an early exit, so that timing does not reveal how much of a secret matched.
    func constantTimeEquals(_ other: [UInt8]) -> Bool {
        guard self.count == other.count else { return false }
        var difference: UInt8 = 0
        for index in self.indices { difference |= self[index] ^ other[index] }
        return difference == 0
    }
}
