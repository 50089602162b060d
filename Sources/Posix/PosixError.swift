import Glibc
import SystemPackage

/// A failed system call: what was being done, to which path (if any), and why.
///
/// Its description reads like a systemd log line, ready to print at the edge as is:
/// `Failed to bind '/run/learnd/ingest.sock': Address already in use`.
public struct PosixError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What failed, as the verb phrase after "Failed to" (`bind`, `connect to`, `read from socket`).
    public let operation: String
    /// The file the operation was about, when there is one.
    public let path: String?
    /// The C `errno` the call left (or the closest one, for checks made before any call).
    public let errno: Errno
    /// A sentence that replaces `strerror(errno)` when it says more (what is wrong, what to do).
    public let reason: String?

    public init(operation: String, path: String? = nil, errno: Errno, reason: String? = nil) {
        self.operation = operation
        self.path = path
        self.errno = errno
        self.reason = reason
    }

    public var description: String {
        let subject = path.map { "Failed to \(operation) '\($0)'" } ?? "Failed to \(operation)"
        return "\(subject): \(reason ?? errno.description)"
    }

    /// True when the other end of a connection is gone (EPIPE or ECONNRESET): close it, carry on.
    public var isPeerGone: Bool { errno == .brokenPipe || errno == .connectionReset }

    /// True when a non-blocking call would have had to wait (EAGAIN, EWOULDBLOCK).
    var isWouldBlock: Bool { errno == .wouldBlock || errno == .resourceTemporarilyUnavailable }
}

/// The calling thread's current `errno`, typed.
func currentErrno() -> Errno {
    Errno(rawValue: Glibc.errno)
}

/// Runs `call` (a C function returning -1 and setting `errno` on failure) until it does not
/// fail with EINTR, and returns its result; any other failure becomes a `PosixError`.
///
/// This is the one place that retries interrupted calls. Pass `retryOnInterrupt: false` for
/// calls whose retry would not mean the same (`connect(2)`) or that must return to the caller
/// so that it can look at its signals (`poll(2)`).
func systemCall<Result: FixedWidthInteger>(
    _ operation: String, path: String? = nil, retryOnInterrupt: Bool = true, _ call: () -> Result
) throws(PosixError) -> Result {
    while true {
        let result = call()
        guard result == -1 else { return result }
        let error = currentErrno()
        guard retryOnInterrupt && error == .interrupted else {
            throw PosixError(operation: operation, path: path, errno: error)
        }
    }
}
