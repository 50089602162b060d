import CheckpointFormat
import LearnCore
import XCTest

/// Every section is checked on reading: a properly framed (checksums valid) container with one impossible
/// value is refused with an error naming the section and the value. Offsets follow docs/checkpoint-format.md
/// for the classifier of `States.classifier()` (widths 4-8-4, one hidden layer).
final class SectionValidationTests: XCTestCase {
    private var sections: Sections!
    private var parameters = 0

    override func setUpWithError() throws {
        let state = States.classifier().snapshot()
        parameters = state.network.parameters.count
        sections = try Sections(file: try Checkpoint.encode(state, meta: States.meta))
    }

    /// The file with `change` applied to section `tag`'s payload.
    private func damaged(_ tag: String, _ change: (inout [UInt8]) -> Void) throws -> [UInt8] {
        var copy = sections!
        copy.edit(tag, change)
        return try copy.file()
    }

    func testUntouchedSectionsDecode() throws {
        XCTAssertNoThrow(try Checkpoint.decode(try sections.file()))
    }

    func testConfig() throws {
        assertRefused(try damaged("CONF") { $0.put(UInt32(0), at: 0) }, "CONF", "inputs is 0")
        assertRefused(try damaged("CONF") { $0[16] = 7 }, "CONF", "task code 7")
        assertRefused(try damaged("CONF") { $0.put(Float.nan.bitPattern, at: 28) }, "CONF", "learning rate")
        assertRefused(try damaged("CONF") { $0.put(UInt32(5000), at: 52) }, "CONF", "replay k is 5000")
        assertRefused(try damaged("CONF") { $0.put(UInt64(0), at: 80) }, "CONF", "prune every is 0")
        assertRefused(try damaged("CONF") { $0[107] = 8 }, "CONF", "drift actions 8")
        assertRefused(try damaged("CONF") { $0.removeLast(3) }, "truncated section \"CONF\"")
        // Bytes after the text are the optional tail (ER-ACE window, replay logit weight): it must be whole.
        assertRefused(try damaged("CONF") { $0.append(0) }, "truncated section \"CONF\"")
        assertRefused(try damaged("CONF") { $0 += [0, 0, 0, 0, 0, 0, 0x80, 0x3F, 0] }, "CONF", "1 unexpected bytes")
        assertRefused(try damaged("CONF") { $0 += [0, 0, 0, 0, 0, 0, 0x80, 0xBF] }, "CONF", "replay logit weight -1")
        assertRefused(try damaged("CONF") { $0[$0.count - 1] = 0xFF }, "CONF", "config text is not valid UTF-8")
    }

    func testNetwork() throws {
        assertRefused(try damaged("NETW") { $0.put(UInt32(9), at: 8) }, "NETW", "shape 4-9-4 differs", "4-8-4")
        assertRefused(try damaged("NETW") { $0[16] = 1 }, "NETW", "activation tanh differs")
        assertRefused(try damaged("NETW") { $0.put(UInt64(3), at: 17) }, "NETW", "3 parameters", "has \(parameters)")
        assertRefused(try damaged("NETW") { $0.put(Float.infinity.bitPattern, at: 25) }, "NETW", "non-finite")
        assertRefused(try damaged("NETW") { $0.removeLast(4) }, "truncated section \"NETW\"")
        assertRefused(try damaged("NETW") { $0.put(UInt64.max, at: 17) }, "NETW", "parameter count")
    }

    func testMasks() throws {
        let firstBias = 4 * 8  // layer 0: 8×4 weights, then its 8 biases
        assertRefused(try damaged("MASK") { $0[8] = 2 }, "MASK", "neither 0 nor 1")
        assertRefused(try damaged("MASK") { $0[8 + firstBias] = 0 }, "MASK", "layer 0 masks a bias")
        assertRefused(try damaged("MASK") { $0.put(UInt64(5), at: 0) }, "MASK", "5 mask values")
        // A kept weight that the mask now says is pruned, while it is not zero.
        var state = States.classifier().snapshot()
        let n = state.network
        let kept = n.masks.indices.first { n.masks[$0] == 1 && n.parameters[$0] != 0 }!
        assertRefused(try damaged("MASK") { $0[8 + kept] = 0 }, "MASK", "parameter \(kept) is masked")
        state = Learner(config: LearnerConfig(inputs: 2)).snapshot()
        XCTAssertEqual(try Sections(file: try Checkpoint.encode(state, meta: States.meta)).sections[2].payload.count, 8,
                       "a dense network writes only the zero count")
    }

    func testOptimizer() throws {
        assertRefused(try damaged("OPTM") { $0[0] = 0 }, "OPTM", "optimizer sgd differs")
        assertRefused(try damaged("OPTM") { $0.put(UInt64(7), at: 9) }, "OPTM", "first moment has 7 values")
        let secondStart = 17 + 4 * parameters + 8
        assertRefused(try damaged("OPTM") { $0.put((-1 as Float).bitPattern, at: secondStart) }, "OPTM", "negative")
        assertRefused(try damaged("OPTM") { $0.put(Float.nan.bitPattern, at: 17) }, "OPTM", "non-finite")
    }

    func testReservoir() throws {
        assertRefused(try damaged("RSVR") { $0.put(UInt32(41), at: 0) }, "RSVR", "capacity is 41")
        assertRefused(try damaged("RSVR") { $0.put(UInt64(39), at: 21) }, "RSVR", "count is 39")
        assertRefused(try damaged("RSVR") { $0.put(Float.nan.bitPattern, at: 29) }, "RSVR", "non-finite")
        assertRefused(try damaged("RSVR") { $0[12] = 0 }, "RSVR", "policy reservoir")
        let firstTarget = 29 + 40 * 4 * 4
        assertRefused(try damaged("RSVR") { $0.put(Float(3).bitPattern, at: firstTarget) }, "RSVR", "class slot 3")
        assertRefused(try damaged("RSVR") { $0.put(Float(0.5).bitPattern, at: firstTarget) }, "RSVR", "class slot 0.5")
    }

    func testNormalisers() throws {
        assertRefused(try damaged("NORM") { $0.put(UInt32(5), at: 8) }, "NORM", "features is 5")
        assertRefused(try damaged("NORM") { $0.put((-1 as Double).bitPattern, at: 12 + 32) }, "NORM", "negative m2")
        assertRefused(try damaged("NORM") { $0.put(Double.nan.bitPattern, at: 12) }, "NORM", "non-finite")
        assertRefused(try damaged("TNRM") { $0.put(UInt32(1), at: 8) }, "TNRM", "features is 1")
    }

    func testLabels() throws {
        // Slot names are "idle", "run", "fault-A", each u32 length + bytes, from offset 8.
        let twice: [UInt8] = [4, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0x61, 0x62, 2, 0, 0, 0, 0x61, 0x62]
        assertRefused(try damaged("LABL") { $0 = twice }, "LABL", "\"ab\" appears twice")
        assertRefused(try damaged("LABL") { $0[12] = UInt8(ascii: ",") }, "LABL", "comma, quote or control")
        assertRefused(try damaged("LABL") { $0[12] = 0xFF }, "LABL", "not valid UTF-8")
        assertRefused(try damaged("LABL") { $0.put(UInt32(9), at: 4) }, "LABL", "label count is 9")
        assertRefused(try damaged("LABL") { $0.put(UInt32(3), at: 0) }, "LABL", "capacity is 3")
    }

    func testMetrics() throws {
        assertRefused(try damaged("METR") { $0.put(UInt32(51), at: 0) }, "METR", "window is 51")
        assertRefused(try damaged("METR") { $0.put(UInt64.max, at: 12) }, "METR", "correct")
        assertRefused(try damaged("METR") { $0.put(Double.infinity.bitPattern, at: 20) }, "METR", "loss sums")
        assertRefused(try damaged("METR") { $0.removeLast(1) }, "truncated section \"METR\"")
    }

    func testDriftProtectionAndGenerator() throws {
        assertRefused(try damaged("DRFT") { $0[0] = 0 }, "DRFT", "detector none differs")
        assertRefused(try damaged("PROT") { $0[0] = 2 }, "PROT", "protection ewc differs")
        assertRefused(try damaged("PROT") { $0.put(UInt64(1), at: 1) }, "PROT", "values is 1")
        assertRefused(try damaged("RNGS") { $0 = [UInt8](repeating: 0, count: 32) }, "RNGS", "all zero")
        assertRefused(try damaged("RNGS") { $0.removeLast() }, "truncated section \"RNGS\"")
        assertRefused(try damaged("TIME") { $0.append(0) }, "TIME", "unexpected bytes")
        assertRefused(try damaged("VERS") { $0 = [0x41, 0x0A] }, "VERS", "control character")
    }
}
