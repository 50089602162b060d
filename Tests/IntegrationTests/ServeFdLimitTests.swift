import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `learnd serve` at its descriptor limit (issue 13, case 5): no busy loop, one log line per
/// accept back-off, the control socket still answers, and every record of an accepted connection
/// is accounted.
final class ServeFdLimitTests: XCTestCase {
    func testDescriptorLimitNeitherSpinsNorSilencesControl() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10", "--set", "checkpoint.every_seconds=0"],
                                       executable: "/bin/sh",
                                       prefix: ["-c", "ulimit -n 64 && exec \"$0\" \"$@\"", Harness.binary("learnd")])
        let line = ServeIngestTests.digits[0]
        // 300 producers each send two records and hold their connection open. A connect that finds
        // the listen backlog full fails at once (non-blocking): that producer never got in.
        var held: [Int32] = []
        for _ in 0..<300 {
            if let fd = Self.connectNonBlocking(daemon.ingestPath) {
                held.append(fd)
                let text = Array((line + "\n" + line + "\n").utf8)
                XCTAssertEqual(text.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }, text.count)
            }
        }
        defer { for fd in held { close(fd) } }
        XCTAssertGreaterThan(held.count, 64, "more producers connected than learnd has descriptors")
        XCTAssertTrue(daemon.stderr.contains("Failed to accept ingest connection: Too many open files")
                      || RunningDaemon.eventually(timeout: 5) {
                          daemon.stderr.contains("Failed to accept ingest connection: Too many open files")
                      }, daemon.stderr)

        // CPU over 3 s at the limit: below 5 % of one core.
        let before = try Self.cpuTicks(daemon.pid), start = Date()
        Thread.sleep(forTimeInterval: 3)
        let ticks = try Self.cpuTicks(daemon.pid) - before
        let cpu = Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK))) / Date().timeIntervalSince(start)
        XCTAssertLessThan(cpu, 0.05, "CPU share at the descriptor limit")

        // The control socket answers `status` within 100 ms (a descriptor is kept for it).
        let asked = Date()
        let status = try daemon.status()
        XCTAssertLessThan(Date().timeIntervalSince(asked), 0.1, "status at the descriptor limit")
        XCTAssertEqual(status["ok"] as? Bool, true)

        // One log line per back-off period (1 s) at most, counted over the whole run so far.
        let lines = daemon.stderr.split(separator: "\n").filter { $0.contains("Failed to accept") }.count
        let elapsed = Date().timeIntervalSince(start) + 5
        XCTAssertGreaterThanOrEqual(lines, 1)
        XCTAssertLessThanOrEqual(Double(lines), elapsed + 2, daemon.stderr)

        // The producers leave; every record of every connection that got in is accounted.
        for fd in held { close(fd) }
        let sent = held.count * 2
        held = []
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 30) {
            let r = try daemon.status()["records"] as! [String: Any]
            return (r["learned"] as! Int) + (r["predicted"] as! Int) + (r["rejected"] as! Int) == sent
        }, "every record accounted: \((try? daemon.status()["records"]) ?? "-"), sent \(sent)")
        XCTAssertEqual(try daemon.records("read"), sent)
    }

    /// A non-blocking connect; nil when the listen backlog is full (EAGAIN).
    static func connectNonBlocking(_ path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = SocketClient.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { close(fd); return nil }
        return fd
    }

    /// utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15).
    static func cpuTicks(_ pid: Int32) throws -> Int {
        let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = text[text.range(of: ")")!.upperBound...].split(separator: " ")
        return Int(fields[11])! + Int(fields[12])!
    }
}
