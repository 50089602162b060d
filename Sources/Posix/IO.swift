import CLinuxShims
import Glibc
import SystemPackage

/// What one non-blocking read gave.
public enum IOResult: Equatable, Sendable {
    /// This many bytes (at least 1) are at the start of the buffer.
    case bytes(Int)
    /// Nothing to read now (EAGAIN); poll for `.readable` and try again.
    case wouldBlock
    /// The peer closed its end: no more bytes will come.
    case eof
}

/// Reads and writes on non-blocking descriptors, for a poll loop.
public enum IO {
    /// Reads what is available into `buffer` (`read(2)`), without waiting.
    ///
    /// - Precondition: `buffer` is not empty (a zero-byte read would look like end of input).
    /// - Throws: `PosixError` for a real failure; `isPeerGone` is true for ECONNRESET.
    public static func readSome(
        _ fd: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer
    ) throws(PosixError) -> IOResult {
        precondition(buffer.count > 0, "readSome needs a non-empty buffer")
        do {
            let n = try systemCall("read from descriptor") { Glibc.read(fd.rawValue, buffer.baseAddress, buffer.count) }
            return n == 0 ? .eof : .bytes(n)
        } catch where error.isWouldBlock {
            return .wouldBlock
        }
    }

    /// Writes what the descriptor takes now from `bytes`: `send(2)` with MSG_NOSIGNAL on a
    /// socket, so a closed peer never raises SIGPIPE; `write(2)` on anything else.
    ///
    /// - Returns: the number of bytes written (possibly fewer than given), or nil when the
    ///   descriptor takes nothing now (EAGAIN); poll for `.writable` and try again.
    /// - Throws: `PosixError`; `isPeerGone` is true when the peer has closed (EPIPE, ECONNRESET).
    public static func writeSome(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer) throws(PosixError) -> Int? {
        guard bytes.count > 0 else { return 0 }
        do {
            return try systemCall("write to socket") {
                clinux_send_nosignal(fd.rawValue, bytes.baseAddress, bytes.count)
            }
        } catch where error.isWouldBlock {
            return nil
        } catch where error.errno == .notSocket {
            return try writeToFile(fd, bytes)
        }
    }

    /// `writeSome` over an array of bytes.
    public static func writeSome(_ fd: FileDescriptor, _ bytes: [UInt8]) throws(PosixError) -> Int? {
        // `withUnsafeBytes` rethrows untyped errors; carry the typed one out by hand.
        var failure: PosixError?
        let written = bytes.withUnsafeBytes { buffer -> Int? in
            do throws(PosixError) { return try writeSome(fd, buffer) } catch { failure = error; return nil }
        }
        if let failure { throw failure }
        return written
    }

    /// Ignores SIGPIPE for the whole process (`signal(2)`), so that a write to a closed pipe or
    /// socket fails with EPIPE instead of killing it. Call once at start.
    public static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// `write(2)` for descriptors that are not sockets (pipes, files, terminals).
    private static func writeToFile(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer) throws(PosixError) -> Int? {
        do {
            return try systemCall("write to descriptor") { Glibc.write(fd.rawValue, bytes.baseAddress, bytes.count) }
        } catch where error.isWouldBlock {
            return nil
        }
    }
}
