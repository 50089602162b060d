/// Online per-feature standardisation (Welford's algorithm, in Double).
///
/// After n updates, `mean[i]` is the running mean and `m2[i]/n` the population variance of
/// feature i. Normalised value: (x − mean)/σ with σ = √(m2/n); a feature with σ = 0 maps to 0
/// (every value seen so far equals the mean). Replayed records are stored raw and pass through
/// the current statistics, so old and new records are on the same scale.
///
/// Outliers: once `warmup` records are in, a record with a feature more than `outlierSigmas` σ from the mean (on a
/// feature with σ > 0) is kept out of the statistics and counted in `outliers`, while the statistics can afford it
/// (at most 1 record in 100: a lasting shift of the data still moves them). The learner clips normalised features
/// to ±`outlierSigmas` (an outlier's own to ±`outlierClip`), so no finite input reaches the network as more.
/// The target normaliser of a regressor judges nothing and clips nothing.
public struct Normalizer: Equatable, Sendable {
    public private(set) var count: Int
    public private(set) var mean: [Double]
    public private(set) var m2: [Double]
    /// Records kept out of the statistics as outliers (not in `count`).
    public private(set) var outliers: Int
    /// Records the statistics take before any is judged an outlier.
    public static let warmup = 100
    /// Distance from the mean, in σ, beyond which a feature makes its record an outlier; also the clip of every
    /// normalised value.
    public static let outlierSigmas: Float = 1000
    /// Clip of an outlier record's own normalised values when it is learned.
    public static let outlierClip: Float = 3
    /// Float copies of the mean and 1/σ, refreshed after every update (derived, not saved).
    private var shift: [Float]
    private var scale: [Float]

    public init(features: Int) {
        self.init(count: 0, mean: [Double](repeating: 0, count: features), m2: [Double](repeating: 0, count: features))
    }

    public init(count: Int, mean: [Double], m2: [Double], outliers: Int = 0) {
        precondition(mean.count == m2.count && count >= 0 && outliers >= 0)
        self.count = count
        self.mean = mean
        self.m2 = m2
        self.outliers = outliers
        shift = []
        scale = []
        refresh()
    }

    public var features: Int { mean.count }

    /// Population standard deviation per feature.
    public var standardDeviation: [Double] {
        m2.map { count > 0 ? ($0 / Double(count)).squareRoot() : 0 }
    }

    /// Takes `x` into the statistics, unless `judging` and it is an outlier the statistics can afford to leave out.
    /// - Returns: false when `x` was kept out (and counted in `outliers`).
    @discardableResult
    mutating func update(_ x: [Float], judging: Bool = false) -> Bool {
        precondition(x.count == features)
        if judging && isOutlier(x) && (outliers + 1) * 100 <= count {
            outliers += 1
            return false
        }
        count += 1
        let n = Double(count)
        x.withUnsafeBufferPointer { xs in
            mean.withUnsafeMutableBufferPointer { m in
                m2.withUnsafeMutableBufferPointer { s in
                    for i in 0..<xs.count {
                        let v = Double(xs[i])
                        let d = v - m[i]
                        m[i] += d / n
                        s[i] += d * (v - m[i])
                    }
                }
            }
        }
        refresh()
        return true
    }

    /// True after the warm-up when a feature of `x` lies more than `outlierSigmas` σ from its mean (σ > 0).
    func isOutlier(_ x: [Float]) -> Bool {
        guard count >= Self.warmup else { return false }
        let limit = Double(Self.outlierSigmas)
        for i in 0..<x.count where scale[i] > 0 && abs(Double(x[i]) - mean[i]) * Double(scale[i]) > limit {
            return true
        }
        return false
    }

    /// Writes the normalised `x`, clipped to ±`clip` (non-finite values, from a float32 overflow, as they are),
    /// into `out[offset ..< offset + features]`.
    func normalize(_ x: ArraySlice<Float>, into out: inout [Float], at offset: Int, clip: Float = .infinity) {
        precondition(x.count == features && offset >= 0 && offset + features <= out.count)
        x.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { normalize(source.baseAddress!, into: $0.baseAddress! + offset, clip: clip) }
        }
    }

    /// The same over raw rows: `features` values from `x` normalised into `out` (the batch assembly's path:
    /// no array is touched per row). Precondition: both hold `features` floats.
    func normalize(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, clip: Float) {
        guard features > 0 else { return }
        shift.withUnsafeBufferPointer { s in
            scale.withUnsafeBufferPointer { c in Kernels.normalize(x, shift: s.baseAddress!, scale: c.baseAddress!,
                                                                   into: out, count: s.count, clip: clip) }
        }
    }

    /// Becomes a copy of `other` through its own storage: no allocation when the widths agree and this
    /// normaliser's arrays are its own (what the learner's saved copy for undoing a step needs: a copy by
    /// assignment would share the arrays, and the next update would copy them all).
    mutating func assign(_ other: Normalizer) {
        guard features == other.features else { self = other; return }
        count = other.count
        outliers = other.outliers
        Self.copy(other.mean, into: &mean)
        Self.copy(other.m2, into: &m2)
        Self.copy(other.shift, into: &shift)
        Self.copy(other.scale, into: &scale)
    }

    private static func copy<T>(_ source: [T], into destination: inout [T]) {
        destination.withUnsafeMutableBufferPointer { d in source.withUnsafeBufferPointer { _ = d.update(fromContentsOf: $0) } }
    }

    /// The inverse map of `normalize` for de-normalising outputs: mean + σ·y per feature
    /// (the mean alone where σ = 0).
    func denormalize(_ y: ArraySlice<Float>) -> [Float] {
        var out = [Float](repeating: 0, count: y.count)
        for (k, i) in y.indices.enumerated() {
            let sigma = count > 0 ? (m2[k] / Double(count)).squareRoot() : 0
            out[k] = Float(mean[k] + sigma * Double(y[i]))
        }
        return out
    }

    /// Recomputes the float copies in place (no allocation once they exist): the same values as
    /// `Float(mean)` and `Float(1 / standardDeviation)` (0 where σ = 0).
    private mutating func refresh() {
        if shift.count != mean.count {
            shift = [Float](repeating: 0, count: mean.count)
            scale = [Float](repeating: 0, count: mean.count)
        }
        guard !mean.isEmpty else { return }
        let n = Double(count)
        mean.withUnsafeBufferPointer { m in
            m2.withUnsafeBufferPointer { v in
                shift.withUnsafeMutableBufferPointer { s in
                    scale.withUnsafeMutableBufferPointer { c in
                        Kernels.scales(mean: m.baseAddress!, m2: v.baseAddress!, records: n, shift: s.baseAddress!,
                                       scale: c.baseAddress!, count: m.count)
                    }
                }
            }
        }
    }
}
