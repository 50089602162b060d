/// ADWIN, adaptive windowing (Bifet and Gavaldà 2007), in its ADWIN2 form with exponential
/// histograms, computing what River 0.26.1's `drift.ADWIN` computes (same defaults, same
/// order of arithmetic, so the same detections: index 1023 on River's doc-string stream).
///
/// The window is kept as buckets: level i holds up to `maxBuckets` buckets of 2ⁱ values each
/// (oldest first), each bucket its sum and its sum of squared deviations. Every `clock` values,
/// once the window is wider than `gracePeriod`, every split of the window into an older part
/// W0 and a newer part W1 (at bucket boundaries, each at least `minWindowLength` wide) is
/// tested: |mean(W0) − mean(W1)| > ε_cut, with δ' = ln(2·ln(n)/δ), m = 1/(n0 − mwl + 1) +
/// 1/(n1 − mwl + 1), ε_cut = √(2·m·σ²·δ') + ⅔·δ'·m. On a cut the oldest bucket is dropped and
/// the test repeats. The value after a detection starts a fresh window (River resets on the
/// next update).
public struct ADWIN: Equatable, Sendable {
    public var delta: Double
    public var clock: Int
    public var maxBuckets: Int
    public var minWindowLength: Int
    public var gracePeriod: Int

    /// Per level: bucket sums and bucket variances (sums of squared deviations), oldest first.
    public internal(set) var bucketTotals: [[Double]] = [[]]
    public internal(set) var bucketVariances: [[Double]] = [[]]
    /// Window width, sum and sum of squared deviations.
    public internal(set) var width: Int = 0
    public internal(set) var total: Double = 0
    public internal(set) var variance: Double = 0
    /// Values since the last reset (drives the clock).
    public internal(set) var tick: Int = 0
    /// True right after the update that detected a drift (until the next update).
    public internal(set) var detected = false

    public init(delta: Double = 0.002, clock: Int = 32, maxBuckets: Int = 5, minWindowLength: Int = 5,
                gracePeriod: Int = 10) {
        self.delta = delta
        self.clock = max(1, clock)
        self.maxBuckets = max(1, maxBuckets)
        self.minWindowLength = minWindowLength
        self.gracePeriod = gracePeriod
    }

    /// Restores a saved detector (checkpoints; decoders check the preconditions). Precondition: one bucket-variance list per bucket-total list,
    /// of equal lengths (at least one level), and `width` = Σ count(level)·2^level.
    public init(delta: Double, clock: Int, maxBuckets: Int, minWindowLength: Int, gracePeriod: Int,
                bucketTotals: [[Double]], bucketVariances: [[Double]], width: Int, total: Double, variance: Double,
                tick: Int, detected: Bool) {
        precondition(!bucketTotals.isEmpty && bucketTotals.map(\.count) == bucketVariances.map(\.count))
        precondition(width == bucketTotals.enumerated().reduce(0) { $0 + $1.element.count << $1.offset })
        self.init(delta: delta, clock: clock, maxBuckets: maxBuckets, minWindowLength: minWindowLength,
                  gracePeriod: gracePeriod)
        self.bucketTotals = bucketTotals
        self.bucketVariances = bucketVariances
        self.width = width
        self.total = total
        self.variance = variance
        self.tick = tick
        self.detected = detected
    }

    /// Mean of the values in the window.
    public var estimation: Double { width == 0 ? 0 : total / Double(width) }

    /// Feeds one value; true when it completes a detection.
    public mutating func update(_ x: Double) -> Bool {
        if detected {
            self = ADWIN(delta: delta, clock: clock, maxBuckets: maxBuckets, minWindowLength: minWindowLength,
                         gracePeriod: gracePeriod)
        }
        insert(x)
        detected = detectChange()
        return detected
    }

    private mutating func insert(_ x: Double) {
        bucketTotals[0].append(x)
        bucketVariances[0].append(0)
        width += 1
        let n = Double(width)
        if width > 1 {
            let d = x - total / (n - 1)
            variance += (n - 1) * d * d / n
        }
        total += x
        compress()
    }

    /// Merges the two oldest buckets of a level that overflowed into one of the next level.
    private mutating func compress() {
        var level = 0
        while bucketTotals[level].count == maxBuckets + 1 {
            let size = Double(1 << level)
            let t0 = bucketTotals[level][0], t1 = bucketTotals[level][1]
            let mu0 = t0 / size, mu1 = t1 / size
            let merged = bucketVariances[level][0] + bucketVariances[level][1] + size * 0.5 * (mu0 - mu1) * (mu0 - mu1)
            if level + 1 == bucketTotals.count { bucketTotals.append([]); bucketVariances.append([]) }
            bucketTotals[level + 1].append(t0 + t1)
            bucketVariances[level + 1].append(merged)
            bucketTotals[level].removeFirst(2)
            bucketVariances[level].removeFirst(2)
            guard bucketTotals[level + 1].count > maxBuckets else { break }
            level += 1
        }
    }

    private mutating func detectChange() -> Bool {
        tick += 1
        guard tick % clock == 0, width > gracePeriod else { return false }
        var changed = false
        var cut = true
        while cut {
            cut = false
            var n0 = 0.0, n1 = Double(width), u0 = 0.0, u1 = total
            scan: for level in stride(from: bucketTotals.count - 1, through: 0, by: -1) {
                let size = Double(1 << level), buckets = bucketTotals[level]
                for k in buckets.indices {
                    n0 += size; n1 -= size
                    u0 += buckets[k]; u1 -= buckets[k]
                    if level == 0 && k == buckets.count - 1 { break scan }
                    let mwl = Double(minWindowLength)
                    if n1 >= mwl && n0 >= mwl && isCut(n0, n1, u0 / n0 - u1 / n1) {
                        cut = true
                        changed = true
                        if width > 0 { dropOldest(); break scan }
                    }
                }
            }
        }
        return changed
    }

    private func isCut(_ n0: Double, _ n1: Double, _ meanDifference: Double) -> Bool {
        let n = Double(width), mwl = Double(minWindowLength)
        let deltaPrime = Math.log(2 * Math.log(n) / delta)
        let m = 1 / (n0 - mwl + 1) + 1 / (n1 - mwl + 1)
        let epsilon = (2 * m * (variance / n) * deltaPrime).squareRoot() + 2.0 / 3.0 * deltaPrime * m
        return abs(meanDifference) > epsilon
    }

    private mutating func dropOldest() {
        let last = bucketTotals.count - 1
        let size = Double(1 << last)
        let u = bucketTotals[last][0], v = bucketVariances[last][0]
        width -= 1 << last
        total -= u
        let n = Double(width), mu = u / size, muWindow = total / n
        variance -= v + size * n * (mu - muWindow) * (mu - muWindow) / (size + n)
        bucketTotals[last].removeFirst()
        bucketVariances[last].removeFirst()
        if bucketTotals[last].isEmpty && last > 0 { bucketTotals.removeLast(); bucketVariances.removeLast() }
    }
}
