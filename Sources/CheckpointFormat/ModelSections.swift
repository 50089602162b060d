import LearnCore

/// Sections `NETW` (shape and weights), `MASK` (pruning masks) and `OPTM` (optimiser state).
///
/// `NETW`: u32 W, W × u32 layer widths (input to output); u8 activation (0 relu, 1 tanh); u64 P, P × f32
/// parameters, layer by layer: weight row-major `[out][in]`, then bias `[out]` (`Network`'s flat buffer).
/// `MASK`: u64 M (0 = dense, else P), M × u8 (1 keeps, 0 prunes; biases always 1, pruned parameters 0).
/// `OPTM`: u8 kind (0 sgd, 1 adam); u64 steps; u64 N1, N1 × f32 first moment (momentum buffer for SGD);
/// u64 N2, N2 × f32 second moment (Adam only). Each N is 0 or P.
enum ModelSections {
    static func encodeNetwork(_ n: Network, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u32(n.widths.count, "layer count")
        for width in n.widths { try w.u32(width, "layer width") }
        w.u8(ConfigSection.code(n.activation, in: ConfigSection.activations))
        try w.u64(n.parameters.count, "parameter count")
        w.floats(n.parameters)
    }

    static func encodeMasks(_ n: Network, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u64(n.masks.count, "mask count")
        w.raw(n.masks.map { $0 == 0 ? 0 : 1 })
    }

    static func encodeOptimizer(_ o: OptimizerState, into w: inout ByteWriter) throws(CheckpointError) {
        w.u8(ConfigSection.code(o.kind, in: ConfigSection.optimizers))
        try w.u64(o.steps, "optimizer steps")
        try w.u64(o.first.count, "first moment count")
        w.floats(o.first)
        try w.u64(o.second.count, "second moment count")
        w.floats(o.second)
    }

    /// The network of `config`'s shape; the mask section is applied separately.
    static func decodeNetwork(_ r: inout ByteReader, config c: LearnerConfig) throws(CheckpointError) -> Network {
        let layers = try r.u32("layer count", in: 2...(Limits.hiddenLayers + 2))
        var widths: [Int] = []
        for _ in 0..<layers { widths.append(try r.u32("layer width", in: 1...Limits.inputs)) }
        guard widths == c.widths else {
            throw r.invalid("shape \(shape(widths)) differs from the configuration's \(shape(c.widths))")
        }
        let activation = try ConfigSection.choice(&r, ConfigSection.activations, "activation")
        guard activation == c.activation else {
            throw r.invalid("activation \(activation.rawValue) differs from the configuration's "
                            + c.activation.rawValue)
        }
        let expected = Network.parameterCount(widths: widths)
        let count = try r.u64("parameter count", in: 0...Limits.count)
        guard count == expected else { throw r.invalid("\(count) parameters, shape \(shape(widths)) has \(expected)") }
        let parameters = try r.floats(count)
        if let bad = parameters.firstIndex(where: { !$0.isFinite }) {
            let nonFinite = parameters.reduce(0) { $1.isFinite ? $0 : $0 + 1 }
            throw r.invalid("\(nonFinite) non-finite parameters (first at index \(bad): \(parameters[bad]))")
        }
        try r.finish()
        return Network(widths: widths, activation: activation, parameters: parameters, masks: [])
    }

    /// `network` with the masks of `r`, after checking they are 0/1, spare the biases and match zeros.
    static func decodeMasks(_ r: inout ByteReader, network n: Network) throws(CheckpointError) -> Network {
        let count = try r.u64("mask count", in: 0...Limits.count)
        guard count == 0 || count == n.parameters.count else {
            throw r.invalid("\(count) mask values, expected 0 (dense) or \(n.parameters.count)")
        }
        let raw = try r.raw(count)
        try r.finish()
        guard count > 0 else { return n }
        if let bad = raw.firstIndex(where: { $0 > 1 }) {
            throw r.invalid("mask value \(raw[bad]) at index \(bad - raw.startIndex) is neither 0 nor 1")
        }
        let masks = raw.map { Float($0) }
        for l in 0..<n.layerCount where n.biasRange(l).contains(where: { masks[$0] != 1 }) {
            throw r.invalid("layer \(l) masks a bias")
        }
        if let bad = masks.indices.first(where: { masks[$0] == 0 && n.parameters[$0] != 0 }) {
            throw r.invalid("parameter \(bad) is masked but holds \(n.parameters[bad])")
        }
        return Network(widths: n.widths, activation: n.activation, parameters: n.parameters, masks: masks)
    }

    static func decodeOptimizer(_ r: inout ByteReader, config c: LearnerConfig,
                                parameters: Int) throws(CheckpointError) -> OptimizerState {
        let kind = try ConfigSection.choice(&r, ConfigSection.optimizers, "optimizer")
        guard kind == c.optimizer else {
            throw r.invalid("optimizer \(kind.rawValue) differs from the configuration's \(c.optimizer.rawValue)")
        }
        let steps = try r.u64("steps", in: 0...Limits.count)
        let first = try moment(&r, "first moment", parameters: parameters)
        let second = try moment(&r, "second moment", parameters: parameters)
        try r.finish()
        if kind == .adam && (first.isEmpty || second.isEmpty) { throw r.invalid("Adam needs both moments") }
        if kind == .sgd && !second.isEmpty { throw r.invalid("SGD has no second moment") }
        if second.contains(where: { $0 < 0 }) { throw r.invalid("second moment holds a negative value") }
        return OptimizerState(kind: kind, steps: steps, first: first, second: second)
    }

    private static func moment(_ r: inout ByteReader, _ what: String,
                               parameters: Int) throws(CheckpointError) -> [Float] {
        let count = try r.u64("\(what) count", in: 0...Limits.count)
        guard count == 0 || count == parameters else {
            throw r.invalid("\(what) has \(count) values, expected 0 or \(parameters)")
        }
        let values = try r.floats(count)
        guard values.allSatisfy(\.isFinite) else { throw r.invalid("\(what) holds non-finite values") }
        return values
    }

    static func shape(_ widths: [Int]) -> String { widths.map(String.init).joined(separator: "-") }
}
