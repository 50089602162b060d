/// Memory protection state: SI or online EWC over the flat parameter buffer.
///
/// Both add λ·Ωᵢ·(θᵢ − θ*ᵢ) to each parameter's gradient (the gradient of λ/2·Σ Ωᵢ(θᵢ − θ*ᵢ)²),
/// where θ* (`anchor`) are the parameters at the last consolidation and Ω (`importance`) says how
/// much each mattered to what was learned before it. Between consolidations `running` gathers
/// the evidence for the next Ω:
/// - SI (Zenke et al. 2017): the path integral ωᵢ = Σ −gᵢ·Δθᵢ over the steps (g the gradient of
///   the replay loss without the penalty); at a consolidation the contribution is
///   max(0, ωᵢ)/((θᵢ − θ*ᵢ)² + ξ), ξ = `siDamping`, and ω restarts at 0.
/// - Online EWC (Schwarz et al. 2018): a running diagonal Fisher estimate, the exponential moving
///   average (rate `fisherRate`) of gᵢ²; at a consolidation it is the contribution.
/// A consolidation folds the contribution, scaled to mean 1, into Ω ← γ·Ω + contribution
/// (γ = `decay`) and scales Ω to mean 1 again, so that λ alone sets the overall strength however
/// long the stream runs; then θ* ← θ. No penalty applies before the first consolidation.
/// Consolidation points are chosen by the learner (`ConsolidationTrigger`, drift events).
public struct Protection: Equatable, Sendable {
    public static let siDamping: Float = 0.1
    public static let fisherRate: Float = 0.01
    public static let decay: Float = 0.9

    public var kind: MemoryProtection
    /// Ω, scaled to mean 1 (all zero before the first consolidation); empty when `kind == .none`.
    public var importance: [Float]
    /// θ* at the last consolidation (the initial parameters before the first one).
    public var anchor: [Float]
    /// SI's path integral ω, or EWC's running Fisher estimate, since the last consolidation.
    public var running: [Float]
    public var consolidations: Int
    /// Learned-record count at the last consolidation (0 before the first).
    public var lastConsolidation: Int
    /// When to consolidate without a drift detection.
    public var trigger: ConsolidationTrigger

    public init(kind: MemoryProtection, parameters: [Float]) {
        let zeros = kind == .none ? [] : [Float](repeating: 0, count: parameters.count)
        self.init(kind: kind, importance: zeros, anchor: kind == .none ? [] : parameters, running: zeros,
                  consolidations: 0, lastConsolidation: 0, trigger: ConsolidationTrigger())
    }

    public init(kind: MemoryProtection, importance: [Float], anchor: [Float], running: [Float], consolidations: Int,
                lastConsolidation: Int, trigger: ConsolidationTrigger) {
        self.kind = kind
        self.importance = importance
        self.anchor = anchor
        self.running = running
        self.consolidations = consolidations
        self.lastConsolidation = lastConsolidation
        self.trigger = trigger
    }

    /// gradients[i] += min(λ·Ωᵢ, `ceiling`)·(θᵢ − θ*ᵢ); nothing before the first consolidation.
    /// With `ceiling` = 1/learning rate, a plain SGD step pulls a parameter at most back to its
    /// anchor, never past it, so a large λ or a very important parameter cannot make the step
    /// oscillate and diverge.
    func addPenalty(to gradients: inout [Float], parameters: [Float], strength: Float, ceiling: Float = .infinity) {
        guard consolidations > 0, strength > 0 else { return }
        for i in gradients.indices {
            gradients[i] += min(strength * importance[i], ceiling) * (parameters[i] - anchor[i])
        }
    }

    /// Gathers one step's evidence: `gradient` is the replay loss's gradient (no penalty),
    /// `after` and `before` the parameters around the step.
    mutating func accumulate(gradient g: [Float], after: [Float], before: [Float]) {
        switch kind {
        case .none: return
        case .si:
            for i in running.indices { running[i] -= g[i] * (after[i] - before[i]) }
        case .ewc:
            let rate = Protection.fisherRate, keep = 1 - rate
            for i in running.indices { running[i] = keep * running[i] + rate * g[i] * g[i] }
        }
    }

    /// Folds the evidence gathered since the last consolidation into Ω and re-anchors at `parameters`.
    mutating func consolidate(parameters: [Float], learned: Int) {
        guard kind != .none else { return }
        var contribution = running
        if kind == .si {
            for i in contribution.indices {
                let moved = parameters[i] - anchor[i]
                contribution[i] = max(0, contribution[i]) / (moved * moved + Protection.siDamping)
            }
            for i in running.indices { running[i] = 0 }
        }
        Protection.scaleToMeanOne(&contribution)
        for i in importance.indices { importance[i] = Protection.decay * importance[i] + contribution[i] }
        Protection.scaleToMeanOne(&importance)
        anchor = parameters
        consolidations += 1
        lastConsolidation = learned
    }

    /// Scales `values` (non-negative) to mean 1; all-zero values stay zero.
    static func scaleToMeanOne(_ values: inout [Float]) {
        var sum: Double = 0
        for v in values { sum += Double(v) }
        guard sum > 0, sum.isFinite else { return }
        let scale = Float(Double(values.count) / sum)
        for i in values.indices { values[i] *= scale }
    }
}
