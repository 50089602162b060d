/// Online per-feature standardisation (Welford's algorithm, in Double).
///
/// After n updates, `mean[i]` is the running mean and `m2[i]/n` the population variance of
/// feature i. Normalised value: (x − mean)/σ with σ = √(m2/n); a feature with σ = 0 maps to 0
/// (every value seen so far equals the mean). Replayed records are stored raw and pass through
/// the current statistics, so old and new records are on the same scale.
public struct Normalizer: Equatable, Sendable {
    public private(set) var count: Int
    public private(set) var mean: [Double]
    public private(set) var m2: [Double]
    /// Float copies of the mean and 1/σ, refreshed after every update (derived, not saved).
    private var shift: [Float]
    private var scale: [Float]

    public init(features: Int) {
        self.init(count: 0, mean: [Double](repeating: 0, count: features), m2: [Double](repeating: 0, count: features))
    }

    public init(count: Int, mean: [Double], m2: [Double]) {
        precondition(mean.count == m2.count && count >= 0)
        self.count = count
        self.mean = mean
        self.m2 = m2
        shift = []
        scale = []
        refresh()
    }

    public var features: Int { mean.count }

    /// Population standard deviation per feature.
    public var standardDeviation: [Double] {
        m2.map { count > 0 ? ($0 / Double(count)).squareRoot() : 0 }
    }

    mutating func update(_ x: [Float]) {
        count += 1
        let n = Double(count)
        for i in 0..<x.count {
            let v = Double(x[i])
            let d = v - mean[i]
            mean[i] += d / n
            m2[i] += d * (v - mean[i])
        }
        refresh()
    }

    /// Writes the normalised `x` into `out[offset ..< offset + features]`.
    func normalize(_ x: ArraySlice<Float>, into out: inout [Float], at offset: Int) {
        var j = offset
        for i in x.indices {
            let k = i - x.startIndex
            out[j] = (x[i] - shift[k]) * scale[k]
            j += 1
        }
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

    private mutating func refresh() {
        shift = mean.map { Float($0) }
        scale = standardDeviation.map { $0 > 0 ? Float(1 / $0) : 0 }
    }
}
