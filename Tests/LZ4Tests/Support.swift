import Foundation
import TestSupport

enum Inputs {
    /// `count` uniformly random bytes: incompressible.
    static func random(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// `count` bytes of little-endian float32 weights, 80 % of them zero (a pruned layer): compressible.
    static func sparseWeights(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 3)
        while bytes.count < count {
            let weight: Float = Double.random(in: 0..<1, using: &rng) < 0.8 ? 0 : Float.random(in: -1...1, using: &rng)
            withUnsafeBytes(of: weight.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    /// `count` bytes of CSV-like text: highly compressible.
    static func text(_ count: Int) -> [UInt8] {
        var text = ""
        var line = 0
        while text.utf8.count < count {
            text += "\(line % 10),0,0,\(line % 16),12,7,0,0,3,16,\(line % 7)\n"
            line += 1
        }
        return Array(text.utf8.prefix(count))
    }
}

/// A temporary directory removed at deinit, and the `lz4` command-line tool run in it.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lz4tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }

    func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url.appendingPathComponent(name)))
    }

    /// Runs `lz4 arguments...` (found on PATH) and returns its exit status; its output goes to /dev/null.
    @discardableResult
    func lz4(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lz4", "-q"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
