/// Gradual magnitude pruning (Zhu and Gupta 2017, "To prune, or not to prune", eq. 1).
///
/// Between `start` and `end` learned records, sparsity follows the cubic schedule
/// s_t = s_f + (s_i − s_f)(1 − (t − t₀)/(n·Δt))³ with s_i = 0, t₀ = start, n·Δt = end − start.
/// Every `every` records (and at `end`), each neuron's incoming weights are re-masked so that
/// the ⌊s_t · fanIn⌉ smallest in magnitude are zero. Masks only grow: a pruned weight is 0, so
/// it stays among the smallest.
public struct PruningSchedule: Equatable, Sendable {
    public var target: Float
    public var start: Int
    public var end: Int
    public var every: Int

    public init(target: Float, start: Int, end: Int, every: Int) {
        self.target = target
        self.start = start
        self.end = end
        self.every = max(1, every)
    }

    /// Scheduled sparsity after `t` learned records.
    public func sparsity(at t: Int) -> Float {
        guard target > 0, t >= start else { return 0 }
        guard t < end, end > start else { return target }
        let progress = Float(t - start) / Float(end - start)
        let remaining = 1 - progress
        return target * (1 - remaining * remaining * remaining)
    }

    /// True when the masks are to be recomputed after `t` learned records: every `every` records
    /// from `start` on, and at `end`. After `end` the sparsity stays at the target, so a re-mask
    /// changes only output rows whose class appeared since the last one.
    public func isDue(at t: Int) -> Bool {
        guard target > 0, t >= start else { return false }
        return (t - start) % every == 0 || t == end
    }
}

extension Network {
    /// Masks the ⌊sparsity·fanIn⌉ smallest-magnitude incoming weights of every neuron (each row
    /// of each weight matrix; ties broken by index, so the result is deterministic) and zeroes
    /// them. Row-balanced rather than layer-global, and only the first `liveOutputs` rows of the
    /// output layer: the row of a class not seen yet holds only its initial weights, and pruning
    /// it by magnitude would pick its connections at random before its class arrives. Such a
    /// row is pruned at the first re-mask after its class appears. Biases are never pruned.
    mutating func prune(toSparsity sparsity: Float, liveOutputs: Int) {
        if masks.isEmpty { masks = [Float](repeating: 1, count: parameters.count) }
        for l in 0..<layerCount {
            let fanIn = widths[l], base = weightOffset(l)
            let pruneCount = Int((sparsity * Float(fanIn)).rounded())
            guard pruneCount > 0 else { continue }
            for o in 0..<rowsInUse(l, liveOutputs: liveOutputs) {
                let row = (base + o * fanIn)..<(base + (o + 1) * fanIn)
                let order = row.sorted { (abs(parameters[$0]), $0) < (abs(parameters[$1]), $1) }
                for i in order.prefix(pruneCount) {
                    masks[i] = 0
                    parameters[i] = 0
                }
            }
        }
    }

    /// Multiplies `values` (shaped like `parameters`) by the masks; no-op while dense.
    func applyMasks(to values: inout [Float]) {
        guard !masks.isEmpty else { return }
        masks.withUnsafeBufferPointer { m in
            values.withUnsafeMutableBufferPointer { v in Kernels.multiply(v.baseAddress!, by: m.baseAddress!, v.count) }
        }
    }

    /// Re-zeroes masked weights (momentum or Adam state may have moved them).
    mutating func applyMasks() {
        guard !masks.isEmpty else { return }
        masks.withUnsafeBufferPointer { m in
            parameters.withUnsafeMutableBufferPointer { p in Kernels.multiply(p.baseAddress!, by: m.baseAddress!, p.count) }
        }
    }
}
