import CheckpointFormat
import LearnCore
import Protocol
import Posix
import Wire

/// A bounded ring of periodic samples of the learner's progress, taken on the status tick
/// (every `Timers.statusPeriod`, 2 s) and shown in `status` as `"history"`, so that
/// `learnctl watch` and `learnctl plot` can draw learning curves without keeping state; plus the
/// checkpoints written. Carried in every checkpoint (section `HIST`) and restored with it, so a
/// restarted daemon keeps its curves.
///
/// Memory: at most `capacity` samples (64 bytes each) and `capacity` checkpoint marks; the oldest
/// are dropped.
struct History {
    typealias Sample = LearningHistory.Sample

    static let capacity = 300
    let capacity: Int
    let periodSeconds: Double
    private var ring: [Sample] = []
    /// Index of the oldest sample once the ring is full.
    private var head = 0
    /// Checkpoints written, oldest first, at most `capacity`.
    private(set) var checkpoints: [LearningHistory.CheckpointMark] = []

    init(capacity: Int = History.capacity, periodSeconds: Double = 2) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.periodSeconds = periodSeconds
        ring.reserveCapacity(capacity)
    }

    /// The samples, oldest first.
    var samples: [Sample] { Array(ring[head...]) + ring[..<head] }

    /// What a checkpoint carries: the samples and marks, oldest first.
    var snapshot: LearningHistory {
        LearningHistory(periodSeconds: periodSeconds, samples: samples, checkpoints: checkpoints)
    }

    /// Replaces everything with `saved` (a checkpoint's history), keeping its newest `capacity`
    /// samples and marks; this ring's period stays.
    mutating func restore(_ saved: LearningHistory) {
        ring = Array(saved.samples.suffix(capacity))
        head = 0
        checkpoints = Array(saved.checkpoints.suffix(capacity))
    }

    mutating func append(_ sample: Sample) {
        if ring.count < capacity {
            ring.append(sample)
        } else {
            ring[head] = sample
            head = (head + 1) % capacity
        }
    }

    mutating func mark(_ checkpoint: LearningHistory.CheckpointMark) {
        checkpoints.append(checkpoint)
        if checkpoints.count > capacity { checkpoints.removeFirst(checkpoints.count - capacity) }
    }

    /// Takes one sample of `status` now (wall clock). Before the first record is learned there is no
    /// score or loss yet: NaN (null in `status`), not 0.
    mutating func sample(_ status: LearnerStatus, recordsPerSecond: Double) {
        let classify = status.task == .classify
        let scored = status.learned > 0
        func ifScored(_ value: Double) -> Double { scored ? value : .nan }
        append(Sample(unixSeconds: WallClock.unixSeconds(), learned: status.learned, recordsPerSecond: recordsPerSecond,
                      score: ifScored(classify ? status.accuracy : status.rmse),
                      recentScore: ifScored(classify ? status.recentAccuracy : status.recentRMSE),
                      loss: ifScored(status.loss), sparsity: status.sparsity, driftEvents: status.driftDetections))
    }

    /// `{"period_seconds": 2, "capacity": 300, "samples": [{"unix_seconds", "learned", "records_per_second",
    /// "accuracy", "recent_accuracy" (or "rmse", "recent_rmse"), "loss", "sparsity", "drift_detections"}],
    /// "checkpoints": [{"unix_seconds", "learned"}]}`.
    /// Fractions are rounded to 6 decimals, rates to 2, to keep `status` replies small; a value not
    /// available is null.
    func json(task: Task) -> JSON {
        let (scoreKey, recentKey) = task == .classify ? ("accuracy", "recent_accuracy") : ("rmse", "recent_rmse")
        return .object([
            ("period_seconds", .number(periodSeconds)),
            ("capacity", .number(Double(capacity))),
            ("samples", .array(samples.map { s in
                .object([
                    ("unix_seconds", .number(Double(s.unixSeconds))), ("learned", .number(Double(s.learned))),
                    ("records_per_second", Self.rounded(s.recordsPerSecond, 2)),
                    (scoreKey, Self.rounded(s.score, 6)), (recentKey, Self.rounded(s.recentScore, 6)),
                    ("loss", Self.rounded(s.loss, 6)), ("sparsity", Self.rounded(s.sparsity, 6)),
                    (ReportKey.sampleDriftDetections, .number(Double(s.driftEvents))),
                ])
            })),
            ("checkpoints", .array(checkpoints.map {
                .object([("unix_seconds", .number(Double($0.unixSeconds))), ("learned", .number(Double($0.learned)))])
            })),
        ])
    }

    private static func rounded(_ value: Double, _ decimals: Int) -> JSON {
        guard value.isFinite else { return .null }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return .number((value * scale).rounded() / scale)
    }
}
