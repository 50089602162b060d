extension Learner {
    /// Learns from one labelled record. Precondition: `x.count == config.inputs`, features finite.
    public func learn(_ x: [Float], target: LearnTarget) -> LearnOutcome {
        precondition(x.count == config.inputs, "feature width checked by the caller")
        let slotsBefore = labels.names.count
        guard let encoded = encode(target) else {
            counters.countRejection(kind: "class-capacity")
            return .rejected(kind: "class-capacity", reason: "class capacity \(labels.capacity) reached")
        }
        let savedNormalizer = normalizer, savedRng = rng
        normalizer.update(x)
        let batch = assembleBatch(x, encoded)
        network.forward(workspace, batch: batch.size)
        let (prediction, recordLoss, batchLoss) = scoreBatch(batch, slotsBefore: slotsBefore)
        guard batchLoss.isFinite, computeGradients(batch.size),
              optimizer.apply(to: &network.parameters, gradients: workspace.gradients, config: config, scratch: &scratch)
        else {
            normalizer = savedNormalizer
            rng = savedRng
            if labels.names.count > slotsBefore { labels.removeLast() }
            counters.countRejection(kind: "non-finite")
            return .rejected(kind: "non-finite", reason: "non-finite")
        }
        network.applyMasks()
        record(prediction, encoded, recordLoss)
        counters.learned += 1
        reservoir.offer(x, target: encoded, rng: &rng)
        if pruning.isDue(at: counters.learned) {
            let live = config.task == .classify ? labels.names.count : config.outputs
            network.prune(toSparsity: pruning.sparsity(at: counters.learned), liveOutputs: live)
        }
        return .learned(prediction)
    }

    /// Predicts without learning; nil when the outputs are not finite.
    public func predict(_ x: [Float]) -> Prediction? {
        precondition(x.count == config.inputs, "feature width checked by the caller")
        normalizer.normalize(x[...], into: &workspace.activations[0], at: 0)
        network.forward(workspace, batch: 1)
        let out = workspace.activations[network.layerCount][0..<config.outputs]
        guard out.allSatisfy(\.isFinite) else { return nil }
        return prediction(fromRow: out, slots: labels.names.count)
    }

    /// The target as stored in the reservoir: `[slot]` or the values; nil when no slot is free.
    private func encode(_ target: LearnTarget) -> [Float]? {
        switch target {
        case .label(let name):
            precondition(config.task == .classify)
            return labels.slotAssigning(name).map { [Float($0)] }
        case .values(let values):
            precondition(config.task == .regress && values.count == config.outputs)
            return values
        }
    }

    /// Normalised inputs of [record + replayed] in workspace rows; their encoded targets.
    private func assembleBatch(_ x: [Float], _ target: [Float]) -> (size: Int, targets: [ArraySlice<Float>]) {
        normalizer.normalize(x[...], into: &workspace.activations[0], at: 0)
        var targets = [target[...]]
        for (row, item) in reservoir.draw(config.replayK, rng: &rng).enumerated() {
            normalizer.normalize(reservoir.features(at: item), into: &workspace.activations[0],
                                 at: (row + 1) * config.inputs)
            targets.append(reservoir.target(at: item))
        }
        return (targets.count, targets)
    }

    /// Writes output deltas; returns the prediction for row 0, its loss, and the batch-mean loss.
    private func scoreBatch(_ batch: (size: Int, targets: [ArraySlice<Float>]),
                            slotsBefore: Int) -> (Prediction, Float, Float) {
        let outputs = config.outputs, last = network.layerCount
        var total: Float = 0, first: Float = 0
        var predicted = Prediction.values([])
        for b in 0..<batch.size {
            let range = (b * outputs)..<((b + 1) * outputs)
            let out = workspace.activations[last][range]
            var loss: Float
            switch config.task {
            case .classify:
                loss = Loss.softmaxCrossEntropy(logits: out, target: Int(batch.targets[b].first!), batch: batch.size,
                                                probabilities: &probabilities, delta: &workspace.deltas[last][range])
                if b == 0 { predicted = prediction(fromProbabilities: slotsBefore) }
            case .regress:
                loss = Loss.meanSquaredError(outputs: out, targets: batch.targets[b], batch: batch.size,
                                             delta: &workspace.deltas[last][range])
                if b == 0 { predicted = .values(Array(out)) }
            }
            if b == 0 { first = loss }
            total += loss
        }
        return (predicted, first, total / Float(batch.size))
    }

    /// Backward pass, masking and clipping; false when the gradient norm is not finite.
    private func computeGradients(_ batch: Int) -> Bool {
        network.backward(workspace, batch: batch)
        network.applyMasks(to: &workspace.gradients)
        let sumSquares = workspace.gradients.withUnsafeBufferPointer { Kernels.sumOfSquares($0.baseAddress!, $0.count) }
        guard sumSquares.isFinite else { return false }
        let norm = sumSquares.squareRoot()
        if config.clipNorm > 0 && norm > config.clipNorm {
            let factor = config.clipNorm / (norm + 1e-6)
            workspace.gradients.withUnsafeMutableBufferPointer { Kernels.scale($0.baseAddress!, by: factor, $0.count) }
        }
        return true
    }

    private func record(_ prediction: Prediction, _ target: [Float], _ loss: Float) {
        switch prediction {
        case .label(let name, _):
            metrics.recordClassification(predicted: name.flatMap { labels.slot(of: $0) }, actual: Int(target[0]), loss: loss)
        case .values:
            metrics.recordRegression(meanSquaredError: loss)
        }
    }

    private func prediction(fromRow out: ArraySlice<Float>, slots: Int) -> Prediction {
        switch config.task {
        case .classify:
            Loss.softmax(out, into: &probabilities)
            return prediction(fromProbabilities: slots)
        case .regress:
            return .values(Array(out))
        }
    }

    /// Argmax of `probabilities` over the first `slots` slots (the classes assigned so far).
    private func prediction(fromProbabilities slots: Int) -> Prediction {
        guard slots > 0 else { return .label(nil, confidence: 0) }
        var best = 0
        for j in 1..<slots where probabilities[j] > probabilities[best] { best = j }
        return .label(labels.names[best], confidence: probabilities[best])
    }
}
