import Posix
import SystemPackage
import Systemd

/// Failures at the edge that the daemon survives: each is logged once with its cause, systemd
/// style ("Failed to X: reason, ignoring"), instead of being dropped or repeated every turn.
struct EdgeFailures {
    private var logged: Set<String> = []

    /// True the first time `what` fails (log it then), false after.
    mutating func firstTime(_ what: String) -> Bool { logged.insert(what).inserted }
}

extension Server {
    /// Sends `state` to the service manager. Not running under systemd is normal; a failed send is
    /// logged once per kind of notification (STATUS= and WATCHDOG= would repeat it every period).
    func notify(_ state: String) {
        guard case .failed(let errno) = notifier.send(state) else { return }
        let kind = String(state.prefix(while: { $0 != "=" }))
        if failures.firstTime("notify " + kind) {
            log.warning("Failed to send \(kind)= to the service manager: \(Errno(rawValue: errno)), ignoring")
        }
    }

    /// Waits for the poll set; a failure (ENOMEM, EINVAL) is logged once and taken as a timeout,
    /// so the loop's timers and the mailbox still run.
    func wait(_ poll: inout PollSet, timeoutMilliseconds: Int32) {
        do {
            _ = try poll.wait(timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            if failures.firstTime("poll") { log.error("\(error), ignoring") }
        }
    }

    /// The signals delivered since the last call; a failed read is logged once and yields none.
    func takeSignals() -> [Int32] {
        do {
            return try signals.read()
        } catch {
            if failures.firstTime("signalfd") { log.error("\(error), ignoring") }
            return []
        }
    }
}
