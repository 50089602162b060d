import LearnCore
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
    private var configTemplate: LearnerConfig
    private var learner: TunedLearner?
    private var early = Counters()   // rejections before the learner exists (input width "auto")
    private var slowMilliseconds = 0
    private let checkpointEvery: Int
    private var learnedAtLastCheckpoint = 0
    private let onCheckpointDue: (LearnerState) -> Void
    private let onDrift: (DriftReport) -> Void
    /// Log lines of the self-tuning learner (a member reset after a non-finite step).
    private let onTuningEvent: (String) -> Void
    /// Drift detections already reported through `onDrift`.
    private var driftReported = 0
    private let clock = ContinuousClock()
    private lazy var lastPublish = clock.now

    /// - Parameters:
    ///   - learner: restored or built from a fixed `model.inputs`; nil while the width is "auto".
    ///   - deliver: runs on the I/O thread with each batch's replies.
    ///   - onCheckpointDue: runs on the learner thread with a snapshot every `checkpointEvery` learned records.
    ///   - onDrift: runs on the learner thread after a batch in which the drift detector fired.
    init(queue: LearnerQueue, mailbox: Mailbox, template: LearnerConfig, learner: TunedLearner?, checkpointEvery: Int,
         deliver: @escaping (BatchResult) -> Void,
         onCheckpointDue: @escaping (LearnerState) -> Void,
         onDrift: @escaping (DriftReport) -> Void,
         onTuningEvent: @escaping (String) -> Void = { _ in }) {
        self.queue = queue
        self.mailbox = mailbox
        self.configTemplate = template
        self.learner = learner
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

    /// Waits for the learner thread to finish (queue closed and drained); its final state.
    func waitForExit(milliseconds: Int) -> Exit {
        published.withLock {
            var waited = 0
            while !exited && waited < milliseconds { published.wait(milliseconds: 10); waited += 10 }
            return exited ? .exited(exitState) : .running
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
                for item in batch {
                    if slowMilliseconds > 0 { OSThread.sleep(milliseconds: slowMilliseconds) }
                    process(item, into: &result.replies)
                    result.count(item)
                }
                reportDrift()
                learner?.takeEvents().forEach(onTuningEvent)
                checkpointIfDue()
                // Room in the queue first, then wake the I/O thread: it resumes reading at once.
                queue.finished(records: batch.count)
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

    private func process(_ item: IngestItem, into replies: inout [(connection: Int, line: String)]) {
        switch item {
        case .rejected(let reason, let kind, let connection, let line, let json):
            count(rejection: kind)
            replies.append((connection, Reply.rejection(line: line, reason: reason, json: json)))
        case .record(let record, let connection, let line, let json):
            if let text = handle(record, json: json) {
                if text.hasPrefix("!") {
                    replies.append((connection, Reply.rejection(line: line, reason: String(text.dropFirst()), json: json)))
                } else {
                    replies.append((connection, text))
                }
            }
        }
    }

    /// Learns or predicts; returns a reply line (a prediction, or "!" + rejection reason), or nil.
    private func handle(_ record: Record, json: Bool) -> String? {
        let learner = learnerFor(width: record.features.count)
        guard record.features.count == learner.config.inputs else {
            count(rejection: "width")
            return "!expected \(learner.config.inputs) features, got \(record.features.count)"
        }
        switch record.target {
        case .none:
            guard let prediction = learner.predict(record.features) else {
                count(rejection: "non-finite")
                return "!non-finite"
            }
            learner.countPrediction()
            return Self.reply(prediction, json: json)
        case .label(let name): return outcome(learner.learn(record.features, target: .label(name)))
        case .values(let values): return outcome(learner.learn(record.features, target: .values(values)))
        }
    }

    private func outcome(_ o: LearnOutcome) -> String? {
        if case .rejected(_, let reason) = o { return "!" + reason }
        return nil
    }

    static func reply(_ p: Prediction, json: Bool) -> String {
        switch p {
        case .label(let name, let confidence): Reply.prediction(label: name ?? "?", confidence: confidence, json: json)
        case .values(let values): Reply.regression(values: values, json: json)
        }
    }

    private func count(rejection kind: String) {
        if let learner { learner.countRejection(kind: kind) } else { early.countRejection(kind: kind) }
    }

    private func learnerFor(width: Int) -> TunedLearner {
        if let learner { return learner }
        var config = configTemplate
        config.inputs = width
        let made = TunedLearner(config: config)
        for (kind, n) in early.rejectedByKind { for _ in 0..<n { made.countRejection(kind: kind) } }
        learner = made
        learnedAtLastCheckpoint = 0
        driftReported = 0
        return made
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
                result = .failure(.notReady("no model yet: the input width is fixed by the first valid record"))
            }
            mailbox.post { reply(result) }
        case .snapshot(let reply):
            let state = learner?.snapshot()
            mailbox.post { reply(state) }
        case .restore(let state, let reply):
            learner = TunedLearner(restoring: state, tuning: TuningConfig(mode: configTemplate.tuning))
            learnedAtLastCheckpoint = state.counters.learned
            driftReported = state.drift.detections
            publish()
            mailbox.post { reply(nil) }
        case .retune(let config):
            configTemplate = config
            learner?.retune(config.with(inputs: learner?.config.inputs ?? config.inputs))
            publish()
        case .slow(let ms):
            slowMilliseconds = ms
        }
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

    /// Copies the learner's status for other threads, at most every 50 ms unless forced.
    private func publish(force: Bool = true) {
        let now = clock.now
        guard force || now - lastPublish >= .milliseconds(50) else { return }
        lastPublish = now
        var s = learner.map(LearnerStatus.init) ?? LearnerStatus()
        if learner == nil { s.rejectedByKind = early.rejectedByKind }
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

extension LearnerConfig {
    func with(inputs: Int) -> LearnerConfig { var c = self; c.inputs = inputs; return c }
}

/// One processed batch, handed back to the I/O thread: the replies in order, and how many
/// records of each connection were finished (learned, predicted or rejected).
struct BatchResult: Sendable {
    var replies: [(connection: Int, line: String)] = []
    var finished: [Int: Int] = [:]

    mutating func count(_ item: IngestItem) {
        switch item {
        case .record(_, let connection, _, _), .rejected(_, _, let connection, _, _): finished[connection, default: 0] += 1
        }
    }
}
