/// What became of the predictions kept for a later label, and how good they were when the truth came:
/// the delayed prequential score (each prediction scored as it was made, not as the model would
/// answer at label time), separate from the immediate `PrequentialMetrics`.
public struct DelayedScore: Equatable, Sendable {
    /// Truths that found their pending prediction.
    public internal(set) var matched = 0
    /// Pending predictions dropped because they outlived `pendingSeconds`.
    public internal(set) var expired = 0
    /// Pending predictions dropped (oldest first) to keep the table within `pendingCapacity`.
    public internal(set) var evicted = 0
    /// Matched records that were learned and scored.
    public internal(set) var scored = 0
    /// Classify: scored predictions that named the true class.
    public internal(set) var correct = 0
    /// Regress: Σ over scored records of the mean squared error over outputs (target units).
    public internal(set) var squaredErrorSum: Double = 0
    /// The last `delayWindow` delays (truth time − prediction time, seconds, ≥ 0), a ring.
    public internal(set) var delays: [Double] = []
    public internal(set) var delayNext = 0

    /// Delays kept for the median and 99th percentile.
    public static let delayWindow = 1024

    public init() {}

    /// Restores saved figures. Precondition: `delays.count ≤ delayWindow`, `delayNext < delayWindow`.
    public init(matched: Int, expired: Int, evicted: Int, scored: Int, correct: Int, squaredErrorSum: Double,
                delays: [Double], delayNext: Int) {
        (self.matched, self.expired, self.evicted) = (matched, expired, evicted)
        (self.scored, self.correct) = (scored, correct)
        self.squaredErrorSum = squaredErrorSum
        self.delays = delays
        self.delayNext = delayNext
    }

    /// True when nothing happened yet (a checkpoint then omits the section).
    public var isEmpty: Bool { self == DelayedScore() }

    /// Delayed prequential accuracy (classify), 0 before any record.
    public var accuracy: Double { scored == 0 ? 0 : Double(correct) / Double(scored) }
    /// Delayed prequential RMSE (regress), 0 before any record.
    public var rmse: Double { scored == 0 ? 0 : (squaredErrorSum / Double(scored)).squareRoot() }
    /// Median of the recent delays in seconds (0 before any).
    public var delayMedian: Double { delayQuantiles([0.5])[0] }
    /// 99th percentile of the recent delays in seconds (0 before any).
    public var delayP99: Double { delayQuantiles([0.99])[0] }

    /// Nearest-rank quantiles `qs` (each in 0...1) of the recent delays, from one sort; 0 before any.
    public func delayQuantiles(_ qs: [Double]) -> [Double] {
        guard !delays.isEmpty else { return qs.map { _ in 0 } }
        let sorted = delays.sorted()
        return qs.map { q in sorted[min(sorted.count, max(1, Int((q * Double(sorted.count)).rounded(.up)))) - 1] }
    }

    /// Scores `prediction` against the truth `target` that came `delay` seconds later.
    mutating func score(_ prediction: Prediction, against target: LearnTarget, delay: Double) {
        scored += 1
        switch (prediction, target) {
        case (.label(let name, _), .label(let actual)):
            if name == actual { correct += 1 }
        case (.values(let predicted), .values(let actual)):
            var sum = 0.0
            for (p, a) in zip(predicted, actual) { sum += Double(p - a) * Double(p - a) }
            squaredErrorSum += sum / Double(max(1, actual.count))
        default:
            break
        }
        let d = delay.isFinite ? max(0, delay) : 0
        if delays.count < Self.delayWindow { delays.append(d) } else { delays[delayNext] = d }
        delayNext = (delayNext + 1) % Self.delayWindow
    }

    mutating func countMatched() { matched += 1 }
    mutating func countExpired(_ n: Int) { expired += n }
    mutating func countEvicted(_ n: Int) { evicted += n }
}
