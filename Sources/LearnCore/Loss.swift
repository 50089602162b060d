/// Losses over one output row. Each writes ∂(batch-mean loss)/∂(output) into
/// `delta[offset ..< offset + row width]`, already divided by the batch size, and returns the
/// row's own (undivided) loss. (An offset into the whole delta array rather than an `inout`
/// slice of it: writing through a slice copies the row and back.)
enum Loss {
    /// Softmax cross-entropy against class slot `target`; `probabilities` receives softmax(logits).
    /// Uses the max-shift for stability: loss = log Σ exp(z − max) − (z_target − max).
    static func softmaxCrossEntropy(logits: ArraySlice<Float>, target: Int, batch: Int,
                                    probabilities: inout [Float], delta: inout [Float], at offset: Int) -> Float {
        softmax(logits, into: &probabilities)
        let scale = 1 / Float(batch)
        for j in 0..<logits.count {
            delta[offset + j] = (probabilities[j] - (j == target ? 1 : 0)) * scale
        }
        return -Math.log(max(probabilities[target], Float.leastNormalMagnitude))
    }

    /// ER-ACE's incoming-record loss (Caccia et al. 2022): softmax cross-entropy over only the
    /// slots where `allowed` is true (`target` must be one of them). `delta` is
    /// (p_j − [j = target])/batch on allowed slots and exactly 0 elsewhere, so the other logits get
    /// no gradient from this row; `probabilities` receives the restricted softmax (0 off the mask).
    /// Returns the restricted loss −log p_target.
    static func maskedSoftmaxCrossEntropy(logits: ArraySlice<Float>, target: Int, allowed: [Bool], batch: Int,
                                          probabilities: inout [Float], delta: inout [Float], at offset: Int) -> Float {
        precondition(allowed.count == logits.count && allowed[target])
        if probabilities.count != logits.count { probabilities = [Float](repeating: 0, count: logits.count) }
        var m = -Float.infinity
        for (j, z) in logits.enumerated() where allowed[j] { m = max(m, z) }
        var total: Float = 0
        for (j, z) in logits.enumerated() {
            let e = allowed[j] ? Math.exp(z - m) : 0
            probabilities[j] = e
            total += e
        }
        let inv = 1 / total, scale = 1 / Float(batch)
        for j in 0..<logits.count {
            probabilities[j] *= inv
            delta[offset + j] = allowed[j] ? (probabilities[j] - (j == target ? 1 : 0)) * scale : 0
        }
        return -Math.log(max(probabilities[target], Float.leastNormalMagnitude))
    }

    /// Mean squared error over the row's outputs, PyTorch's `MSELoss(reduction="mean")` over the
    /// batch: loss = mean_j (y_j − t_j)², gradient 2(y_j − t_j)/(batch · outputs).
    static func meanSquaredError(outputs: ArraySlice<Float>, targets: ArraySlice<Float>, batch: Int,
                                 delta: inout [Float], at offset: Int) -> Float {
        let n = Float(outputs.count)
        let scale = 2 / (Float(batch) * n)
        var sum: Float = 0
        for (j, (y, t)) in zip(outputs, targets).enumerated() {
            let e = y - t
            sum += e * e
            delta[offset + j] = e * scale
        }
        return sum / n
    }

    /// Numerically stable softmax of `logits` into `out` (resized to match).
    static func softmax(_ logits: ArraySlice<Float>, into out: inout [Float]) {
        if out.count != logits.count { out = [Float](repeating: 0, count: logits.count) }
        logits.withUnsafeBufferPointer { z in
            out.withUnsafeMutableBufferPointer { p in
                var m = z.first ?? 0
                for v in z where v > m { m = v }
                var total: Float = 0
                for j in 0..<z.count { let e = Math.exp(z[j] - m); p[j] = e; total += e }
                let inv = 1 / total
                for j in 0..<z.count { p[j] *= inv }
            }
        }
    }
}
