import CheckpointFormat
import Foundation
import LearnCore
import XCTest

/// Encode then decode gives back the very state, and a learner restored from it goes on exactly as the
/// original does.
final class RoundTripTests: XCTestCase {
    func testClassifierWithMasksAdamAndProtectionRoundTrips() throws {
        let state = States.classifier().snapshot()
        XCTAssertFalse(state.network.masks.isEmpty, "pruning has started")
        XCTAssertFalse(state.optimizer.second.isEmpty, "Adam moments are present")
        XCTAssertEqual(state.reservoir.count, 40)
        XCTAssertGreaterThan(state.counters.rejected, 0)
        let decoded = try Checkpoint.decode(try Checkpoint.encode(state, meta: States.meta))
        XCTAssertEqual(decoded.state, state)
        XCTAssertEqual(decoded.meta, States.meta)
        XCTAssertEqual(decoded.meta.formatVersion, 1)
    }

    func testRegressorWithMomentumRoundTrips() throws {
        let state = States.regressor().snapshot()
        XCTAssertFalse(state.optimizer.first.isEmpty, "momentum buffer is present")
        XCTAssertGreaterThan(state.targetNormalizer.count, 0)
        let decoded = try Checkpoint.decode(try Checkpoint.encode(state, meta: States.meta))
        XCTAssertEqual(decoded.state, state)
    }

    /// ADWIN's buckets and counters come back exactly.
    func testADWINStateRoundTrips() throws {
        let state = States.classifier { $0.driftDetector = .adwin }.snapshot()
        XCTAssertEqual(try Checkpoint.decode(try Checkpoint.encode(state, meta: States.meta)).state, state)
    }

    func testFreshDenseLearnerRoundTrips() throws {
        let state = Learner(config: LearnerConfig(inputs: 3)).snapshot()
        XCTAssertEqual(try Checkpoint.decode(try Checkpoint.encode(state, meta: States.meta)).state, state)
    }

    /// Resume is exact: the restored learner and the original, fed the same records, stay bit-identical.
    func testRestoredLearnerContinuesExactly() throws {
        for original in [States.classifier(records: 150), States.regressor(records: 120)] {
            let file = try Checkpoint.encode(original.snapshot(), meta: States.meta)
            let restored = Learner(restoring: try Checkpoint.decode(file).state)
            States.feed(original, records: 200, seed: 99)
            States.feed(restored, records: 200, seed: 99)
            XCTAssertEqual(restored.snapshot(), original.snapshot())
        }
    }

    func testEncodingIsDeterministic() throws {
        let state = States.classifier().snapshot()
        XCTAssertEqual(try Checkpoint.encode(state, meta: States.meta), try Checkpoint.encode(state, meta: States.meta))
    }

    func testExtraSectionsSurviveAndSortAfterTheV1Sections() throws {
        var meta = States.meta
        meta.extra = ["ZULU": [1, 2, 3], "ALFA": []]
        let decoded = try Checkpoint.decode(try Checkpoint.encode(States.classifier().snapshot(), meta: meta))
        XCTAssertEqual(decoded.meta.extra, meta.extra)
        XCTAssertEqual(decoded.sections.map(\.tag).suffix(2), ["ALFA", "ZULU"])
        XCTAssertEqual(decoded.sections.map(\.tag).prefix(14),
                       ["CONF", "NETW", "MASK", "OPTM", "RSVR", "NORM", "TNRM", "LABL", "METR", "DRFT", "PROT",
                        "RNGS", "TIME", "VERS"])
        for bad in ["NETW", "HIST", "abc", "ABCDE", "AB D"] {
            meta.extra = [bad: [0]]
            XCTAssertThrowsError(try Checkpoint.encode(States.classifier(records: 10).snapshot(), meta: meta), bad)
        }
    }

    func testSectionSizesAddUp() throws {
        let decoded = try Checkpoint.decode(try Checkpoint.encode(States.classifier().snapshot(), meta: States.meta))
        XCTAssertEqual(12 + decoded.sections.reduce(0) { $0 + 12 + $1.bytes }, decoded.containerBytes)
        let parameters = decoded.state.network.parameters.count
        XCTAssertEqual(decoded.sections.first { $0.tag == "MASK" }?.bytes, 8 + parameters)
    }

    /// The file is a standard LZ4 frame: the `lz4` CLI decompresses it, and the container's magic is at offset 0.
    func testTheLZ4CommandLineToolDecompressesACheckpoint() throws {
        let file = try Checkpoint.encode(States.classifier().snapshot(), meta: States.meta)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("a.ckpt"), output = dir.appendingPathComponent("a.bin")
        try Data(file).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lz4", "-q", "-d", "-f", input.path, output.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let container = [UInt8](try Data(contentsOf: output))
        XCTAssertEqual(Array(container.prefix(8)), Array("LEARNDCK".utf8))
        XCTAssertEqual(Array(container[8..<12]), [1, 0, 0, 0])
        XCTAssertEqual(container, try Checkpoint.container(of: file))
    }
}

extension RoundTripTests {
    /// `NORM`'s optional outlier count: written only when non-zero, restored, and the learner goes on exactly.
    func testTheOutlierCountRoundTripsAndContinues() throws {
        let original = States.classifier(records: 150)
        let plain = try Checkpoint.decode(try Checkpoint.encode(original.snapshot(), meta: States.meta))
        _ = original.learn([Float](repeating: 1e6, count: original.config.inputs), target: .label("a"))
        XCTAssertEqual(original.normalizer.outliers, 1)
        let decoded = try Checkpoint.decode(try Checkpoint.encode(original.snapshot(), meta: States.meta))
        XCTAssertEqual(decoded.state.normalizer.outliers, 1)
        let size = { (d: DecodedCheckpoint) in d.sections.first { $0.tag == "NORM" }?.bytes }
        XCTAssertEqual(size(decoded), size(plain).map { $0 + 8 })
        let restored = Learner(restoring: decoded.state)
        States.feed(original, records: 100, seed: 5)
        States.feed(restored, records: 100, seed: 5)
        XCTAssertEqual(restored.snapshot(), original.snapshot())
    }
}
