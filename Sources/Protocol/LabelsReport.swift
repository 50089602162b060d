import Wire

/// The figures of the `labels` object: predictions with an id and their later labels.
public struct LabelsFigures: Sendable {
    public var pending = 0, capacity = 0, matched = 0, expired = 0, evicted = 0
    /// Delayed prequential accuracy (classify) or RMSE (regress).
    public var delayedScore = 0.0
    public var classify = true
    /// Median and 99th percentile of the recent delays, seconds.
    public var delayMedian = 0.0, delayP99 = 0.0

    public init() {}

    /// The `labels` object of `status` and the `learnd stream` report (docs/status-keys.md).
    public var json: JSON {
        func count(_ n: Int) -> JSON { .number(Double(n)) }
        return .object([
            (ReportKey.labelsPending, count(pending)), (ReportKey.labelsCapacity, count(capacity)),
            (ReportKey.labelsMatched, count(matched)), (ReportKey.labelsExpired, count(expired)),
            (ReportKey.labelsEvicted, count(evicted)),
            (classify ? ReportKey.delayedAccuracy : ReportKey.delayedRMSE, .number(delayedScore)),
            (ReportKey.delayMedian, .number(delayMedian)), (ReportKey.delayP99, .number(delayP99)),
        ])
    }
}
