import CLinuxShims
import Glibc
import SystemPackage

/// Signals delivered as readable data on a descriptor (`signalfd(2)`), for a poll loop.
///
/// `make` blocks the signals in the calling thread's mask, so that they stay pending for the
/// descriptor instead of running a handler or the default action. Threads inherit the mask of
/// the thread that creates them, so call `make` on the main thread **before any other thread
/// starts**: a thread that does not block them would take a process-directed signal (`kill`)
/// and die of it, or swallow it.
public struct SignalFD: Sendable {
    /// Readable when a signal is pending; non-blocking and close-on-exec.
    public let fd: FileDescriptor
    /// The signals this descriptor takes, such as `SIGTERM`.
    public let signals: [Int32]

    /// Blocks `signals` in the calling thread (`pthread_sigmask(3)`) and opens a descriptor
    /// that reads them (`signalfd(2)` with SFD_NONBLOCK | SFD_CLOEXEC).
    public static func make(signals: [Int32]) throws(PosixError) -> SignalFD {
        _ = try systemCall("block signals") { clinux_block_signals(signals, Int32(signals.count)) }
        let raw = try systemCall("create signalfd") { clinux_signalfd(signals, Int32(signals.count)) }
        return SignalFD(fd: FileDescriptor(rawValue: raw), signals: signals)
    }

    /// Takes every pending signal (`read(2)` of `signalfd_siginfo` until EAGAIN), in the order
    /// the kernel gives them; empty when none is pending. Standard signals do not queue: a
    /// signal sent twice before a read is read once.
    public func read() throws(PosixError) -> [Int32] {
        var taken: [Int32] = []
        while true {
            var signal: Int32 = 0
            do {
                _ = try systemCall("read signalfd") { clinux_signalfd_read(fd.rawValue, &signal) }
                taken.append(signal)
            } catch where error.isWouldBlock {
                return taken
            }
        }
    }

    /// Closes the descriptor (`close(2)`). The signals stay blocked in the threads that block them.
    public func close() throws {
        try fd.close()
    }
}

/// A counter on a descriptor (`eventfd(2)`) that one thread bumps to wake another's poll.
///
/// Cheap and safe to call from any thread; several `signal()` calls before a `drain()` wake
/// the poller once.
public struct EventFD: Sendable {
    /// Readable while the counter is not zero; non-blocking and close-on-exec.
    public let fd: FileDescriptor

    /// Opens a new counter at zero (`eventfd(2)` with EFD_NONBLOCK | EFD_CLOEXEC).
    public static func make() throws(PosixError) -> EventFD {
        let raw = try systemCall("create eventfd") { clinux_eventfd() }
        return EventFD(fd: FileDescriptor(rawValue: raw))
    }

    /// Adds 1 to the counter (`eventfd_write(3)`), making `fd` readable. A counter so full
    /// that the write would block is already readable, so failure needs no handling.
    public func signal() {
        _ = try? systemCall("write eventfd") { clinux_eventfd_write(fd.rawValue, 1) }
    }

    /// Takes the counter back to zero (`eventfd_read(3)`) and returns what it held (0 if it
    /// was zero already).
    @discardableResult
    public func drain() -> UInt64 {
        var value: UInt64 = 0
        guard (try? systemCall("read eventfd", { clinux_eventfd_read(fd.rawValue, &value) })) != nil else { return 0 }
        return value
    }

    /// Closes the descriptor (`close(2)`).
    public func close() throws {
        try fd.close()
    }
}
