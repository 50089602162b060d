import LearnCore
import Posix
import Wire

/// A bounded ring of periodic samples of the learner's progress, taken on the status tick
/// (every `Timers.statusPeriod`, 2 s) and shown in `status` as `"history"`, so that
/// `learnctl watch` and `learnctl plot` can draw learning curves without keeping state.
///
/// Memory: at most `capacity` samples (~80 bytes each); the oldest is overwritten.
struct History {
    struct Sample: Equatable {
        var unixSeconds: Int64
        var learned: Int
        var recordsPerSecond: Double
        /// Prequential accuracy (classify) or RMSE (regress), over everything learned.
        var score: Double
        /// The same over the recent window (`metrics.recent_window` records).
        var recentScore: Double
        var loss: Double
        var sparsity: Double
        /// Drift detections so far; nil when the status does not carry them.
        var driftEvents: Int?
    }

    static let capacity = 300
    let capacity: Int
    let periodSeconds: Double
    private var ring: [Sample] = []
    /// Index of the oldest sample once the ring is full.
    private var head = 0

    init(capacity: Int = History.capacity, periodSeconds: Double = 2) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.periodSeconds = periodSeconds
        ring.reserveCapacity(capacity)
    }

    /// The samples, oldest first.
    var samples: [Sample] { Array(ring[head...]) + ring[..<head] }

    mutating func append(_ sample: Sample) {
        if ring.count < capacity {
            ring.append(sample)
        } else {
            ring[head] = sample
            head = (head + 1) % capacity
        }
    }

    /// Takes one sample of `status` now (wall clock).
    mutating func sample(_ status: LearnerStatus, recordsPerSecond: Double, driftEvents: Int? = nil) {
        let classify = status.task == .classify
        append(Sample(unixSeconds: WallClock.unixSeconds(), learned: status.learned, recordsPerSecond: recordsPerSecond,
                      score: classify ? status.accuracy : status.rmse,
                      recentScore: classify ? status.recentAccuracy : status.recentRMSE,
                      loss: status.loss, sparsity: status.sparsity, driftEvents: driftEvents))
    }

    /// `{"period_seconds": 2, "samples": [{"unix_seconds", "learned", "records_per_second",
    /// "accuracy", "recent_accuracy" (or "rmse", "recent_rmse"), "loss", "sparsity", "drift_events"}]}`.
    /// Fractions are rounded to 6 decimals, rates to 2, to keep `status` replies small.
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
                    ("drift_events", s.driftEvents.map { .number(Double($0)) } ?? .null),
                ])
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
