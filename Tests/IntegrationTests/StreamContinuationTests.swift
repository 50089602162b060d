import Foundation
import XCTest

/// `stream A B` and `stream A --checkpoint-out c` then `stream B --restore c` end in the same
/// learner state, section for section (only the creation time differs).
final class StreamContinuationTests: XCTestCase {
    private func check(_ fixture: String, split: Int, _ settings: [String]) throws {
        let dir = try Harness.tempDir(self)
        let lines = try String(contentsOfFile: Harness.fixture(fixture), encoding: .utf8).split(separator: "\n")
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        try ([lines[0]] + lines[1..<split]).joined(separator: "\n").appending("\n").write(toFile: a, atomically: true, encoding: .utf8)
        try ([lines[0]] + lines[split...]).joined(separator: "\n").appending("\n").write(toFile: b, atomically: true, encoding: .utf8)
        let full = dir.appendingPathComponent("full.ckpt").path, half = dir.appendingPathComponent("a.ckpt").path
        let resumed = dir.appendingPathComponent("ab.ckpt").path
        let common = settings + ["--quiet"]
        for args in [[a, b, "--checkpoint-out", full], [a, "--checkpoint-out", half], [b, "--restore", half, "--checkpoint-out", resumed]] {
            let r = try Harness.run(["stream"] + args + common)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let x = try sections(full), y = try sections(resumed)
        XCTAssertEqual(Set(x.keys), Set(y.keys))
        XCTAssertGreaterThanOrEqual(x.count, 12)
        for (tag, payload) in x where tag != "TIME" { XCTAssertEqual(payload, y[tag], "section \(tag) differs") }
        XCTAssertNotEqual(try sections(half)["NETW"], x["NETW"], "the halves did learn something different")
    }

    /// The container's sections (decompressed with the `lz4` CLI, parsed by the documented layout).
    private func sections(_ path: String) throws -> [String: Data] {
        let r = try Harness.runProgram("/usr/bin/lz4", ["-dcq", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let container = Data(r.stdoutBytes)
        XCTAssertEqual(container.prefix(8), Data("LEARNDCK".utf8))
        var result: [String: Data] = [:]
        var offset = 12
        while offset + 12 <= container.count {
            let tag = String(decoding: container[offset..<(offset + 4)], as: UTF8.self)
            let length = container[(offset + 4)..<(offset + 12)].enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
            result[tag] = container[(offset + 12)..<(offset + 12 + length)]
            offset += 12 + length
        }
        XCTAssertEqual(offset, container.count)
        return result
    }

    func testClassifyWithPruningAndAdam() throws {
        try check("digits_ci_train.csv", split: 700, ["--set", "model.outputs=10", "--set", "train.optimizer=\"adam\"",
                                                      "--set", "train.learning_rate=0.005", "--set", "prune.target_sparsity=0.5",
                                                      "--set", "prune.end=1200"])
    }

    func testRegressWithPruningAndAdam() throws {
        try check("waterflow_regress.csv", split: 600, ["--set", "model.task=\"regress\"", "--set", "model.outputs=1",
                                                        "--set", "train.optimizer=\"adam\"", "--set", "train.learning_rate=0.002",
                                                        "--set", "prune.target_sparsity=0.5", "--set", "prune.end=1000"])
    }
}
