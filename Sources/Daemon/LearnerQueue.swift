import LearnCore
import Protocol
import Synchronization
import Wire

/// What the ingest side hands the learner, in the order records arrived on their connection.
/// Parse rejections travel the same way, so each connection's replies stay in order and every
/// record is counted in one place.
enum IngestItem: Sendable {
    case record(Record, connection: Int, line: Int, json: Bool)
    case rejected(Rejection, connection: Int, line: Int, json: Bool)
}

/// A request the learner thread runs between records; `reply` runs back on the I/O thread.
enum LearnerCommand: @unchecked Sendable {
    case predict([Float], reply: (Result<Prediction, DaemonError>) -> Void)
    case snapshot(reply: (LearnerState?) -> Void)
    case restore(LearnerState, reply: (DaemonError?) -> Void)
    case retune(LearnerConfig)
    /// Drop the pending predictions older than `labels.pending_seconds` (sent on the status tick, so
    /// that they expire while no record arrives too).
    case expirePending
    /// Live weights: read the model, or replace it (all or nothing) between two batches.
    case readWeights(reply: (Result<(ModelWeights, WeightsInfo), DaemonError>) -> Void)
    case loadWeights(ModelWeights, reply: (Result<(changed: Int, info: WeightsInfo), DaemonError>) -> Void)
    /// Test-only fault injection (enabled by LEARND_TEST_FAULTS=1): slow the learner down by a
    /// number of milliseconds per record. (Stalling is `LearnerQueue.stalled`.)
    case slow(milliseconds: Int)
}

/// The bounded hand-off between the I/O thread and the learner thread.
///
/// Invariants: `pending` counts the records queued; the I/O thread stops reading producers while
/// `isFull` (backpressure), so `pending ≤ capacity + one read chunk per connection`. Nothing is
/// ever dropped here. `progress` grows whenever the learner finishes a batch or a command.
final class LearnerQueue: @unchecked Sendable {
    let capacity: Int
    private let monitor = Monitor()
    private var batches: [[IngestItem]] = []
    private var head = 0
    private var commands: [LearnerCommand] = []
    private var pendingUnlocked = 0
    private var closed = false
    private var progressCount: UInt64 = 0
    private var idle = true

    init(capacity: Int) { self.capacity = capacity }

    var pending: Int { monitor.withLock { pendingUnlocked } }
    var isClosed: Bool { monitor.withLock { closed } }

    /// Test-only fault: while true the learner takes no work (and the watchdog must notice).
    var stalled: Bool {
        get { monitor.withLock { stalledFlag } }
        set { monitor.withLock { stalledFlag = newValue; monitor.broadcast() } }
    }
    private var stalledFlag = false
    var isFull: Bool { monitor.withLock { pendingUnlocked >= capacity } }

    func push(_ batch: [IngestItem]) {
        guard !batch.isEmpty else { return }
        monitor.withLock {
            batches.append(batch)
            pendingUnlocked += batch.count
            monitor.broadcast()
        }
    }

    func send(_ command: LearnerCommand) {
        monitor.withLock { commands.append(command); monitor.broadcast() }
    }

    /// No more records will come; the learner drains what is queued and stops.
    func close() { monitor.withLock { closed = true; monitor.broadcast() } }

    /// The shutdown deadline passed: the queued batches are dropped and the learner stops after
    /// the record it is learning (it checks `isAbandoned` between records), so that what it
    /// learned can still be saved. The dropped records stay in `pending`.
    func abandon() {
        abandonedFlag.store(true, ordering: .relaxed)
        monitor.withLock {
            closed = true
            batches.removeAll()
            head = 0
            commands.removeAll()
            monitor.broadcast()
        }
    }

    /// Learner side, between records: whether to stop now. An atomic load, cheap per record.
    var isAbandoned: Bool { abandonedFlag.load(ordering: .relaxed) }
    private let abandonedFlag = Atomic<Bool>(false)

    /// Learner side: waits for work. Returns commands and at most one batch; nil batch and no
    /// commands with `finished` true means closed and drained.
    func next() -> (commands: [LearnerCommand], batch: [IngestItem]?, finished: Bool) {
        monitor.withLock {
            while stalledFlag || (commands.isEmpty && head == batches.count && !closed) {
                idle = !stalledFlag
                monitor.wait(for: .seconds(1))   // signalled by push, send, close, stall changes
                if stalledFlag && closed { break }
            }
            idle = false
            let taken = commands
            commands.removeAll()
            var batch: [IngestItem]? = nil
            if head < batches.count {
                batch = batches[head]
                batches[head] = []   // release the records now, not at the next compaction
                head += 1
                if head > 64 && head * 2 > batches.count { batches.removeFirst(head); head = 0 }
            }
            return (taken, batch, closed && batch == nil && taken.isEmpty && head == batches.count)
        }
    }

    /// Learner side: a batch of `count` records is done.
    func finished(records count: Int) {
        monitor.withLock { pendingUnlocked -= count; progressCount &+= 1 }
    }

    /// For the watchdog: a counter that grows with progress, and whether the learner waits idle
    /// with nothing queued.
    func health() -> (progress: UInt64, idleAndEmpty: Bool) {
        monitor.withLock { (progressCount, idle && pendingUnlocked == 0 && commands.isEmpty) }
    }
}
