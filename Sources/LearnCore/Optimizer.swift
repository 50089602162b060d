import CKernels

/// Optimiser state and update rules over the flat parameter buffer of `Network`.
///
/// SGD follows PyTorch's `torch.optim.SGD`: with momentum μ > 0, v ← μv + g and p ← p − lr·v.
/// Adam follows `torch.optim.Adam`: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
public struct OptimizerState: Equatable, Sendable {
    public let kind: OptimizerKind
    /// Number of updates applied (Adam's t).
    public internal(set) var steps: Int
    /// Momentum buffer (SGD with μ > 0) or first moment (Adam); empty when unused.
    public internal(set) var first: [Float]
    /// Second moment (Adam); empty otherwise.
    public internal(set) var second: [Float]

    public init(kind: OptimizerKind, parameterCount: Int, momentum: Float) {
        let zeros = [Float](repeating: 0, count: parameterCount)
        self.init(kind: kind, steps: 0, first: (kind == .adam || momentum > 0) ? zeros : [],
                  second: kind == .adam ? zeros : [])
    }

    public init(kind: OptimizerKind, steps: Int, first: [Float], second: [Float]) {
        self.kind = kind
        self.steps = steps
        self.first = first
        self.second = second
    }

    /// Applies one update of `gradients` to `parameters` (same count) unless it would make a
    /// parameter non-finite; then nothing changes and the result is false. New values are
    /// computed into `scratch` and swapped in, so an undone step costs no copy (and the previous
    /// parameters stay in `scratch.parameters` until the next step). `learningRateScale`
    /// multiplies the configured learning rate (a drift boost).
    mutating func apply(to parameters: inout [Float], gradients: [Float], config c: LearnerConfig,
                        learningRateScale: Float = 1, scratch: inout OptimizerScratch) -> Bool {
        scratch.prepare(count: parameters.count, first: !first.isEmpty || c.momentum > 0, second: !second.isEmpty)
        let t = steps + 1
        let lr = c.learningRate * learningRateScale
        switch kind {
        case .sgd where c.momentum > 0:
            if first.isEmpty { first = [Float](repeating: 0, count: parameters.count) }
            for i in parameters.indices {
                let v = c.momentum * first[i] + gradients[i]
                scratch.first[i] = v
                scratch.parameters[i] = parameters[i] - lr * v
            }
        case .sgd:
            for i in parameters.indices { scratch.parameters[i] = parameters[i] - lr * gradients[i] }
        case .adam:
            adam(parameters, gradients, c, lr: lr, step: t, into: &scratch)
        }
        guard scratch.parameters.withUnsafeBufferPointer({ Kernels.allFinite($0.baseAddress!, $0.count) }) else { return false }
        swap(&parameters, &scratch.parameters)
        if !scratch.first.isEmpty { swap(&first, &scratch.first) }
        if !scratch.second.isEmpty { swap(&second, &scratch.second) }
        steps = t
        return true
    }

    /// One step with the update fused into the backward pass (no gradient buffer written or
    /// read back): for steps without clipping and protection, which need the whole gradient
    /// first. Same contract as `apply`: on a non-finite new parameter nothing changes and the
    /// result is false. Masked parameters stay 0.
    mutating func fusedStep(network: inout Network, workspace: Workspace, batch: Int, config c: LearnerConfig,
                            learningRateScale: Float = 1, scratch: inout OptimizerScratch) -> Bool {
        let count = network.parameters.count
        if kind == .sgd && c.momentum > 0 && first.isEmpty { first = [Float](repeating: 0, count: count) }
        scratch.prepare(count: count, first: !first.isEmpty, second: !second.isEmpty)
        let t = steps + 1
        var u = lk_update()
        u.lr = c.learningRate * learningRateScale
        switch kind {
        case .sgd where c.momentum > 0:
            u.kind = LK_MOMENTUM
            u.momentum = c.momentum
        case .sgd:
            u.kind = LK_SGD
        case .adam:
            u.kind = LK_ADAM
            (u.beta1, u.beta2, u.epsilon) = (c.adamBeta1, c.adamBeta2, c.adamEpsilon)
            u.stepSize = u.lr / (1 - power(c.adamBeta1, t))
            u.invSqrtCorrection2 = 1 / (1 - power(c.adamBeta2, t)).squareRoot()
        }
        let finite = network.parameters.withUnsafeBufferPointer { p in
            scratch.parameters.withUnsafeMutableBufferPointer { po in
                first.withUnsafeBufferPointer { f in
                    scratch.first.withUnsafeMutableBufferPointer { fo in
                        second.withUnsafeBufferPointer { s in
                            scratch.second.withUnsafeMutableBufferPointer { so in
                                (u.param, u.paramOut) = (p.baseAddress, po.baseAddress)
                                (u.first, u.firstOut, u.second, u.secondOut) = (f.baseAddress, fo.baseAddress,
                                                                                s.baseAddress, so.baseAddress)
                                return network.backward(workspace, batch: batch, update: &u)
                            }
                        }
                    }
                }
            }
        }
        guard finite else { return false }
        swap(&network.parameters, &scratch.parameters)
        if !first.isEmpty { swap(&first, &scratch.first) }
        if !second.isEmpty { swap(&second, &scratch.second) }
        steps = t
        return true
    }

    private func adam(_ p: [Float], _ g: [Float], _ c: LearnerConfig, lr: Float, step: Int, into s: inout OptimizerScratch) {
        let correction1 = 1 - power(c.adamBeta1, step), correction2 = 1 - power(c.adamBeta2, step)
        let stepSize = lr / correction1
        let invSqrtCorrection2 = 1 / correction2.squareRoot()
        for i in p.indices {
            let m = c.adamBeta1 * first[i] + (1 - c.adamBeta1) * g[i]
            let v = c.adamBeta2 * second[i] + (1 - c.adamBeta2) * g[i] * g[i]
            s.first[i] = m
            s.second[i] = v
            s.parameters[i] = p[i] - stepSize * m / (v.squareRoot() * invSqrtCorrection2 + c.adamEpsilon)
        }
    }

    /// xⁿ by repeated squaring (Adam's bias correction).
    private func power(_ x: Float, _ n: Int) -> Float {
        var result: Float = 1, base = x, e = n
        while e > 0 { if e & 1 == 1 { result *= base }; base *= base; e >>= 1 }
        return result
    }
}

/// Buffers the optimiser writes a step into before it is known to be finite (not state).
struct OptimizerScratch {
    var parameters: [Float] = []
    var first: [Float] = []
    var second: [Float] = []

    mutating func prepare(count: Int, first needsFirst: Bool, second needsSecond: Bool) {
        if parameters.count != count { parameters = [Float](repeating: 0, count: count) }
        if needsFirst && first.count != count { first = [Float](repeating: 0, count: count) }
        if needsSecond && second.count != count { second = [Float](repeating: 0, count: count) }
    }
}
