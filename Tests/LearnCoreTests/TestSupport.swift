import Foundation
import XCTest
@testable import LearnCore

/// Test-data generator (SplitMix64), deliberately not the `Rng` under test.
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var x = state
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    /// Uniform in [lo, hi).
    mutating func double(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) * 0x1p-53
    }

    mutating func float(_ lo: Float, _ hi: Float) -> Float { Float(double(Double(lo), Double(hi))) }

    mutating func floats(_ n: Int, _ lo: Float, _ hi: Float) -> [Float] { (0..<n).map { _ in float(lo, hi) } }

    /// Uniform in [lo, hi] with magnitude at least `floor` (keeps values away from 0).
    mutating func awayFromZero(_ n: Int, _ hi: Float, floor: Float) -> [Float] {
        (0..<n).map { _ in
            let magnitude = float(floor, hi)
            return next() & 1 == 0 ? magnitude : -magnitude
        }
    }

    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// FNV-1a 64 over the little-endian bytes of `values` (also computed by numpy_reference.py).
func fnv1a64(_ values: [Float]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for v in values {
        var bits = v.bitPattern.littleEndian
        for _ in 0..<4 {
            h = (h ^ UInt64(bits & 0xFF)) &* 0x100_0000_01B3
            bits >>= 8
        }
    }
    return h
}

/// The repository root, found from this file's path (symlinks resolved, so it also works from
/// a private package that links Tests/LearnCoreTests).
func repoRoot(file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The first `limit` records of a `label,f1,...,fn` CSV with one header line.
func loadLabelledCSV(_ relativePath: String, limit: Int = .max) throws -> [(label: String, features: [Float])] {
    let text = try String(contentsOf: repoRoot().appendingPathComponent(relativePath), encoding: .utf8)
    var records: [(label: String, features: [Float])] = []
    for line in text.split(separator: "\n").dropFirst() where records.count < limit {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        let features = try fields.dropFirst().map { field -> Float in
            guard let v = Float(field) else { throw CocoaError(.fileReadCorruptFile) }
            return v
        }
        records.append((String(fields[0]), features))
    }
    return records
}

/// A small classification config used across tests.
func smallConfig(inputs: Int = 6, hidden: [Int] = [10], outputs: Int = 3, seed: UInt64 = 7) -> LearnerConfig {
    var c = LearnerConfig(inputs: inputs)
    c.hidden = hidden
    c.outputs = outputs
    c.seed = seed
    c.replayK = 4
    c.replayCapacity = 50
    c.recentWindow = 20
    return c
}

/// Synthetic classification stream: class c has mean feature vector centred at c on feature c.
func syntheticRecords(_ n: Int, inputs: Int = 6, classes: Int = 3, seed: UInt64 = 99) -> [([Float], String)] {
    var r = TestRandom(seed: seed)
    return (0..<n).map { _ in
        let c = r.int(classes)
        var x = r.floats(inputs, -1, 1)
        x[c % inputs] += 3
        return (x, "class\(c)")
    }
}

func XCTAssertClose(_ a: Double, _ b: Double, relative: Double, absolute: Double = 0,
                    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    let ok = abs(a - b) <= max(relative * max(abs(a), abs(b)), absolute)
    XCTAssertTrue(ok, "\(a) vs \(b) (rel \(relative), abs \(absolute)) \(message())", file: file, line: line)
}
