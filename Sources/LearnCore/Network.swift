/// A fixed-size multilayer perceptron `widths[0] → … → widths[L]`, float32.
///
/// All parameters live in one flat buffer (llm.c style). Layer l occupies
/// `parameters[offset(l) ..< offset(l+1)]`: first its weight, row-major `[widths[l+1]][widths[l]]`
/// (PyTorch's `nn.Linear.weight`), then its bias `[widths[l+1]]`. Hidden layers apply
/// `activation`; the last layer is linear (logits or regression outputs).
/// Invariant: `masks` is empty (dense) or has `parameters.count` entries, each 0 or 1, biases
/// always 1; every parameter whose mask is 0 is exactly 0.
public struct Network: Equatable, Sendable {
    public let widths: [Int]
    public let activation: Activation
    public internal(set) var parameters: [Float]
    /// Pruning masks over `parameters` (1 keeps, 0 prunes); empty while the network is dense.
    public internal(set) var masks: [Float]

    public var layerCount: Int { widths.count - 1 }
    public func fanIn(_ layer: Int) -> Int { widths[layer] }
    public func fanOut(_ layer: Int) -> Int { widths[layer + 1] }
    /// Index of layer l's first weight in `parameters`.
    public func weightOffset(_ l: Int) -> Int { (0..<l).reduce(0) { $0 + widths[$1 + 1] * (widths[$1] + 1) } }
    public func biasOffset(_ l: Int) -> Int { weightOffset(l) + widths[l] * widths[l + 1] }
    public func weightRange(_ l: Int) -> Range<Int> { weightOffset(l)..<biasOffset(l) }
    public func biasRange(_ l: Int) -> Range<Int> { biasOffset(l)..<(biasOffset(l) + widths[l + 1]) }
    public func weight(_ l: Int) -> ArraySlice<Float> { parameters[weightRange(l)] }
    public func bias(_ l: Int) -> ArraySlice<Float> { parameters[biasRange(l)] }
    public func mask(_ l: Int) -> ArraySlice<Float>? { masks.isEmpty ? nil : masks[weightRange(l)] }

    /// Each layer's weight and bias ranges in `parameters` for a network of `widths`.
    public static func layerRanges(widths: [Int]) -> [(weight: Range<Int>, bias: Range<Int>)] {
        var offset = 0
        return (0..<(widths.count - 1)).map { l in
            let w = offset..<(offset + widths[l] * widths[l + 1])
            offset = w.upperBound + widths[l + 1]
            return (w, w.upperBound..<offset)
        }
    }

    public static func parameterCount(widths: [Int]) -> Int {
        (0..<(widths.count - 1)).reduce(0) { $0 + widths[$1 + 1] * (widths[$1] + 1) }
    }

    /// PyTorch's default `nn.Linear` initialisation: weight and bias uniform in ±1/√fan_in,
    /// drawn layer by layer, weight (row-major) before bias.
    public init(widths: [Int], activation: Activation, rng: inout Rng) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 })
        var parameters: [Float] = []
        parameters.reserveCapacity(Network.parameterCount(widths: widths))
        for l in 0..<(widths.count - 1) {
            let bound = 1 / Float(widths[l]).squareRoot()
            for _ in 0..<(widths[l + 1] * (widths[l] + 1)) { parameters.append(rng.symmetric(bound)) }
        }
        self.init(widths: widths, activation: activation, parameters: parameters, masks: [])
    }

    /// Restores a network from saved values. Precondition: counts match `widths`.
    public init(widths: [Int], activation: Activation, parameters: [Float], masks: [Float]) {
        precondition(parameters.count == Network.parameterCount(widths: widths))
        precondition(masks.isEmpty || masks.count == parameters.count)
        self.widths = widths
        self.activation = activation
        self.parameters = parameters
        self.masks = masks
    }

    /// Number of weights (biases excluded).
    public var weightCount: Int { (0..<layerCount).reduce(0) { $0 + widths[$1] * widths[$1 + 1] } }

    /// The rows (neurons) of layer `l` in use: all of a hidden layer's, and the first
    /// `liveOutputs` of the output layer's (the classes seen so far: the row of a class not seen
    /// yet holds its initial weights and is not pruned, see `prune(toSparsity:liveOutputs:)`).
    func rowsInUse(_ l: Int, liveOutputs: Int) -> Int {
        l == layerCount - 1 ? min(max(liveOutputs, 0), widths[l + 1]) : widths[l + 1]
    }

    /// The weights of the rows in use of layer `l`.
    private func weightsInUse(_ l: Int, liveOutputs: Int) -> ArraySlice<Float> {
        parameters[weightOffset(l)..<(weightOffset(l) + rowsInUse(l, liveOutputs: liveOutputs) * widths[l])]
    }

    /// Fraction of each layer's weights in use that are exactly zero (0 for a layer with none
    /// in use yet). What pruning drives towards its target.
    public func sparsityPerLayer(liveOutputs: Int) -> [Double] {
        (0..<layerCount).map { l in
            let w = weightsInUse(l, liveOutputs: liveOutputs)
            return w.isEmpty ? 0 : Double(zeros(in: w)) / Double(w.count)
        }
    }

    /// Fraction of all weights in use that are exactly zero.
    public func sparsity(liveOutputs: Int) -> Double {
        let layers = (0..<layerCount).map { weightsInUse($0, liveOutputs: liveOutputs) }
        let count = layers.reduce(0) { $0 + $1.count }
        return count == 0 ? 0 : Double(layers.reduce(0) { $0 + zeros(in: $1) }) / Double(count)
    }

    public var isFinite: Bool { parameters.allSatisfy(\.isFinite) }

    private func zeros(in values: ArraySlice<Float>) -> Int { values.reduce(0) { $1 == 0 ? $0 + 1 : $0 } }
}
