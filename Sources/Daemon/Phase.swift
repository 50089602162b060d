import Posix

/// The lifecycle of `learnd serve`, each phase owning what only it needs (no member optional):
/// `running` accepts and learns; `draining` (after SIGTERM/SIGINT) has closed the listeners and
/// learns what is queued until its deadline; `stopped` ends the loop, and the final checkpoint
/// follows (Lifecycle.swift).
enum Phase {
    case running(Running)
    case draining(Draining)
    case stopped
}

/// What accepting connections needs: the listening sockets, the back-off of each after a failed
/// accept, and the descriptor kept in reserve so the control socket still answers at the limit.
/// A class: the poll loop updates the back-off and the reserve in place.
final class Running {
    let listeners: Listeners
    var backoff = AcceptBackoff()
    var reserve = ReserveDescriptor()

    init(listeners: Listeners) { self.listeners = listeners }

    /// The step out of running: the listeners close (their socket files go) and the reserve is freed.
    func close() {
        listeners.close()
        _ = reserve.release()
    }
}

/// Draining: no more connections are accepted; the queue is learned until `deadline`.
struct Draining {
    let deadline: ContinuousClock.Instant
}

/// What a reload did: the keys it changed, or why the old configuration stays.
enum ReloadOutcome: Equatable {
    case applied(changed: [String])
    case refused(String)
}

/// Why an action asked for (a checkpoint, a restore) was not done, in the words the asker reads.
struct Refusal: Error, CustomStringConvertible {
    let description: String
}
