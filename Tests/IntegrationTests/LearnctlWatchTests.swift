import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `learnctl watch` in a real terminal (tmux) against a daemon under load: the screen shows
/// sparklines and moving counters, and q or Ctrl-C gives the shell its screen back.
final class LearnctlWatchTests: XCTestCase {
    static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A private tmux server (its own socket) with one 120x40 shell, killed when the test ends.
    final class Tmux {
        let tmux: String
        let server = "learnctl-test-\(UUID().uuidString.prefix(8))"

        init(_ test: XCTestCase, tmux: String) throws {
            self.tmux = tmux
            test.addTeardownBlock { [self] in _ = try? run(["kill-server"]) }
            let status = Self.spawnAndWait(tmux, ["-L", server, "-u", "new-session", "-d", "-s", "t", "-x", "120", "-y", "40",
                                                  "env", "LANG=C.UTF-8", "PS1=$ ", "/bin/sh"])
            guard status == 0 else { throw XCTSkip("tmux cannot start a session here (status \(status))") }
        }

        /// Runs `path` with standard streams on /dev/null and waits for it. For the command that
        /// starts the tmux server: Foundation's `Process` learns that a child ended when a socket
        /// the child inherited closes, and the server forked from it would keep that socket open.
        static func spawnAndWait(_ path: String, _ arguments: [String]) -> Int32 {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return -1 }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return status
        }

        /// Runs one tmux command. Its output goes through files, not pipes: the tmux server that
        /// `new-session` forks keeps the descriptors it inherited open.
        @discardableResult
        func run(_ arguments: [String]) throws -> Harness.Result {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
            let out = base.appendingPathExtension("out"), err = base.appendingPathExtension("err")
            for file in [out, err] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
            defer { for file in [out, err] { try? FileManager.default.removeItem(at: file) } }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tmux)
            process.arguments = ["-L", server] + arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
            process.waitUntilExit()
            return Harness.Result(status: process.terminationStatus,
                                  stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                                  stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        }

        func type(_ keys: String...) throws { try run(["send-keys", "-t", "t"] + keys) }

        var screen: String { (try? run(["capture-pane", "-p", "-t", "t"]).stdout) ?? "" }

        /// Waits until the screen satisfies `condition`; the last screen either way.
        func screen(within seconds: Double, where condition: (String) -> Bool) -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var text = screen
            while !condition(text) && deadline.timeIntervalSinceNow > 0 {
                usleep(100_000)
                text = screen
            }
            return text
        }
    }

    static let sparks = CharacterSet(charactersIn: "▁▂▃▄▅▆▇█")

    static func recordsLine(_ screen: String) -> String? {
        screen.split(separator: "\n").first { $0.hasPrefix("records:") }.map(String.init)
    }

    func testWatchDrawsSparklinesAndMovingCountersAndRestoresTheTerminal() throws {
        guard let tmuxPath = Self.tmuxPath else { throw XCTSkip("tmux is not installed") }
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        // Load: a slowed learner takes the digits stream for several seconds.
        XCTAssertEqual(try daemon.control(#"{"cmd":"fault","slow_ms":3}"#)["ok"] as? Bool, true)
        let producer = try SocketClient(connectingTo: daemon.ingestPath)
        let stream = ServeIngestTests.digits.joined(separator: "\n") + "\n"
        Thread.detachNewThread { try? producer.send(stream + stream); producer.finishSending() }

        let tmux = try Tmux(self, tmux: tmuxPath)
        let command = "'\(Harness.binary("learnctl"))' watch --socket '\(daemon.controlPath)'"
        try tmux.type("clear; \(command); echo watch-exit-$?", "Enter")
        let first = tmux.screen(within: 10) {
            $0.contains("learnctl watch:") && $0.unicodeScalars.contains { Self.sparks.contains($0) }
                && (Self.recordsLine($0).map { !$0.hasPrefix("records:     0 learned") } ?? false)
        }
        XCTAssertTrue(first.contains("learnctl watch:"), first)
        XCTAssertTrue(first.unicodeScalars.contains { Self.sparks.contains($0) }, "sparklines on screen:\n\(first)")
        XCTAssertTrue(first.contains("accuracy:"), first)
        XCTAssertTrue(first.contains("▲ drift, c checkpoint"), "the marks row under the sparklines:\n\(first)")
        let firstRecords = try XCTUnwrap(Self.recordsLine(first), first)
        let second = tmux.screen(within: 5) { Self.recordsLine($0).map { $0 != firstRecords } ?? false }
        XCTAssertNotEqual(Self.recordsLine(second), firstRecords, "counters move between refreshes:\n\(first)\n---\n\(second)")

        try tmux.type("q")
        let afterQ = tmux.screen(within: 5) { $0.contains("watch-exit-") }
        XCTAssertTrue(afterQ.contains("watch-exit-0"), afterQ)
        XCTAssertFalse(afterQ.contains("learnctl watch:"), "the watch view is gone after q:\n\(afterQ)")
        XCTAssertFalse(afterQ.contains("records:"), afterQ)

        // Again, left with Ctrl-C.
        try tmux.type("clear; \(command); echo watch-again-$?", "Enter")
        let again = tmux.screen(within: 10) { $0.contains("learnctl watch:") && $0.contains("records:") }
        XCTAssertTrue(again.contains("records:"), again)
        try tmux.type("C-c")
        let afterCtrlC = tmux.screen(within: 5) { $0.contains("watch-again-") }
        XCTAssertTrue(afterCtrlC.contains("watch-again-0"), afterCtrlC)
        XCTAssertFalse(afterCtrlC.contains("learnctl watch:"), "the watch view is gone after Ctrl-C:\n\(afterCtrlC)")
        // The shell's terminal modes are back: typed text echoes again.
        try tmux.type("echo typed-after-watch", "Enter")
        let echoed = tmux.screen(within: 5) { $0.components(separatedBy: "typed-after-watch").count >= 3 }
        XCTAssertEqual(echoed.components(separatedBy: "typed-after-watch").count, 3, "command line echoed and its output:\n\(echoed)")
    }

    func testWatchPrintsPlainLinesWhenNotATerminal() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        let watch = try Harness.run(["watch", "--socket", daemon.controlPath, "--count", "2", "--interval", "0.2"], tool: "learnctl")
        XCTAssertEqual(watch.status, 0, watch.stderr)
        let lines = watch.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, watch.stdout)
        XCTAssertTrue(lines.allSatisfy { $0.contains(" learned 0 predicted 0 rejected 0 ") }, watch.stdout)
        XCTAssertFalse(watch.stdout.contains("\u{1B}"), "no escape sequences in plain mode")
    }
}
