import Wire

/// The figures learnd exposes to Prometheus, as plain values: built by the daemon from what `status` reads
/// (the learner's counters, which a restore brings back, and the I/O thread's), turned into metric families by
/// `families`. Counts are totals since the counter's origin: the learner's since the model's first record (they
/// travel in checkpoints), the I/O side's since this process started.
public struct LearndMetrics: Equatable, Sendable {
    /// The prequential score: accuracy (classify, ratios in 0...1) or RMSE (regress, in target units), over
    /// every record so far and over the recent window (`metrics.recent_window`).
    public enum Score: Equatable, Sendable {
        case accuracy(all: Double, recent: Double)
        case rmse(all: Double, recent: Double)
    }

    public var version = ""
    /// The kernel release (`uname -r`).
    public var kernel = ""
    /// "classify" or "regress".
    public var task = "classify"
    public var learned = 0
    public var predicted = 0
    /// Rejected records per kind (`width`, `too-long`, `parse`); their sum is the rejected outcome.
    public var rejectedByKind: [String: Int] = [:]
    public var driftDetections = 0
    /// Delayed labels (status `labels.*`): predictions waiting now, and labels matched, expired, evicted.
    public var labels = Labels()
    /// Step-size tuning (status `tuning.*`): each member's learning rate in member order (one with
    /// `train.tuning = "off"`), and members reset after a non-finite step (a total).
    public var learningRates: [Double] = []
    public var tuningResets = 0
    public var checkpointsWritten = 0
    public var checkpointsFailed = 0
    public var repliesDropped = 0
    public var ingestAccepted = 0
    public var controlAccepted = 0
    public var controlRefused = 0
    public var score = Score.accuracy(all: 0, recent: 0)
    /// Mean training loss over the recent window.
    public var loss = 0.0
    /// Fraction of weights pruned to zero, 0...1.
    public var sparsity = 0.0
    public var replayRecords = 0
    public var replayCapacity = 0
    /// Records waiting for the learner.
    public var queuedRecords = 0
    public var openIngest = 0
    public var openControl = 0
    /// The last checkpoint this process wrote; nil before its first.
    public var lastCheckpoint: CheckpointFigures?
    /// `checkpoint.every_seconds` (0 = off): the alert rules compare the last checkpoint's age with it.
    public var checkpointIntervalSeconds = 0.0
    /// Resident set size in bytes, nil where /proc cannot be read.
    public var residentBytes: Int?
    /// Unix time (s) at which this process started.
    public var startUnixSeconds = 0.0

    /// The kinds always exposed (0 until seen), so that `rate()` has a series from the first scrape.
    public static let knownRejectionKinds = [RejectionKind.parse, .tooLong, .width].map(\.rawValue)

    public init() {}

    /// When (Unix time, s) the last checkpoint was written, and its size in bytes.
    public struct CheckpointFigures: Equatable, Sendable {
        public var unixSeconds: Double
        public var bytes: Int
        public init(unixSeconds: Double, bytes: Int) {
            self.unixSeconds = unixSeconds
            self.bytes = bytes
        }
    }

    /// The delayed-labels figures: `pending` now; the others are totals.
    public struct Labels: Equatable, Sendable {
        public var pending = 0, matched = 0, expired = 0, evicted = 0
        public init(pending: Int = 0, matched: Int = 0, expired: Int = 0, evicted: Int = 0) {
            (self.pending, self.matched, self.expired, self.evicted) = (pending, matched, expired, evicted)
        }
    }

    public var rejected: Int { rejectedByKind.values.reduce(0, +) }
}
