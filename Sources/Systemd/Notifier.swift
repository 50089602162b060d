import CSystemd
import Glibc

/// What became of one notification to the service manager.
public enum NotifyResult: Equatable, Sendable {
    /// The datagram was sent to `$NOTIFY_SOCKET`.
    case sent
    /// `$NOTIFY_SOCKET` is not set: not running under systemd, which is normal and no error.
    case notUnderSystemd
    /// Sending failed; `errno` is the error number (`EAGAIN`: the manager's queue was full and this
    /// notification was dropped rather than waited for).
    case failed(errno: Int32)
}

/// The one wrapper over libsystemd's sd-daemon(3): notifications (sent as sd_notify does, but never blocking:
/// `learnd_notify` in the CSystemd shim), the watchdog period, socket activation.
///
/// Reads the environment afresh on each call and never unsets `NOTIFY_SOCKET` or `WATCHDOG_USEC`, so that
/// every notification of the process's life reaches the manager.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Sends one notification, e.g. `"READY=1"`, `"STATUS=..."`, `"WATCHDOG=1"`, or several as
    /// newline-separated `KEY=VALUE` assignments, as `sd_notify(0, state)` does (sd_notify(3)), except that a
    /// full queue at the manager drops this notification (`.failed(errno: EAGAIN)`) instead of blocking.
    public func send(_ state: String) -> NotifyResult {
        let result = learnd_notify(state)
        if result > 0 { return .sent }
        if result == 0 { return .notUnderSystemd }
        return .failed(errno: -result)
    }

    /// The period within which the service must send `"WATCHDOG=1"` (`$WATCHDOG_USEC`, in µs, read by
    /// `sd_watchdog_enabled(0, &usec)`), or nil when no watchdog is asked for of this process: unset,
    /// meant for another process (`$WATCHDOG_PID`), or malformed. sd-daemon(3) advises pinging at half of it.
    public var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0 else { return nil }
        return .microseconds(microseconds)
    }

    /// The file descriptors passed by socket activation (`$LISTEN_FDS`, `$LISTEN_FDNAMES`, `$LISTEN_PID`), in
    /// order from fd 3 (`SD_LISTEN_FDS_START`), with their names (`FileDescriptorName=` of the socket unit,
    /// `"unknown"` when unnamed). Empty when none were passed to this process or the variables are malformed.
    ///
    /// Wraps `sd_listen_fds_with_names(1, &names)`: it unsets the three variables, so that child processes do
    /// not inherit them, and sets `FD_CLOEXEC` on the descriptors. Call it once, early in `main`, **before any
    /// thread starts**: changing the environment while another thread may read it is undefined behaviour.
    public static func listenFileDescriptors() -> [(name: String, fd: Int32)] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        defer {
            if let names {
                for index in 0..<Int(max(count, 0)) { free(names[index]) }
                free(names)
            }
        }
        guard count > 0 else { return [] }
        return (0..<count).map { index in
            let name = names?[Int(index)].map { String(cString: $0) } ?? "unknown"
            return (name: name, fd: SD_LISTEN_FDS_START + index)
        }
    }
}
