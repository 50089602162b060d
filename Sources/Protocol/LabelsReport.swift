import Wire

/// The figures of the `labels` object: predictions with an id and their later labels.
public struct LabelsFigures: Equatable, Sendable {
    public var pending = 0, capacity = 0, matched = 0, expired = 0, evicted = 0
    /// Delayed prequential accuracy (classify) or RMSE (regress).
    public var delayedScore = 0.0
    /// Median and 99th percentile of the recent delays, seconds.
    public var delayMedian = 0.0, delayP99 = 0.0

    public init() {}

    /// The `labels` object of `status` and the `learnd stream` report (docs/status-keys.md); the delayed
    /// score is `delayed_accuracy` (classify) or `delayed_rmse`.
    public func json(classify: Bool) -> JSON {
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

extension LabelsFigures {
    /// The `labels` object of a report.
    init(_ r: ReportReader, classify: Bool) throws(ReportError) {
        self.init()
        let k = ReportKey.labels
        pending = try r.int(k, ReportKey.labelsPending)
        capacity = try r.int(k, ReportKey.labelsCapacity)
        matched = try r.int(k, ReportKey.labelsMatched)
        expired = try r.int(k, ReportKey.labelsExpired)
        evicted = try r.int(k, ReportKey.labelsEvicted)
        delayedScore = try r.double(k, classify ? ReportKey.delayedAccuracy : ReportKey.delayedRMSE)
        delayMedian = try r.double(k, ReportKey.delayMedian)
        delayP99 = try r.double(k, ReportKey.delayP99)
    }
}
