import Posix
import SystemPackage

/// Which listening socket a connection arrives on.
enum Listener: String {
    case ingest, control, metrics
}

/// Accepting at the descriptor limit without spinning (docs/control-protocol.md, "Limits").
///
/// When `accept(2)` fails (EMFILE, ENFILE, ENOMEM, ...), the listener stays readable: polling it
/// again at once would spin. So a failed accept pauses that listener for `period` (its descriptor
/// leaves the poll set), and the failure is logged at most once a period. A closed connection
/// frees a descriptor, so reaping one ends every pause at once.
struct AcceptBackoff {
    /// How long a listener rests after a failed accept.
    static let period: Duration = .seconds(1)
    private var pausedUntil: [Listener: ContinuousClock.Instant] = [:]
    private var lastLogged: ContinuousClock.Instant?
    /// Failures since the last log line (the ones not logged are counted in the next).
    private var unlogged = 0

    /// Whether `listener` may be polled at `now`.
    func accepts(_ listener: Listener, at now: ContinuousClock.Instant) -> Bool {
        pausedUntil[listener].map { now >= $0 } ?? true
    }

    /// The earliest instant a pause ends, for the poll timeout.
    var nextResume: ContinuousClock.Instant? { pausedUntil.values.min() }

    /// Pauses `listener` after `error`; returns the line to log, or nil within a period of the last.
    mutating func failed(_ listener: Listener, _ error: PosixError, at now: ContinuousClock.Instant) -> String? {
        pausedUntil[listener] = now + Self.period
        unlogged += 1
        if let last = lastLogged, now - last < Self.period { return nil }
        lastLogged = now
        defer { unlogged = 0 }
        let more = unlogged > 1 ? " (\(unlogged) times since the last such line)" : ""
        return "Failed to accept \(listener.rawValue) connection: \(error.errno)\(more); "
            + "not accepting \(listener.rawValue) connections for \(Self.period)"
    }

    /// A descriptor was freed: every listener may accept again.
    mutating func resume() { pausedUntil.removeAll() }
}

/// One descriptor held open (on /dev/null) so that the control socket can still accept a client
/// when every other descriptor is in use: at EMFILE, close it, accept, and open it again once a
/// descriptor is free.
struct ReserveDescriptor {
    private(set) var fd: FileDescriptor?

    init() { refill() }

    /// Opens the reserve when it is not held. Failing is expected at the limit: the next
    /// turn of the loop tries again, so the error carries nothing to act on.
    mutating func refill() {
        guard fd == nil else { return }
        fd = try? FileDescriptor.open("/dev/null", .readOnly, options: .closeOnExec)
    }

    /// Closes the reserve, freeing one descriptor; false when none was held.
    mutating func release() -> Bool {
        guard let held = fd else { return false }
        fd = nil
        // close(2) of /dev/null fails only for a bad descriptor, which this one is not.
        try? held.close()
        return true
    }
}
