/// The Page-Hinkley test (Page 1954) on a stream of values, two-sided, with a fading
/// cumulative sum, as River 0.26.1's `drift.PageHinkley` computes it (same defaults, same
/// updates, so the same detections: index 1006 on River's doc-string stream).
///
/// Per value x: mean ← running mean of the values since the last reset; d = x − mean;
/// up ← α·up + d − δ, down ← α·down + d + δ; minUp ← min(minUp, up), maxDown ← max(maxDown, down).
/// After `minInstances` values, a drift is signalled when up − minUp > λ or maxDown − down > λ.
/// The value after a detection starts a fresh test (River resets on the next update).
public struct PageHinkley: Equatable, Sendable {
    public var minInstances: Int
    public var delta: Double
    public var threshold: Double
    public var alpha: Double

    /// Values since the last reset and their mean.
    public internal(set) var count: Int = 0
    public internal(set) var mean: Double = 0
    public internal(set) var sumIncrease: Double = 0
    public internal(set) var sumDecrease: Double = 0
    public internal(set) var minIncrease: Double = .infinity
    public internal(set) var maxDecrease: Double = -1
    /// True right after the update that detected a drift (until the next update).
    public internal(set) var detected = false

    public init(minInstances: Int = 30, delta: Double = 0.005, threshold: Double = 50, alpha: Double = 1 - 0.0001) {
        self.minInstances = minInstances
        self.delta = delta
        self.threshold = threshold
        self.alpha = alpha
    }

    /// Restores a saved test.
    public init(minInstances: Int, delta: Double, threshold: Double, alpha: Double, count: Int, mean: Double,
                sumIncrease: Double, sumDecrease: Double, minIncrease: Double, maxDecrease: Double, detected: Bool) {
        self.init(minInstances: minInstances, delta: delta, threshold: threshold, alpha: alpha)
        self.count = count
        self.mean = mean
        self.sumIncrease = sumIncrease
        self.sumDecrease = sumDecrease
        self.minIncrease = minIncrease
        self.maxDecrease = maxDecrease
        self.detected = detected
    }

    /// Feeds one value; true when it completes a detection.
    public mutating func update(_ x: Double) -> Bool {
        if detected { reset() }
        count += 1
        mean += (1 / Double(count)) * (x - mean)   // River's stats.Mean, same rounding
        let deviation = x - mean
        sumIncrease = alpha * sumIncrease + deviation - delta
        sumDecrease = alpha * sumDecrease + deviation + delta
        if sumIncrease < minIncrease { minIncrease = sumIncrease }
        if sumDecrease > maxDecrease { maxDecrease = sumDecrease }
        if count >= minInstances {
            detected = sumIncrease - minIncrease > threshold || maxDecrease - sumDecrease > threshold
        }
        return detected
    }

    private mutating func reset() {
        self = PageHinkley(minInstances: minInstances, delta: delta, threshold: threshold, alpha: alpha)
    }
}
