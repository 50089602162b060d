import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Startup refusals: one line naming the problem, exit status 1, no file touched.
final class ServeConfigTests: XCTestCase {
    private func refused(_ arguments: [String], dir: URL, contains fragment: String) throws {
        let before = try snapshot(dir)
        let result = try Harness.run(["serve", "--set", "ingest.socket=\"\(dir.path)/i.sock\"",
                                      "--set", "control.socket=\"\(dir.path)/c.sock\""] + arguments)
        XCTAssertEqual(result.status, 1, result.stderr)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains(fragment), "\(fragment) in \(result.stderr)")
        XCTAssertEqual(try snapshot(dir), before, "no file touched")
    }

    /// Every file under `dir` with its size and modification time.
    private func snapshot(_ dir: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: dir.path) ?? .init() {
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(path).path)
            files[path] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? 0)"
        }
        return files
    }

    func testUnknownKey() throws {
        let dir = try Harness.tempDir(self)
        try refused(["--state-dir", dir.path + "/state", "--set", "train.learnig_rate=0.1"], dir: dir, contains: "train.learnig_rate")
    }

    func testBadValue() throws {
        let dir = try Harness.tempDir(self)
        try refused(["--state-dir", dir.path + "/state", "--set", "replay.capacity=-5"], dir: dir, contains: "replay.capacity")
    }

    func testUnwritableStateDirectory() throws {
        let dir = try Harness.tempDir(self)
        let file = dir.appendingPathComponent("not-a-dir")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        try refused(["--state-dir", file.path + "/state"], dir: dir, contains: file.path)
    }

    func testCheckpointOfAnotherShape() throws {
        let dir = try Harness.tempDir(self)
        let state = dir.appendingPathComponent("state").path
        let first = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        let client = try SocketClient(connectingTo: first.ingestPath)
        try client.send(ServeIngestTests.digits.prefix(10).joined(separator: "\n") + "\n")
        client.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually { try first.records("learned") == 10 })
        first.signal(SIGTERM)
        XCTAssertEqual(first.waitExit(), 0)
        try refused(["--state-dir", state, "--set", "model.outputs=10", "--set", "model.hidden=[32]"], dir: dir,
                    contains: "64-32-10")
    }
}
