import Foundation
import Posix
import SystemPackage
import XCTest

final class PollTests: XCTestCase {
    func testPollReportsReadableThenHangup() throws {
        let dir = try TemporaryDirectory()
        let pair = try ConnectedPair(at: dir.file("s.sock"))
        defer { pair.closeAll() }
        var polls = PollSet()
        let listenerIndex = polls.add(pair.listener, events: .readable)
        let serverIndex = polls.add(pair.server, events: .readable)
        XCTAssertEqual(polls.count, 2)
        XCTAssertEqual(polls.fileDescriptor(at: serverIndex), pair.server)

        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 0), 0)
        XCTAssertEqual(polls.returnedEvents(at: serverIndex), [])

        try send("ping", to: pair.client)
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 2000), 1)
        XCTAssertEqual(polls.returnedEvents(at: serverIndex), .readable)
        XCTAssertEqual(polls.returnedEvents(at: listenerIndex), [])

        try pair.client.close()
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 2000), 1)
        XCTAssertTrue(polls.returnedEvents(at: serverIndex).contains([.readable, .hangup]),
                      "got \(polls.returnedEvents(at: serverIndex))")
    }

    func testPollReportsAPendingConnectionOnTheListener() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("s.sock")
        let listener = try UnixSocket.listen(path: path)
        defer { try? listener.close() }
        var polls = PollSet()
        polls.add(listener, events: .readable)
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 0), 0)
        let client = try UnixSocket.connect(path: path)
        defer { try? client.close() }
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 2000), 1)
        XCTAssertEqual(polls.returnedEvents(at: 0), .readable)
    }

    func testPollReportsInvalidForAClosedDescriptor() throws {
        let pipe = try FileDescriptor.pipe()
        try pipe.readEnd.close()
        try pipe.writeEnd.close()
        var polls = PollSet()
        polls.add(pipe.readEnd, events: .readable)
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 0), 1)
        XCTAssertEqual(polls.returnedEvents(at: 0), .invalid)
    }

    func testTimeoutIsHonoured() throws {
        let wakeup = try EventFD.make()
        defer { try? wakeup.close() }
        var polls = PollSet()
        polls.add(wakeup.fd, events: .readable)
        let start = MonotonicClock.microseconds()
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 50), 0)
        let elapsed = MonotonicClock.microseconds() - start
        XCTAssertGreaterThanOrEqual(elapsed, 49_000)
        XCTAssertLessThan(elapsed, 2_000_000)
    }

    func testEventFDWakesAPollFromAnotherThread() throws {
        let wakeup = try EventFD.make()
        defer { try? wakeup.close() }
        var polls = PollSet()
        polls.add(wakeup.fd, events: .readable)
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 0), 0)
        XCTAssertEqual(wakeup.drain(), 0)

        Thread.detachNewThread {
            usleep(20_000)
            wakeup.signal()
            wakeup.signal()
        }
        let start = MonotonicClock.microseconds()
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 5000), 1)
        XCTAssertLessThan(MonotonicClock.microseconds() - start, 4_000_000)
        XCTAssertEqual(polls.returnedEvents(at: 0), .readable)
        usleep(20_000)  // let the second signal land too
        XCTAssertEqual(wakeup.drain(), 2)
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 0), 0)
    }
}
