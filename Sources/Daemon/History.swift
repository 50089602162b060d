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

    /// The `status` view (`history`): fractions rounded to 6 decimals, rates to 2, to keep replies
    /// small; a value not available (NaN) is nil.
    var status: StatusHistory {
        var h = StatusHistory()
        (h.periodSeconds, h.capacity) = (periodSeconds, capacity)
        h.samples = samples.map { s in
            var out = StatusHistory.Sample()
            (out.unixSeconds, out.learned) = (Int(clamping: s.unixSeconds), s.learned)
            out.recordsPerSecond = Self.rounded(s.recordsPerSecond, 2)
            (out.score, out.recentScore) = (Self.rounded(s.score, 6), Self.rounded(s.recentScore, 6))
            (out.loss, out.sparsity) = (Self.rounded(s.loss, 6), Self.rounded(s.sparsity, 6))
            out.driftDetections = s.driftEvents
            return out
        }
        h.checkpoints = checkpoints.map { StatusHistory.CheckpointMark(unixSeconds: Int(clamping: $0.unixSeconds), learned: $0.learned) }
        return h
    }

    private static func rounded(_ value: Double, _ decimals: Int) -> Double? {
        guard value.isFinite else { return nil }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
