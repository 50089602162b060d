/// Losses over one output row. Each writes ∂(batch-mean loss)/∂(output) into `delta`, already
/// divided by the batch size, and returns the row's own (undivided) loss.
enum Loss {
    /// Softmax cross-entropy against class slot `target`; `probabilities` receives softmax(logits).
    /// Uses the max-shift for stability: loss = log Σ exp(z − max) − (z_target − max).
    static func softmaxCrossEntropy(logits: ArraySlice<Float>, target: Int, batch: Int,
                                    probabilities: inout [Float], delta: inout ArraySlice<Float>) -> Float {
        softmax(logits, into: &probabilities)
        let scale = 1 / Float(batch)
        for (j, i) in delta.indices.enumerated() {
            delta[i] = (probabilities[j] - (j == target ? 1 : 0)) * scale
        }
        return -Math.log(max(probabilities[target], Float.leastNormalMagnitude))
    }

    /// Mean squared error over the row's outputs, PyTorch's `MSELoss(reduction="mean")` over the
    /// batch: loss = mean_j (y_j − t_j)², gradient 2(y_j − t_j)/(batch · outputs).
    static func meanSquaredError(outputs: ArraySlice<Float>, targets: ArraySlice<Float>, batch: Int,
                                 delta: inout ArraySlice<Float>) -> Float {
        let n = Float(outputs.count)
        let scale = 2 / (Float(batch) * n)
        var sum: Float = 0
        for (j, (y, t)) in zip(outputs, targets).enumerated() {
            let e = y - t
            sum += e * e
            delta[delta.startIndex + j] = e * scale
        }
        return sum / n
    }

    /// Numerically stable softmax of `logits` into `out` (resized to match).
    static func softmax(_ logits: ArraySlice<Float>, into out: inout [Float]) {
        let m = logits.max() ?? 0
        if out.count != logits.count { out = [Float](repeating: 0, count: logits.count) }
        var total: Float = 0
        for (j, z) in logits.enumerated() { let e = Math.exp(z - m); out[j] = e; total += e }
        let inv = 1 / total
        for j in out.indices { out[j] *= inv }
    }
}
