import Foundation
import Posix
import SystemPackage
import XCTest

final class UnixSocketTests: XCTestCase {
    func testRoundTripBetweenClientAndAcceptedConnection() throws {
        let dir = try TemporaryDirectory()
        let pair = try ConnectedPair(at: dir.file("s.sock"))
        defer { pair.closeAll() }

        try send("hello\n", to: pair.client)
        var polls = PollSet()
        polls.add(pair.server, events: .readable)
        XCTAssertEqual(try polls.wait(timeoutMilliseconds: 2000), 1)
        let (result, bytes) = try readOnce(pair.server)
        XCTAssertEqual(result, .bytes(6))
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "hello\n")

        XCTAssertEqual(try IO.writeSome(pair.server, Array("ok\n".utf8)), 3)
        let (reply, replyBytes) = try readOnce(pair.client)
        XCTAssertEqual(reply, .bytes(3))
        XCTAssertEqual(replyBytes, Array("ok\n".utf8))
    }

    func testAcceptReturnsNilWhenNoConnectionIsPending() throws {
        let dir = try TemporaryDirectory()
        let listener = try UnixSocket.listen(path: dir.file("s.sock"))
        defer { try? listener.close() }
        XCTAssertNil(try UnixSocket.accept(listener))
    }

    func testPeerCredentialsAreThoseOfThisProcess() throws {
        let dir = try TemporaryDirectory()
        let pair = try ConnectedPair(at: dir.file("s.sock"))
        defer { pair.closeAll() }
        let expected = PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid())
        XCTAssertEqual(try UnixSocket.peerCredentials(pair.server), expected)
        XCTAssertEqual(try UnixSocket.peerCredentials(pair.client), expected)
    }

    func testModeIsAppliedToTheSocketFile() throws {
        let dir = try TemporaryDirectory()
        for mode: UInt32 in [0o600, 0o660, 0o666] {
            let path = dir.file("m\(String(mode, radix: 8)).sock")
            let listener = try UnixSocket.listen(path: path, mode: mode)
            defer { try? listener.close() }
            let status = try XCTUnwrap(fileStatus(path))
            XCTAssertEqual(status.st_mode & S_IFMT, S_IFSOCK)
            XCTAssertEqual(status.st_mode & 0o7777, mode, "mode \(String(mode, radix: 8))")
        }
    }

    func testStaleSocketFileIsReplaced() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("stale.sock")
        let old = try UnixSocket.listen(path: path)
        try old.close()  // the file stays behind, as after a crash
        XCTAssertNotNil(fileStatus(path))

        let pair = try ConnectedPair(at: path)
        defer { pair.closeAll() }
        try send("x", to: pair.client)
        XCTAssertEqual(try readOnce(pair.server).1, Array("x".utf8))
    }

    func testLiveListenerIsNotReplaced() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("live.sock")
        let first = try UnixSocket.listen(path: path)
        defer { try? first.close() }
        XCTAssertThrowsError(try UnixSocket.listen(path: path)) { error in
            let error = error as? PosixError
            XCTAssertEqual(error?.errno, .addressInUse)
            let description = error?.description ?? ""
            XCTAssertTrue(description.hasPrefix("Failed to bind '\(path)': another process is listening"), description)
        }
        let client = try UnixSocket.connect(path: path)  // the first listener still works
        defer { try? client.close() }
        XCTAssertNotNil(try UnixSocket.accept(first))
    }

    func testFileThatIsNotASocketIsRefusedAndKept() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("data.txt")
        try "precious\n".write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try UnixSocket.listen(path: path)) { error in
            let error = error as? PosixError
            XCTAssertEqual(error?.errno, .fileExists)
            let reason = "a file that is not a socket is in the way; move it or choose another path"
            XCTAssertEqual(error?.description, "Failed to bind '\(path)': \(reason)")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "precious\n")
        UnixSocket.unlink(path)  // only removes sockets
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testOverlongPathIsRefusedWithAClearError() throws {
        let path = "/tmp/" + String(repeating: "a", count: 120) + ".sock"
        XCTAssertEqual(UnixSocket.maximumPathBytes, 107)
        XCTAssertThrowsError(try UnixSocket.listen(path: path)) { error in
            let error = error as? PosixError
            XCTAssertEqual(error?.errno, .fileNameTooLong)
            XCTAssertTrue(error?.description.contains("the path is 130 bytes, longer than the 107") ?? false,
                          error?.description ?? "")
        }
        XCTAssertThrowsError(try UnixSocket.connect(path: path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testCreateParentMakesMissingDirectories() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("run/learnd/ingest.sock")
        XCTAssertThrowsError(try UnixSocket.listen(path: path)) { error in
            XCTAssertEqual((error as? PosixError)?.errno, .noSuchFileOrDirectory)
        }
        let listener = try UnixSocket.listen(path: path, createParent: true)
        defer { try? listener.close() }
        XCTAssertEqual(fileStatus(dir.file("run/learnd")).map { $0.st_mode & S_IFMT }, S_IFDIR)
        UnixSocket.unlink(path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testIsListeningUnixSocket() throws {
        let dir = try TemporaryDirectory()
        let pair = try ConnectedPair(at: dir.file("s.sock"))
        defer { pair.closeAll() }
        let pipe = try FileDescriptor.pipe()
        defer { try? pipe.readEnd.close(); try? pipe.writeEnd.close() }
        XCTAssertTrue(UnixSocket.isListeningUnixSocket(pair.listener))
        XCTAssertFalse(UnixSocket.isListeningUnixSocket(pair.server))
        XCTAssertFalse(UnixSocket.isListeningUnixSocket(pair.client))
        XCTAssertFalse(UnixSocket.isListeningUnixSocket(pipe.readEnd))
    }

    func testGroupLookupAndChown() throws {
        XCTAssertEqual(UnixSocket.groupID(named: "root"), 0)
        XCTAssertNil(UnixSocket.groupID(named: "no-such-group-learnd-test"))
        let dir = try TemporaryDirectory()
        let path = dir.file("s.sock")
        let listener = try UnixSocket.listen(path: path)
        defer { try? listener.close() }
        try UnixSocket.chown(path: path, uid: nil, gid: getgid())
        XCTAssertEqual(fileStatus(path)?.st_gid, getgid())
        XCTAssertEqual(fileStatus(path)?.st_uid, getuid())
        XCTAssertThrowsError(try UnixSocket.chown(path: dir.file("missing"), uid: nil, gid: 0)) { error in
            XCTAssertEqual("\(error)", "Failed to change owner of '\(dir.file("missing"))': No such file or directory")
        }
    }

    func testErrorDescriptionReadsLikeSystemd() {
        let error = PosixError(operation: "bind", path: "/run/learnd/ingest.sock", errno: .addressInUse)
        XCTAssertEqual(error.description, "Failed to bind '/run/learnd/ingest.sock': Address already in use")
        XCTAssertEqual(PosixError(operation: "poll", errno: .badFileDescriptor).description,
                       "Failed to poll: Bad file descriptor")
    }
}
