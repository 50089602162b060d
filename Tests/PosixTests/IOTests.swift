import Foundation
import Posix
import SystemPackage
import XCTest

final class IOTests: XCTestCase {
    func testReadGivesWouldBlockThenBytesThenEndOfInput() throws {
        let dir = try TemporaryDirectory()
        let pair = try ConnectedPair(at: dir.file("s.sock"))
        defer { pair.closeAll() }

        XCTAssertEqual(try readOnce(pair.server).0, .wouldBlock)
        try send("abc", to: pair.client)
        XCTAssertEqual(try readOnce(pair.server).0, .bytes(3))
        XCTAssertEqual(try readOnce(pair.server).0, .wouldBlock)
        try pair.client.close()
        XCTAssertEqual(try readOnce(pair.server).0, .eof)
    }

    func testSetNonBlockingMakesABlockingClientReturnWouldBlock() throws {
        let dir = try TemporaryDirectory()
        let pair = try ConnectedPair(at: dir.file("s.sock"))
        defer { pair.closeAll() }
        XCTAssertEqual(fcntl(pair.client.rawValue, F_GETFL) & O_NONBLOCK, 0)
        XCTAssertTrue(UnixSocket.setNonBlocking(pair.client))
        XCTAssertNotEqual(fcntl(pair.client.rawValue, F_GETFL) & O_NONBLOCK, 0)
        XCTAssertEqual(try readOnce(pair.client).0, .wouldBlock)
    }

    /// With SIGPIPE at its default action (terminate), a write to a closed peer must fail with
    /// EPIPE: if it raised SIGPIPE, this test process would die.
    func testWriteToClosedPeerThrowsBrokenPipeWithoutSIGPIPE() throws {
        let dir = try TemporaryDirectory()
        let pair = try ConnectedPair(at: dir.file("s.sock"))
        defer { pair.closeAll() }
        let previous = signal(SIGPIPE, SIG_DFL)
        defer { signal(SIGPIPE, previous) }

        try pair.client.close()
        XCTAssertThrowsError(try IO.writeSome(pair.server, Array("late reply\n".utf8))) { error in
            let error = error as? PosixError
            XCTAssertEqual(error?.errno, .brokenPipe)
            XCTAssertEqual(error?.isPeerGone, true)
            XCTAssertEqual(error?.description, "Failed to write to socket: Broken pipe")
        }
    }

    func testWriteReturnsNilWhenTheSocketBufferIsFull() throws {
        let dir = try TemporaryDirectory()
        let pair = try ConnectedPair(at: dir.file("s.sock"))
        defer { pair.closeAll() }
        let chunk = [UInt8](repeating: 0x61, count: 1 << 16)
        var total = 0
        var refused = false
        for _ in 0..<1000 {  // a Unix socket buffers a few hundred KiB at most
            guard let n = try IO.writeSome(pair.server, chunk) else { refused = true; break }
            XCTAssertGreaterThan(n, 0)
            total += n
        }
        XCTAssertTrue(refused, "wrote \(total) bytes without EAGAIN")
        XCTAssertGreaterThan(total, 0)
        var polls = PollSet()
        polls.add(pair.server, events: .writable)
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 0), 0)
    }

    func testWriteSomeFallsBackToWriteOnAPipe() throws {
        let pipe = try FileDescriptor.pipe()
        defer { try? pipe.readEnd.close(); try? pipe.writeEnd.close() }
        XCTAssertEqual(try IO.writeSome(pipe.writeEnd, Array("pipe".utf8)), 4)
        XCTAssertEqual(try readOnce(pipe.readEnd).1, Array("pipe".utf8))
        XCTAssertEqual(try IO.writeSome(pipe.writeEnd, []), 0)
    }

    func testIgnoreSIGPIPESetsTheDispositionToIgnore() {
        let previous = signal(SIGPIPE, SIG_DFL)
        defer { signal(SIGPIPE, previous) }
        IO.ignoreSIGPIPE()
        var action = sigaction()
        XCTAssertEqual(sigaction(SIGPIPE, nil, &action), 0)
        let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
        XCTAssertEqual(handler, unsafeBitCast(SIG_IGN, to: Int.self))
    }
}
