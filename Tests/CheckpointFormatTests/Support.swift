import CheckpointFormat
import Foundation
import LearnCore
import XCTest
import TestSupport

/// Learners trained on small synthetic streams: three Gaussian blobs (classify) or a noisy linear map (regress).
enum States {
    static let classNames = ["idle", "run", "fault-A"]

    /// A classifier after `records` records, with Adam, pruning, class-balanced replay and SI by default.
    static func classifier(records: Int = 300, seed: UInt64 = 7, configure: (inout LearnerConfig) -> Void = { _ in })
        -> Learner {
        var c = LearnerConfig(inputs: 4)
        c.hidden = [8]
        c.outputs = 4
        c.optimizer = .adam
        c.learningRate = 0.01
        c.replayCapacity = 40
        c.replayK = 4
        c.replayPolicy = .classBalanced
        c.pruneTargetSparsity = 0.5
        c.pruneStart = 20
        c.pruneEnd = 200
        c.pruneEvery = 20
        c.recentWindow = 50
        c.protect = .si
        c.protectMinInterval = 50
        c.driftDetector = .pageHinkley
        c.driftActions = [.boostLR]
        configure(&c)
        let learner = Learner(config: c)
        feed(learner, records: records, seed: seed)
        return learner
    }

    /// A regressor (2 outputs) after `records` records, SGD with momentum by default.
    static func regressor(records: Int = 250, seed: UInt64 = 8, configure: (inout LearnerConfig) -> Void = { _ in })
        -> Learner {
        var c = LearnerConfig(inputs: 5)
        c.hidden = [6, 4]
        c.outputs = 2
        c.task = .regress
        c.activation = .tanh
        c.momentum = 0.9
        c.learningRate = 0.01
        c.replayCapacity = 30
        c.clipNorm = 5
        c.protect = .ewc
        configure(&c)
        let learner = Learner(config: c)
        feed(learner, records: records, seed: seed)
        return learner
    }

    /// Feeds `records` synthetic records (and a few predict-only and rejected ones for the counters).
    static func feed(_ learner: Learner, records: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let c = learner.config
        for n in 0..<records {
            let x = (0..<c.inputs).map { i in Float.random(in: -1...1, using: &rng) + Float(n % 3) * Float(i % 2) }
            if n % 50 == 49 { _ = learner.predict(x); learner.countPrediction(); continue }
            if n % 70 == 69 { learner.countRejection(kind: "parse"); continue }
            switch c.task {
            case .classify: _ = learner.learn(x, target: .label(classNames[n % 3]))
            case .regress:
                let y = (0..<c.outputs).map { j in
                    x.enumerated().reduce(Float(j)) { $0 + $1.element * Float($1.offset + j) }
                }
                _ = learner.learn(x, target: .values(y))
            }
        }
    }

    static let meta = CheckpointMeta(createdUnixSeconds: 1_767_225_600, learndVersion: "0.1.0-test",
                                     configText: "[model]\ninputs = 4\n")
}

/// A container taken apart into its sections and put back together, to build damaged checkpoints on purpose.
struct Sections {
    var header: [UInt8]
    var sections: [(tag: String, payload: [UInt8])]

    init(file: [UInt8]) throws {
        let container = try Checkpoint.container(of: file)
        header = Array(container[0..<12])
        sections = []
        var at = 12
        while at < container.count {
            let tag = String(decoding: container[at..<(at + 4)], as: UTF8.self)
            let length = Int(Sections.u64(container, at + 4))
            sections.append((tag, Array(container[(at + 12)..<(at + 12 + length)])))
            at += 12 + length
        }
    }

    var container: [UInt8] {
        var bytes = header
        for (tag, payload) in sections {
            bytes += Array(tag.utf8)
            bytes += withUnsafeBytes(of: UInt64(payload.count).littleEndian) { Array($0) }
            bytes += payload
        }
        return bytes
    }

    func file() throws -> [UInt8] { try Checkpoint.file(containing: container) }

    /// Applies `change` to the payload of section `tag`.
    mutating func edit(_ tag: String, _ change: (inout [UInt8]) -> Void) {
        let i = sections.firstIndex { $0.tag == tag }!
        change(&sections[i].payload)
    }

    static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
    }
}

extension Array where Element == UInt8 {
    /// Overwrites bytes at `offset` with the little-endian bytes of `value`.
    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        let bytes = Swift.withUnsafeBytes(of: value.littleEndian) { Array($0) }
        for (k, b) in bytes.enumerated() { self[offset + k] = b }
    }
}

/// Asserts that decoding `file` fails with an error whose description contains every one of `fragments`.
func assertRefused(_ file: [UInt8], _ fragments: String..., file path: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try Checkpoint.decode(file)
        XCTFail("decoded; expected an error mentioning \(fragments)", file: path, line: line)
    } catch {
        let text = error.description
        for fragment in fragments where !text.contains(fragment) {
            XCTFail("\"\(text)\" does not mention \"\(fragment)\"", file: path, line: line)
        }
    }
}
