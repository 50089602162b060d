/// Work posted to the I/O thread from other threads (replies, command results, checkpoint
/// outcomes). `post` wakes the poll loop; the I/O thread runs everything in `drain()`.
final class Mailbox: @unchecked Sendable {
    typealias Job = () -> Void
    private let monitor = Monitor()
    private var jobs: [Job] = []
    private let wake: @Sendable () -> Void

    init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

    func post(_ job: @escaping Job) {
        monitor.withLock { jobs.append(job); monitor.broadcast() }
        wake()
    }

    /// I/O thread, after the poll loop: runs posted jobs as they arrive until `done()` holds or
    /// `timeout` passes; whether it holds. Blocks on the mailbox's condition (signalled by `post`).
    func drain(until done: () -> Bool, within timeout: Duration) -> Bool {
        let deadline = ContinuousClock().now + timeout
        while !done() {
            let arrived = monitor.withLock { monitor.wait(until: deadline) { !jobs.isEmpty } }
            guard arrived else { return done() }
            drain()
        }
        return true
    }

    /// I/O thread: runs the jobs posted so far, in order.
    func drain() {
        let taken = monitor.withLock { () -> [Job] in
            defer { jobs.removeAll(keepingCapacity: true) }
            return jobs
        }
        for job in taken { job() }
    }
}
