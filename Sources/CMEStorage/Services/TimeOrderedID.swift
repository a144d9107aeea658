import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562, section 5.7): the milliseconds since 1970 of `date` (to the nearest, as the audit
    /// trail keeps time) in the first 48 bits, then the version, 74 random bits and the variant. Ids made one after
    /// another sort one after another (to the millisecond), so a new row's primary key and the foreign keys that
    /// point at it land at the end of their indexes, in pages the previous rows already touched, instead of on a
    /// random page of each index (ADR 0010).
    static func timeOrdered(at date: Date) -> UUID {
        let millis = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded()))
        var random = SystemRandomNumberGenerator()
        let high = random.next() as UInt64
        let low = random.next() as UInt64
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(
            uuid: (
                byte(millis, 40), byte(millis, 32), byte(millis, 24), byte(millis, 16), byte(millis, 8),
                byte(millis, 0), 0x70 | (byte(high, 0) & 0x0F), byte(high, 8), 0x80 | (byte(low, 0) & 0x3F),
                byte(low, 8), byte(low, 16), byte(low, 24), byte(low, 32), byte(low, 40), byte(low, 48),
                byte(low, 56)
            )
        )
    }
}
