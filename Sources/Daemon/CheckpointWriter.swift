import CheckpointFormat
import LearnCore
import Posix
import Storage

/// The checkpoint writer thread: encodes snapshots (LZ4) and writes them durably, off the I/O
/// and learner threads, so ingest does not stall. Results come back through the mailbox.
///
/// The thread runs at nice `CheckpointWriter.nice`: when the CPUs are busy, the learner and
/// I/O threads (nice 0, ~10 times its CFS weight) go first and a checkpoint waits its turn,
/// instead of an encode delaying the replies of a small box's two cores.
final class CheckpointWriter: @unchecked Sendable {
    /// The writer thread's nice value, relative to the daemon's (`Nice=` of the unit).
    static let niceIncrement = 10

    struct Outcome: Sendable {
        var reason: String
        var path: String?
        var bytes: Int
        var milliseconds: Double
        var error: String?
    }

    private let monitor = Monitor()
    private struct Job {
        var state: LearnerState
        var reason: String
        var configText: String
        var coalesce: Bool
        var completion: (Outcome) -> Void
    }
    private var jobs: [Job] = []
    private var stopping = false
    private var stopped = false
    private let directory: String
    var keep: Int
    private let mailbox: Mailbox
    private let configText: () -> String

    init(directory: String, keep: Int, mailbox: Mailbox, configText: @escaping () -> String) {
        self.directory = directory
        self.keep = keep
        self.mailbox = mailbox
        self.configText = configText
    }

    /// Queues a write. A periodic write (`coalesce`) that finds the previous periodic one still
    /// waiting replaces its snapshot instead of queueing behind it, so a slow disk never lets
    /// snapshots pile up in memory.
    func write(_ state: LearnerState, reason: String, coalesce: Bool = false, completion: @escaping (Outcome) -> Void) {
        let job = Job(state: state, reason: reason, configText: configText(), coalesce: coalesce, completion: completion)
        monitor.withLock {
            if coalesce, let last = jobs.last, last.coalesce { jobs[jobs.count - 1] = job } else { jobs.append(job) }
            monitor.broadcast()
        }
    }

    /// Finishes queued writes, then stops the thread.
    func stop() {
        monitor.withLock {
            stopping = true
            monitor.broadcast()
            while !stopped { monitor.wait(milliseconds: 50) }
        }
    }

    /// The thread's body. `lowered` is told whether the thread's priority could be lowered
    /// (a system-call filter without `setpriority` refuses it; the writer then runs at the
    /// daemon's priority).
    func run(lowered: (Result<Int, PosixError>) -> Void = { _ in }) {
        lowered(Result { () throws(PosixError) -> Int in
            let nice = CurrentThread.nice() + Self.niceIncrement
            try CurrentThread.setNice(nice)
            return CurrentThread.nice()
        })
        while true {
            let next = monitor.withLock { () -> (Job, Int)? in
                while jobs.isEmpty && !stopping { monitor.wait(milliseconds: 500) }
                guard !jobs.isEmpty else { stopped = true; monitor.broadcast(); return nil }
                return (jobs.removeFirst(), keep)
            }
            guard let (job, keep) = next else { return }
            let outcome = perform(job.state, reason: job.reason, configText: job.configText, keep: keep)
            mailbox.post { job.completion(outcome) }
        }
    }

    private func perform(_ state: LearnerState, reason: String, configText: String, keep: Int) -> Outcome {
        let clock = ContinuousClock(), start = clock.now
        do {
            let meta = CheckpointMeta(createdUnixSeconds: WallClock.unixSeconds(), learndVersion: Version.string,
                                      configText: configText)
            let bytes = try Checkpoint.encode(state, meta: meta)
            let store = CheckpointStore(directory: directory, keep: keep)
            let path = try store.save(bytes, now: WallClock.unixSeconds())
            let d = clock.now - start
            return Outcome(reason: reason, path: "\(path)", bytes: bytes.count,
                           milliseconds: Double(d.components.attoseconds) * 1e-15 + Double(d.components.seconds) * 1e3)
        } catch {
            return Outcome(reason: reason, path: nil, bytes: 0, milliseconds: 0, error: "\(error)")
        }
    }
}
