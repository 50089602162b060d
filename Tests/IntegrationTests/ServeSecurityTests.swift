import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The control socket refuses peers that are not root, learnd's uid or in control.allow_uids.
final class ServeSecurityTests: XCTestCase {
    func testPeerNotAllowedIsRefused() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root to run a client as nobody") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { throw XCTSkip("runuser not found") }
        let dir = try Harness.tempDir(self)
        chmod(dir.path, 0o755)
        // Mode 0666 lets nobody connect at the file level, so the refusal is learnd's (SO_PEERCRED).
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "control.mode=\"0666\""])
        let script = """
            import socket
            s = socket.socket(socket.AF_UNIX); s.connect('\(daemon.controlPath)')
            print(s.makefile().readline().strip())  # the refusal comes at once, before any request
            """
        let result = try Harness.runProgram("/usr/sbin/runuser", ["-u", "nobody", "--", "python3", "-c", script])
        XCTAssertTrue(result.stdout.contains("\"ok\":false"), result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("permission denied: uid 65534"), result.stdout)
        XCTAssertTrue(RunningDaemon.eventually(timeout: 5) { daemon.stderr.contains("Refused control connection") }, daemon.stderr)
        // Root (the test) is still served.
        XCTAssertEqual(try daemon.status()["ok"] as? Bool, true)
    }
}
