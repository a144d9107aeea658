import Foundation
import Testing

@testable import CMEStorage

/// New rows on the intake, timeline and audit paths take version 7 UUIDs (RFC 9562, section 5.7; ADR 0010), so that
/// their keys land at the end of each index instead of on a random page of it.
@Suite("Time-ordered ids")
struct TimeOrderedIDTests {
    static func bytes(_ id: UUID) -> [UInt8] { withUnsafeBytes(of: id.uuid) { Array($0) } }

    @Test("The first 48 bits are the milliseconds since 1970, then version 7, then the RFC 9562 variant")
    func layout() {
        // 2026-11-24T09:15:00.123Z
        let at = Date(timeIntervalSince1970: 1_795_511_700.123)
        let bytes = Self.bytes(UUID.timeOrdered(at: at))
        let millis = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(millis == 1_795_511_700_123)
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
    }

    @Test(
        "An id made a millisecond later sorts after, byte by byte as both databases compare them; ids made in the same millisecond differ"
    )
    func order() {
        let at = Date(timeIntervalSince1970: 1_795_511_700)
        var previous = Self.bytes(UUID.timeOrdered(at: at))
        for step in 1...1000 {
            let next = Self.bytes(UUID.timeOrdered(at: at.addingTimeInterval(Double(step) / 1000)))
            #expect(previous.lexicographicallyPrecedes(next))
            previous = next
        }
        let same = Set((0..<10_000).map { _ in UUID.timeOrdered(at: at) })
        #expect(same.count == 10_000)
    }
}
