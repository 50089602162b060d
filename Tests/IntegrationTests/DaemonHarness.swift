import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A real `learnd serve` in a temporary directory (state, sockets, notify socket), stopped and
/// cleaned up when the test ends.
final class RunningDaemon {
    let dir: URL
    let process: Process
    let ingestPath: String
    let controlPath: String
    let stateDir: String
    let notify: NotifyListener
    let stderrPath: URL

    var pid: Int32 { process.processIdentifier }
    var stderr: String { (try? String(contentsOf: stderrPath, encoding: .utf8)) ?? "" }

    /// Starts learnd and waits for READY=1 (unless `waitReady` is false).
    init(_ test: XCTestCase, dir: URL? = nil, arguments: [String] = [], environment: [String: String] = [:],
         waitReady: Bool = true, executable: String? = nil, prefix: [String] = []) throws {
        let dir = try dir ?? Harness.tempDir(test)
        self.dir = dir
        ingestPath = dir.appendingPathComponent("ingest.sock").path
        controlPath = dir.appendingPathComponent("control.sock").path
        stateDir = dir.appendingPathComponent("state").path
        notify = try NotifyListener(path: dir.appendingPathComponent("notify-\(UUID().uuidString.prefix(8)).sock").path)
        stderrPath = dir.appendingPathComponent("learnd-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: stderrPath.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? Harness.binary("learnd"))
        process.arguments = prefix + ["serve", "--state-dir", stateDir, "--set", "ingest.socket=\"\(ingestPath)\"",
                                      "--set", "control.socket=\"\(controlPath)\""] + arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        env["NOTIFY_SOCKET"] = notify.path
        env["LEARND_TEST_FAULTS"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardError = try FileHandle(forWritingTo: stderrPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        test.addTeardownBlock { [process] in
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        }
        if waitReady {
            let messages = notify.receive(timeout: 10) { $0.contains("READY=1") }
            guard messages.contains(where: { $0.contains("READY=1") }) else {
                throw TestSocketError.noResponse("READY=1 within 10 s; stderr: \(stderr)")
            }
        }
    }

    func control(_ json: String) throws -> [String: Any] {
        try SocketClient(connectingTo: controlPath).request(json)
    }

    func status() throws -> [String: Any] { try control(#"{"cmd":"status"}"#) }

    /// `status.records.KEY` as an Int.
    func records(_ key: String) throws -> Int {
        try XCTUnwrap((try status()["records"] as? [String: Any])?[key] as? Int, "records.\(key)")
    }

    func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for exit; nil on timeout.
    func waitExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && deadline.timeIntervalSinceNow > 0 { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Waits until `condition` holds (polled every 50 ms); false on timeout.
    static func eventually(timeout: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    var checkpoints: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: stateDir)) ?? []).filter { $0.hasSuffix(".ckpt") }.sorted()
    }

    /// Resident set size from /proc, in bytes.
    var rssBytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { return nil }
        return kb * 1024
    }
}
