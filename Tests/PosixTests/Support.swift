import Foundation
import Posix
import SystemPackage
import XCTest

/// A fresh directory under /tmp (short paths: sun_path holds 107 bytes), removed at deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = "/tmp/posix-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A listener, one connected client (blocking) and the accepted server side (non-blocking).
struct ConnectedPair {
    let listener: FileDescriptor
    let client: FileDescriptor
    let server: FileDescriptor

    init(at path: String) throws {
        listener = try UnixSocket.listen(path: path, mode: 0o600)
        client = try UnixSocket.connect(path: path)
        guard let accepted = try UnixSocket.accept(listener) else {
            throw PosixError(operation: "accept test connection", path: path, errno: .wouldBlock)
        }
        server = accepted
    }

    func closeAll() {
        for fd in [listener, client, server] { try? fd.close() }
    }
}

/// `lstat(2)` of `path`, failing the test if there is nothing there.
func fileStatus(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> stat? {
    var status = stat()
    guard lstat(path, &status) == 0 else {
        XCTFail("nothing at \(path)", file: file, line: line)
        return nil
    }
    return status
}

/// Writes all of `text` to a blocking descriptor.
func send(_ text: String, to fd: FileDescriptor) throws {
    let bytes = Array(text.utf8)
    var sent = 0
    while sent < bytes.count {
        guard let n = try IO.writeSome(fd, Array(bytes[sent...])) else { continue }
        sent += n
    }
}

/// Reads once from `fd` into a fresh 256-byte buffer.
func readOnce(_ fd: FileDescriptor) throws -> (IOResult, [UInt8]) {
    var buffer = [UInt8](repeating: 0, count: 256)
    let result = try buffer.withUnsafeMutableBytes { try IO.readSome(fd, into: $0) }
    if case .bytes(let n) = result { return (result, Array(buffer[..<n])) }
    return (result, [])
}
