import Foundation
import Posix
import SystemPackage
import XCTest

final class SignalAndProcessTests: XCTestCase {
    /// Blocks SIGUSR1/SIGUSR2 on this (the main) thread, sends them to the whole process with
    /// kill(2), and reads them from the signalfd. A no-op handler stands in for the default
    /// action (terminate) meanwhile, in case a thread that does not block them takes one.
    func testSignalFDReceivesSignalsSentToTheProcess() throws {
        let wanted = [SIGUSR1, SIGUSR2]
        let previous = wanted.map { signal($0, { _ in }) }
        defer {
            var set = sigset_t()
            sigemptyset(&set)
            for number in wanted { sigaddset(&set, number) }
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            for (number, handler) in zip(wanted, previous) { signal(number, handler) }
        }
        let signals = try SignalFD.make(signals: wanted)
        defer { try? signals.close() }
        XCTAssertEqual(signals.signals, wanted)
        XCTAssertEqual(try signals.read(), [])

        XCTAssertEqual(raise(SIGUSR1), 0)   // thread-directed: other test threads do not block it
        var polls = PollSet()
        polls.add(signals.fd, events: .readable)
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 2000), 1)
        XCTAssertEqual(try signals.read(), [SIGUSR1])
        XCTAssertEqual(try signals.read(), [])

        XCTAssertEqual(raise(SIGUSR2), 0)   // thread-directed: other test threads do not block it
        XCTAssertEqual(raise(SIGUSR1), 0)   // thread-directed: other test threads do not block it
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 2000), 1)
        XCTAssertEqual(Set(try signals.read()), Set(wanted))
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 0), 0)
    }

    func testResidentSetSizeIsPlausibleAndAgreesWithProcStatus() throws {
        let rss = try XCTUnwrap(Posix.ProcessInfo.residentSetBytes())
        XCTAssertGreaterThan(rss, 1 << 20)
        XCTAssertLessThan(rss, 4 << 30)
        // Independent reference: VmRSS in /proc/self/status, in kB.
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kilobytes = try XCTUnwrap(Int(line.split(separator: " ")[1]))
        XCTAssertEqual(Double(rss), Double(kilobytes * 1024), accuracy: Double(kilobytes * 1024) * 0.2)
    }

    func testClocksAgreeWithFoundation() {
        let wall = WallClock.unixSeconds()
        XCTAssertEqual(Double(wall), Date().timeIntervalSince1970, accuracy: 2)
        let uptime = Foundation.ProcessInfo.processInfo.systemUptime  // CLOCK_MONOTONIC too
        XCTAssertEqual(Double(MonotonicClock.microseconds()) / 1e6, uptime, accuracy: 1)
        let a = MonotonicClock.microseconds()
        usleep(10_000)
        let b = MonotonicClock.microseconds()
        XCTAssertGreaterThanOrEqual(b - a, 10_000)
        XCTAssertLessThan(b - a, 1_000_000)
    }

    func testProcessIdentity() throws {
        XCTAssertEqual(Posix.ProcessInfo.userID(), getuid())
        XCTAssertEqual(Posix.ProcessInfo.processID(), getpid())
        let pipe = try FileDescriptor.pipe()
        defer { try? pipe.readEnd.close(); try? pipe.writeEnd.close() }
        XCTAssertFalse(Posix.ProcessInfo.isTerminal(pipe.readEnd))
        let tty = try? FileDescriptor.open("/dev/tty", .readOnly)
        if let tty {
            XCTAssertTrue(Posix.ProcessInfo.isTerminal(tty))
            try? tty.close()
        }
    }
}
