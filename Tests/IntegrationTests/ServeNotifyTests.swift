import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A service manager that stops reading its notification socket must not stop learnd: sd_notify would block
/// once the socket's queue (10 datagrams) is full; learnd drops the notification instead and keeps serving.
final class ServeNotifyTests: XCTestCase {
    func testAnUnreadNotifySocketNeverBlocksTheDaemon() throws {
        let dir = try Harness.tempDir(self)
        let path = dir.appendingPathComponent("unread-notify.sock").path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = SocketClient.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0, "bind \(path)")
        defer { close(fd) }
        // A watchdog of 100 ms: a WATCHDOG=1 every 50 ms fills the unread queue within a second.
        let daemon = try RunningDaemon(self, dir: dir, environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000"],
                                       waitReady: false)
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) { (try? daemon.status()) != nil }, daemon.stderr)
        Thread.sleep(forTimeInterval: 2)   // ~40 notifications, 4 times the queue
        for _ in 0..<5 {
            let started = Date()
            let status = try daemon.status()
            XCTAssertEqual(status["ok"] as? Bool, true)
            XCTAssertLessThan(Date().timeIntervalSince(started), 1, "status took too long behind a full notify queue")
        }
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(), 0, daemon.stderr)
        XCTAssertTrue(daemon.stderr.contains("to the service manager"), "a line says notifications were dropped: \(daemon.stderr)")
    }
}
