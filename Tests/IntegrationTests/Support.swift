import Foundation
import XCTest

/// Runs the real binaries built next to the test bundle and hands out temp dirs and fixtures.
enum Harness {
    /// Repository root (for `Fixtures/`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> String { root.appendingPathComponent("Fixtures/\(name)").path }

    /// The directory holding `learnd` (override with LEARND_BIN_DIR).
    static let binDir: URL = {
        if let dir = ProcessInfo.processInfo.environment["LEARND_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        return Bundle.main.executableURL!.deletingLastPathComponent()
    }()

    static func binary(_ name: String) -> String { binDir.appendingPathComponent(name).path }

    struct Result {
        var status: Int32
        var stdoutBytes: [UInt8] = []
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    /// Runs `learnd ARGS...` to completion, with `stdin` piped in when given.
    static func run(_ arguments: [String], tool: String = "learnd", stdin: Data? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        try runProgram(binary(tool), arguments, stdin: stdin, environment: environment)
    }

    /// Runs any program to completion.
    static func runProgram(_ path: String, _ arguments: [String], stdin: Data? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // stderr goes to a file, so a chatty child never blocks on a full pipe while we read stdout.
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("learnd-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errPath) }
        let errHandle = try FileHandle(forWritingTo: errPath)
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        try errHandle.close()
        if let stdin {
            let writer = input.fileHandleForWriting
            DispatchQueue.global().async { writer.write(stdin); try? writer.close() }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = (try? Data(contentsOf: errPath)) ?? Data()
        return Result(status: process.terminationStatus, stdoutBytes: [UInt8](outData), stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory, removed when the test ends.
    static func tempDir(_ test: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("learnd-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// Splits the digits class-incremental train fixture into its 5 task files (rows per
    /// Fixtures/PROVENANCE.md: 288, 288, 290, 288, 283), each with the header line.
    static func digitsTasks(in dir: URL) throws -> [String] {
        let lines = try String(contentsOfFile: fixture("digits_ci_train.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines[0], rows = lines.dropFirst()
        var start = rows.startIndex
        return try [288, 288, 290, 288, 283].enumerated().map { task, count in
            let path = dir.appendingPathComponent("task\(task + 1).csv").path
            let body = ([header] + rows[start..<(start + count)]).joined(separator: "\n") + "\n"
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            start += count
            return path
        }
    }
}
