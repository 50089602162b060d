/// The names of the facts that `status`, the `learnd stream` report and `learnctl inspect` share:
/// one name per fact, spelled only here (docs/status-keys.md; renamed keys: README, "Changelog").
public enum ReportKey {
    /// `records.rejected_by_kind` (status, inspect), `rejected_by_kind` (stream report): rejections
    /// per `RejectionKind` raw value. Was `rejected_by_reason` in status and the stream report.
    public static let rejectedByKind = "rejected_by_kind"
    /// The `drift` object: `detector`, `detections`, `last`.
    public static let drift = "drift"
    public static let driftDetector = "detector"
    /// Drift detections so far. Was `drift.events` in status and `drift_detections` in the stream report.
    public static let driftDetections = "detections"
    /// Learned-record indices (0-based) of the last detections kept, oldest first. Was
    /// `drift_events` in the stream report.
    public static let driftLast = "last"
    /// A history sample's drift detections so far. Was `drift_events`.
    public static let sampleDriftDetections = "drift_detections"
    /// The `labels` object (status, stream report): predictions with an id and their later labels.
    public static let labels = "labels"
    public static let labelsPending = "pending"
    public static let labelsCapacity = "capacity"
    public static let labelsMatched = "matched"
    public static let labelsExpired = "expired"
    public static let labelsEvicted = "evicted"
    public static let delayedAccuracy = "delayed_accuracy"
    public static let delayedRMSE = "delayed_rmse"
    public static let delayMedian = "delay_median_seconds"
    public static let delayP99 = "delay_p99_seconds"
    /// The `tuning` object (status, stream report): the self-tuning step size.
    public static let tuning = "tuning"
    public static let tuningMode = "mode"
    public static let tuningLearningRates = "learning_rates"
    public static let tuningLeader = "leader"
    public static let tuningExploits = "exploits"
    public static let tuningResets = "resets"
}
