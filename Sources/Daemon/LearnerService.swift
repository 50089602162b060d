import LearnCore
import Posix
import Protocol
import RecordPath
import Wire

/// The learner thread: takes batches from the queue, learns or predicts each record, sends the
/// replies (predictions and rejections, in order) back to the I/O thread, runs commands between
/// batches, and publishes a status copy.
final class LearnerService: @unchecked Sendable {
    let queue: LearnerQueue
    private let mailbox: Mailbox
    private let deliver: (BatchResult) -> Void
    private let published = Monitor()
    private var status = LearnerStatus()
    // Learner-thread state.
    /// Learns, predicts and rejects; owns the learner (nil while the input width is "auto").
    private let path: RecordPath
    private var learner: TunedLearner? { path.learner }
    private var slowMilliseconds = 0
    private let checkpointEvery: Int
    private var learnedAtLastCheckpoint = 0
    private let onCheckpointDue: (LearnerState) -> Void
    private let onDrift: (DriftReport) -> Void
    /// The self-tuning learner's member resets (after a non-finite step), for the log and the journal.
    private let onTuningEvent: (TuningReset) -> Void
    /// Drift detections already reported through `onDrift`.
    private var driftReported = 0
    private let clock = ContinuousClock()
    private lazy var lastPublish = clock.now

    /// - Parameters:
    ///   - learner: restored or built from a fixed `model.inputs`; nil while the width is "auto".
    ///   - deliver: runs on the I/O thread with each batch's replies.
    ///   - onCheckpointDue: runs on the learner thread with a snapshot every `checkpointEvery` learned records.
    ///   - onDrift: runs on the learner thread after a batch in which the drift detector fired.
    init(queue: LearnerQueue, mailbox: Mailbox, template: LearnerConfig, learner: TunedLearner?,
         fits: @escaping (Int) -> String?, checkpointEvery: Int,
         deliver: @escaping (BatchResult) -> Void,
         onCheckpointDue: @escaping (LearnerState) -> Void,
         onDrift: @escaping (DriftReport) -> Void,
         onTuningEvent: @escaping (TuningReset) -> Void = { _ in }) {
        self.queue = queue
        self.mailbox = mailbox
        self.path = RecordPath(template: template, learner: learner, fits: fits)
        self.checkpointEvery = checkpointEvery
        self.deliver = deliver
        self.onCheckpointDue = onCheckpointDue
        self.onDrift = onDrift
        self.onTuningEvent = onTuningEvent
        learnedAtLastCheckpoint = learner?.counters.learned ?? 0
        driftReported = learner?.drift.detections ?? 0
        publish()
    }

    /// The latest published status (any thread).
    var currentStatus: LearnerStatus { published.withLock { status } }

    /// The input width once known (any thread; read by new connections' parsers).
    var inputs: Int? { published.withLock { status.shape.first } }

    enum Exit { case exited(LearnerState?), running }
    private var exitState: LearnerState?
    private var exited = false

    /// True once the learner thread has drained the closed queue and returned.
    var hasExited: Bool { published.withLock { exited } }

    /// Waits for the learner thread to finish (queue closed and drained, or abandoned), at most
    /// `timeout`; its final state. Signalled by the thread as it exits.
    func waitForExit(within timeout: Duration) -> Exit {
        let deadline = ContinuousClock().now + timeout
        return published.withLock {
            published.wait(until: deadline) { exited } ? .exited(exitState) : .running
        }
    }

    /// Learner thread body; returns when the queue is closed and drained.
    func run() {
        defer {
            publish()
            let state = learner?.snapshot()
            published.withLock { exitState = state; exited = true; published.broadcast() }
        }
        while true {
            let (commands, batch, finished) = queue.next()
            for command in commands { run(command) }
            if let batch {
                var result = BatchResult()
                var done = 0, reported = 0
                let now = WallClock.seconds()
                path.expirePending(now: now)
                for item in batch {
                    if queue.isAbandoned { break }
                    if slowMilliseconds > 0 { OSThread.sleep(milliseconds: slowMilliseconds) }
                    process(item, now: now, into: &result.replies)
                    result.count(item)
                    done += 1
                    // By time, not by count: a slow model still shows progress (status, the watchdog)
                    // at least every `publishPeriod` of work.
                    if clock.now - lastPublish >= Self.publishPeriod {
                        queue.finished(records: done - reported)
                        reported = done
                        publish()
                    }
                }
                reportDrift()
                learner?.takeEvents().forEach(onTuningEvent)
                checkpointIfDue()
                // Room in the queue first, then wake the I/O thread: it resumes reading at once.
                queue.finished(records: done - reported)
                // Caught up, status is exact before any producer hears back (a producer that saw its
                // connection close then finds its records in status); otherwise at most 50 ms old.
                publish(force: queue.pending == 0)
                mailbox.post { [deliver] in deliver(result) }
            } else {
                queue.finished(records: 0)
            }
            if finished { return }
        }
    }

    private func process(_ item: IngestItem, now: Double, into replies: inout [(connection: Int, line: String)]) {
        switch item {
        case .rejected(let rejection, let connection, let line, let json):
            _ = path.rejected(rejection)
            replies.append((connection, Reply.rejection(line: line, reason: rejection.reason, json: json)))
        case .record(let record, let connection, let line, let json):
            switch path.process(record, now: now) {
            case .learned: break
            case .predicted(let prediction):
                replies.append((connection, Self.reply(prediction, json: json, id: record.id)))
            case .rejected(let r): replies.append((connection, Reply.rejection(line: line, reason: r.reason, json: json)))
            }
        }
    }

    static func reply(_ p: Prediction, json: Bool, id: String? = nil) -> String {
        switch p {
        case .label(let name, let confidence):
            Reply.prediction(label: name ?? "?", confidence: confidence, json: json, id: id)
        case .values(let values): Reply.regression(values: values, json: json, id: id)
        }
    }

    private func run(_ command: LearnerCommand) {
        switch command {
        case .predict(let x, let reply):
            let result: Result<Prediction, DaemonError>
            if let learner {
                if x.count != learner.config.inputs {
                    result = .failure(.badRequest("expected \(learner.config.inputs) features, got \(x.count)"))
                } else if let p = learner.predict(x) {
                    result = .success(p)
                } else {
                    result = .failure(.badRequest("non-finite prediction"))
                }
            } else {
                result = .failure(Self.noModel)
            }
            mailbox.post { reply(result) }
        case .snapshot(let reply):
            let state = learner?.snapshot()
            mailbox.post { reply(state) }
        case .restore(let state, let reply):
            if let mismatch = path.template.classMapMismatch(state.labels) {
                mailbox.post { reply(.badRequest("refused: \(mismatch); the running state is unchanged")) }
                return
            }
            let restored = TunedLearner(restoring: state, tuning: TuningConfig(mode: path.template.tuning))
            restored.retune(path.template.keepingModelSettings(of: restored.config))
            path.adopt(restored)
            learnedAtLastCheckpoint = state.counters.learned
            driftReported = state.drift.detections
            publish()
            mailbox.post { reply(nil) }
        case .retune(let config):
            path.template = config
            if let learner { learner.retune(config.keepingModelSettings(of: learner.config)) }
            publish()
        case .expirePending:
            path.expirePending(now: WallClock.seconds())
            publish()
        case .slow(let ms):
            slowMilliseconds = ms
        case .readWeights(let reply):
            let started = clock.now
            let result = learner.map { ($0.modelWeights(), info($0, since: started)) }
            mailbox.post { reply(result.map { .success($0) } ?? .failure(Self.noModel)) }
        case .loadWeights(let weights, let reply):
            mailbox.post { [result = load(weights)] in reply(result) }
        }
    }

    private static let noModel = DaemonError.notReady("no model yet: the input width is fixed by the first valid record")

    /// `set_weights` on the learner thread: into every member, all or nothing (`TunedLearner.load`).
    private func load(_ weights: ModelWeights) -> Result<(changed: Int, info: WeightsInfo), DaemonError> {
        let started = clock.now
        guard let learner else { return .failure(Self.noModel) }
        do {
            let changed = try learner.load(weights)
            publish()
            return .success((changed, info(learner, since: started)))
        } catch {
            return .failure(.badRequest("\(error); the running model is unchanged"))
        }
    }

    private func info(_ learner: TunedLearner, since started: ContinuousClock.Instant) -> WeightsInfo {
        WeightsInfo(task: learner.config.task.rawValue, classes: learner.labels.names, learned: learner.counters.learned,
                    sparsity: learner.sparsity, milliseconds: (clock.now - started).inMilliseconds)
    }

    private func checkpointIfDue() {
        guard checkpointEvery > 0, let learner, learner.counters.learned - learnedAtLastCheckpoint >= checkpointEvery else { return }
        learnedAtLastCheckpoint = learner.counters.learned
        onCheckpointDue(learner.snapshot())
    }

    /// Hands the detections made since the last report to `onDrift`.
    private func reportDrift() {
        guard let learner, learner.drift.detections > driftReported else { return }
        let new = learner.drift.detections - driftReported
        driftReported = learner.drift.detections
        onDrift(DriftReport(events: Array(learner.drift.events.suffix(new)), new: new, total: driftReported,
                            detector: learner.config.driftDetector))
    }

    /// How old the published status may get while the learner works (README: `status` at most
    /// 50 ms old while records are queued); also how often it reports progress to the watchdog.
    static let publishPeriod: Duration = .milliseconds(50)

    /// Copies the learner's status for other threads, at most every `publishPeriod` unless forced.
    private func publish(force: Bool = true) {
        let now = clock.now
        guard force || now - lastPublish >= Self.publishPeriod else { return }
        lastPublish = now
        var s = learner.map(LearnerStatus.init) ?? LearnerStatus()
        if learner == nil { s.rejectedByKind = path.early.rejectedByKind }
        published.withLock { status = s }
    }
}

/// Drift detections made during one batch: the events still kept (the last `DriftMonitor.maxEvents`),
/// how many detections are new (may exceed `events.count`), and the count so far.
struct DriftReport: Sendable {
    var events: [DriftEvent]
    var new: Int
    var total: Int
    var detector: DriftDetectorKind
}

/// One processed batch, handed back to the I/O thread: the replies in order, and how many
/// records of each connection were finished (learned, predicted or rejected).
struct BatchResult: Sendable {
    var replies: [(connection: Int, line: String)] = []
    var finished: [Int: Int] = [:]

    mutating func count(_ item: IngestItem) {
        switch item {
        case .record(_, let connection, _, _), .rejected(_, let connection, _, _): finished[connection, default: 0] += 1
        }
    }
}
