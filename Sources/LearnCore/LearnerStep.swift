extension Learner {
    /// Learns from one labelled record. Precondition: `x.count == config.inputs`, features finite.
    public func learn(_ x: [Float], target: LearnTarget) -> LearnOutcome {
        precondition(x.count == config.inputs, "feature width checked by the caller")
        let slotsBefore = labels.names.count
        guard let encoded = encode(target) else {
            counters.countRejection(kind: .classCapacity)
            return .rejected(kind: .classCapacity, reason: "class capacity \(labels.capacity) reached")
        }
        // What undoing the step needs, copied into the spares' own storage (no allocation, and no array
        // shared with the live statistics, which would make their update copy every array).
        spareNormalizer.assign(normalizer)
        if normalizesTargets { spareTargetNormalizer.assign(targetNormalizer) }
        let savedRng = rng
        let typical = updateStatistics(x)
        let batch = (size: assembleBatch(x, clip: typical ? Normalizer.outlierSigmas : Normalizer.outlierClip),
                     encoded: encoded)
        network.forward(workspace, batch: batch.size)
        if reservoir.logitWidth > 0 { keepIncomingLogits() }
        let score = scoreBatch(batch, slotsBefore: slotsBefore)
        let lrScale = config.driftActions.contains(.boostLR)
            ? DriftMonitor.learningRateScale(remaining: drift.boostRemaining, factor: config.driftBoostFactor,
                                             records: config.driftBoostRecords) : 1
        guard score.batchLoss.isFinite, step(batch.size, learningRateScale: lrScale) else {
            swap(&normalizer, &spareNormalizer)
            rng = savedRng
            if normalizesTargets { swap(&targetNormalizer, &spareTargetNormalizer) }
            if labels.names.count > slotsBefore { labels.removeLast() }
            counters.countRejection(kind: .nonFinite)
            return .rejected(kind: .nonFinite, reason: LearnerRejection.nonFinite.rawValue)
        }
        record(score.prediction, encoded, score)
        if config.aceWindow > 0 && config.task == .classify {
            recentClasses.note(slot: Int(encoded[0]), record: counters.learned)
        }
        counters.learned += 1
        if typical { reservoir.offer(x, target: encoded, logits: incomingLogits[0..<reservoir.logitWidth], rng: &rng) }
        if protection.kind != .none { protect(recordLoss: score.recordLoss) }
        if config.driftDetector != .none {   // the monitor's own detector (checked at restore, set by retune)
            adapt(error: score.driftError, newClass: labels.names.count > slotsBefore)
        }
        if pruning.isDue(at: counters.learned) {
            network.prune(toSparsity: pruning.sparsity(at: counters.learned), liveOutputs: liveOutputs)
        }
        return .learned(score.prediction)
    }

    /// Predicts without learning; nil when the outputs are not finite.
    public func predict(_ x: [Float]) -> Prediction? {
        precondition(x.count == config.inputs, "feature width checked by the caller")
        let out = outputs(forRaw: x[...])
        guard out.allSatisfy(\.isFinite) else { return nil }
        return prediction(fromRow: out, slots: labels.names.count)
    }

    /// The target as stored in the reservoir: `[slot]` or the values; nil when no slot is free.
    private func encode(_ target: LearnTarget) -> [Float]? {
        switch target {
        case .label(let name):
            precondition(config.task == .classify)
            guard let slot = labels.slotAssigning(name) else { return nil }
            if encodedSlot.count != 1 { encodedSlot = [0] }
            encodedSlot[0] = Float(slot)   // reused: its storage is free again once the previous record is done
            return encodedSlot
        case .values(let values):
            precondition(config.task == .regress && values.count == config.outputs)
            return values
        }
    }

    /// Normalised inputs of [record + replayed] in workspace rows, each standardised feature clipped to
    /// ±`clip` for the record and ±`Normalizer.outlierSigmas` for replayed ones; their encoded targets are
    /// `encoded` (row 0) and the reservoir's (row b: item `replayed[b − 1]`). Returns the batch size.
    /// Rows are written through pointers taken once (no reference counting or exclusivity check per row).
    private func assembleBatch(_ x: [Float], clip: Float) -> Int {
        reservoir.draw(config.replayK, rng: &rng, into: &replayed)
        let width = config.inputs, statistics = normalizer, items = replayed
        precondition(workspace.activations[0].count >= (1 + items.count) * width)
        workspace.activations[0].withUnsafeMutableBufferPointer { rows in
            let input = rows.baseAddress!
            x.withUnsafeBufferPointer { statistics.normalize($0.baseAddress!, into: input, clip: clip) }
            reservoir.features.withUnsafeBufferPointer { stored in
                for (row, item) in items.enumerated() {
                    statistics.normalize(stored.baseAddress! + item * width, into: input + (row + 1) * width,
                                         clip: Normalizer.outlierSigmas)
                }
            }
        }
        return 1 + replayed.count
    }

    /// Writes output deltas; returns the prediction for row 0, its loss, and the batch-mean loss.
    /// Regress with target normalisation: row 0's outputs are de-normalised with the statistics
    /// before this record (the prequential prediction), then the statistics take the record and
    /// every row learns its targets in the updated normalised units.
    private func scoreBatch(_ batch: (size: Int, encoded: [Float]), slotsBefore: Int) -> StepScore {
        let outputs = config.outputs, last = network.layerCount
        let logits = workspace.activations[last]
        var deltas: [Float] = []
        swap(&deltas, &workspace.deltas[last])
        var p: [Float] = []   // the softmax of the current row (`probabilities`, moved out like the deltas)
        swap(&p, &probabilities)
        defer { swap(&deltas, &workspace.deltas[last]); swap(&p, &probabilities) }
        var score = StepScore()
        var total: Float = 0
        for b in 0..<batch.size {
            let range = (b * outputs)..<((b + 1) * outputs)
            let rowTarget = b == 0 ? batch.encoded[...] : reservoir.target(at: replayed[b - 1])
            let out = logits[range]
            var loss: Float
            switch config.task {
            case .classify:
                let target = Int(rowTarget.first!)
                loss = Loss.softmaxCrossEntropy(logits: out, target: target, batch: batch.size,
                                                probabilities: &p, delta: &deltas, at: range.lowerBound)
                if b == 0 {
                    let best = Self.bestSlot(slotsBefore, in: p)
                    score.prediction = best.map { .label(labels.names[$0], confidence: p[$0]) }
                        ?? .label(nil, confidence: 0)
                    score.predictedSlot = best
                    score.driftError = best == target ? 0 : 1
                    if config.aceWindow > 0 {
                        restrictIncomingLoss(out, target: target, batch.size, &p, &deltas, at: range.lowerBound)
                    }
                }
            case .regress where normalizesTargets:
                if b == 0 {
                    if normalizedTarget.count != outputs { normalizedTarget = [Float](repeating: 0, count: outputs) }
                    let predicted = targetNormalizer.denormalize(out)
                    score.prediction = .values(predicted)
                    score.squaredError = Self.meanSquaredError(predicted, rowTarget)
                    targetNormalizer.update(batch.encoded)
                }
                targetNormalizer.normalize(rowTarget, into: &normalizedTarget, at: 0)
                loss = Loss.meanSquaredError(outputs: out, targets: normalizedTarget[0..<outputs], batch: batch.size,
                                             delta: &deltas, at: range.lowerBound)
                if b == 0 { score.driftError = Double(loss) }
            case .regress:
                loss = Loss.meanSquaredError(outputs: out, targets: rowTarget, batch: batch.size,
                                             delta: &deltas, at: range.lowerBound)
                if b == 0 { score.prediction = .values(Array(out)); score.squaredError = loss; score.driftError = Double(loss) }
            }
            if b > 0 && reservoir.logitWidth > 0 {
                loss += matchStoredLogits(out, reservoir.logits(at: replayed[b - 1]), batch.size,
                                          &deltas, at: range.lowerBound)
            }
            if b == 0 { score.recordLoss = loss }
            total += loss
        }
        score.batchLoss = total / Float(batch.size)
        return score
    }

    /// ER-ACE: re-derives row 0's output delta from the cross-entropy over the recent classes only
    /// (`recentClasses` within `aceWindow` records, plus the record's own class), so learning a new
    /// class does not push the logits of classes absent from the incoming stream down. The
    /// record's prequential loss and prediction stay those of the full softmax.
    private func restrictIncomingLoss(_ out: ArraySlice<Float>, target: Int, _ batch: Int,
                                      _ probabilities: inout [Float], _ delta: inout [Float], at offset: Int) {
        recentClasses.mask(window: config.aceWindow, at: counters.learned, into: &recentMask)
        recentMask[target] = true
        _ = Loss.maskedSoftmaxCrossEntropy(logits: out, target: target, allowed: recentMask, batch: batch,
                                           probabilities: &probabilities, delta: &delta, at: offset)
    }

    /// Dark-experience replay: adds α·mean_j (z_j − s_j)² to a replayed row's loss (α =
    /// `replayLogitWeight`, s the outputs stored with the item) and its gradient
    /// 2α(z_j − s_j)/(outputs · batch) to the row's delta; returns the added loss.
    private func matchStoredLogits(_ out: ArraySlice<Float>, _ stored: ArraySlice<Float>, _ batch: Int,
                                   _ delta: inout [Float], at offset: Int) -> Float {
        let alpha = config.replayLogitWeight, n = Float(out.count)
        let scale = 2 * alpha / (n * Float(batch))
        var sum: Float = 0
        for (j, (z, s)) in zip(out, stored).enumerated() {
            let e = z - s
            sum += e * e
            delta[offset + j] += scale * e
        }
        return alpha * sum / n
    }

    /// Copies row 0's outputs (the record's, before the step) into `incomingLogits`.
    private func keepIncomingLogits() {
        let row = workspace.activations[network.layerCount][0..<config.outputs]
        if incomingLogits.count != row.count { incomingLogits = [Float](repeating: 0, count: row.count) }
        incomingLogits.withUnsafeMutableBufferPointer { dst in
            row.withUnsafeBufferPointer { _ = dst.update(fromContentsOf: $0) }
        }
    }

    private static func meanSquaredError(_ y: [Float], _ t: ArraySlice<Float>) -> Float {
        var sum: Float = 0
        for (a, b) in zip(y, t) { sum += (a - b) * (a - b) }
        return sum / Float(max(1, y.count))
    }

    var normalizesTargets: Bool { config.task == .regress && config.normalizeTargets }

    /// The backward pass and the optimiser's update; false (nothing changed) when the gradient or
    /// a new parameter is not finite. Without clipping and protection, which need the whole
    /// gradient first, the update is fused into the backward pass.
    private func step(_ batch: Int, learningRateScale: Float) -> Bool {
        if protection.kind == .none && config.clipNorm == 0 {
            return optimizer.fusedStep(network: &network, workspace: workspace, batch: batch, config: config,
                                       learningRateScale: learningRateScale, scratch: &scratch)
        }
        guard computeGradients(batch, learningRateScale: learningRateScale),
              optimizer.apply(to: &network.parameters, gradients: workspace.gradients, config: config,
                              learningRateScale: learningRateScale, scratch: &scratch)
        else { return false }
        network.applyMasks()
        return true
    }

    /// Backward pass (masked), protection penalty, masking and clipping; false when the gradient
    /// norm is not finite.
    private func computeGradients(_ batch: Int, learningRateScale: Float) -> Bool {
        network.backward(workspace, batch: batch)
        if protection.kind != .none {
            if unpenalizedGradient.count != workspace.gradients.count {
                unpenalizedGradient = [Float](repeating: 0, count: workspace.gradients.count)
            }
            unpenalizedGradient.withUnsafeMutableBufferPointer { copy in
                workspace.gradients.withUnsafeBufferPointer { _ = copy.update(fromContentsOf: $0) }
            }
            protection.addPenalty(to: &workspace.gradients, parameters: network.parameters, strength: config.protectStrength,
                                  ceiling: 1 / (config.learningRate * learningRateScale))
            network.applyMasks(to: &workspace.gradients)
        }
        let sumSquares = workspace.gradients.withUnsafeBufferPointer { Kernels.sumOfSquares($0.baseAddress!, $0.count) }
        guard sumSquares.isFinite else { return false }
        let norm = sumSquares.squareRoot()
        if config.clipNorm > 0 && norm > config.clipNorm {
            let factor = config.clipNorm / (norm + 1e-6)
            workspace.gradients.withUnsafeMutableBufferPointer { Kernels.scale($0.baseAddress!, by: factor, $0.count) }
        }
        return true
    }

    private func record(_ prediction: Prediction, _ target: [Float], _ score: StepScore) {
        switch prediction {
        case .label:
            metrics.recordClassification(predicted: score.predictedSlot, actual: Int(target[0]), loss: score.recordLoss)
        case .values:
            metrics.recordRegression(meanSquaredError: score.squaredError)
        }
    }

    private func prediction(fromRow out: ArraySlice<Float>, slots: Int) -> Prediction {
        switch config.task {
        case .classify:
            Loss.softmax(out, into: &probabilities)
            return prediction(fromProbabilities: slots)
        case .regress:
            return .values(normalizesTargets ? targetNormalizer.denormalize(out) : Array(out))
        }
    }

    /// Argmax of `probabilities` over the first `slots` slots (the classes assigned so far).
    private func prediction(fromProbabilities slots: Int) -> Prediction {
        guard let best = Self.bestSlot(slots, in: probabilities) else { return .label(nil, confidence: 0) }
        return .label(labels.names[best], confidence: probabilities[best])
    }

    /// Argmax of `p` over its first `slots` slots; nil when there are none.
    private static func bestSlot(_ slots: Int, in p: [Float]) -> Int? {
        guard slots > 0 else { return nil }
        var best = 0
        for j in 1..<slots where p[j] > p[best] { best = j }
        return best
    }
}

/// What scoring the batch tells about the record: its prequential prediction, its loss (in
/// training units), its squared error in target units (regress), the error the drift detector
/// watches, and the batch-mean loss.
struct StepScore {
    var prediction = Prediction.values([])
    /// Classify: the predicted slot (nil before any class).
    var predictedSlot: Int?
    var recordLoss: Float = 0
    var squaredError: Float = 0
    var driftError: Double = 0
    var batchLoss: Float = 0
}
