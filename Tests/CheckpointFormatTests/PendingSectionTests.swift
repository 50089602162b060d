import CheckpointFormat
import Foundation
import LearnCore
import XCTest

/// Section `PEND`: written only when something is pending or counted, an exact round trip, and refused when its
/// values are impossible.
final class PendingSectionTests: XCTestCase {
    func testAbsentWhenEmptyAndRoundTripsWhenNot() throws {
        let plain = States.classifier(records: 60)
        let before = try Checkpoint.decode(try Checkpoint.encode(plain.snapshot(), meta: States.meta))
        XCTAssertFalse(before.sections.map(\.tag).contains("PEND"), "no id ever seen: no section")
        for i in 0..<7 { _ = plain.predictPending(id: "p\(i)", features: [1, 2, 3, Float(i)], now: 1000 + Double(i)) }
        _ = plain.resolvePending(id: "p0", target: .label("idle"), now: 1010)
        let state = plain.snapshot()
        let decoded = try Checkpoint.decode(try Checkpoint.encode(state, meta: States.meta))
        XCTAssertEqual(decoded.sections.map(\.tag).last, "PEND")
        XCTAssertEqual(decoded.state, state)
        XCTAssertEqual(decoded.state.pending.entries.map(\.id), (1..<7).map { "p\($0)" })
        XCTAssertEqual(decoded.state.delayed.matched, 1)
        let regressor = States.regressor(records: 40)
        _ = regressor.predictPending(id: "r", features: [1, 2, 3, 4, 5], now: 5)
        let r = regressor.snapshot()
        XCTAssertEqual(try Checkpoint.decode(try Checkpoint.encode(r, meta: States.meta)).state, r)
    }

    func testImpossibleValuesAreRefused() throws {
        let l = States.classifier(records: 60)
        _ = l.predictPending(id: "p", features: [1, 2, 3, 4], now: 1)
        let file = try Checkpoint.encode(l.snapshot(), meta: States.meta)
        var parsed = try Sections(file: file)
        // Layout: 5 × u64 counts, f64 sum, u32 D, u32 next, then u32 N at offset 56 (no delays yet).
        parsed.edit("PEND") { $0.put(UInt64(5), at: 24) }   // scored 5 > matched 0
        assertRefused(try parsed.file(), "PEND", "scored or correct exceeds matched")
        parsed = try Sections(file: file)
        parsed.edit("PEND") { $0.put(UInt32(2), at: 56) }    // two entries, one present
        assertRefused(try parsed.file(), "PEND")
        parsed = try Sections(file: file)
        parsed.edit("PEND") { $0[64] = UInt8(ascii: ",") }  // the id's byte after its u32 length
        assertRefused(try parsed.file(), "PEND", "printable ASCII")
    }
}
