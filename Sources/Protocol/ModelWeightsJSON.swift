import LearnCore
import Wire

/// The JSON form of `ModelWeights` on the control socket (docs/control-protocol.md, "weights"):
///
///     {"widths": [64, 128, 10],
///      "layers": [{"weight": B64, "bias": B64, "mask": B64}, ...],   // "mask" only when pruned
///      "normalizer": {"count": N, "mean": B64, "m2": B64},
///      "target_normalizer": {...}}                                  // regress only
///
/// B64 is base64 of little-endian IEEE floats: float32 for weights, biases and masks (layer l's
/// weight row-major `[widths[l+1]][widths[l]]`), float64 for the statistics, so that reading and
/// loading back is exact. numpy: `np.frombuffer(base64.b64decode(s), "<f4")`.
enum ModelWeightsJSON {
    static func encode(_ w: ModelWeights) -> [(String, JSON)] {
        let ranges = Network.layerRanges(widths: w.widths)
        let layers: [JSON] = ranges.map { r in
            var pairs: [(String, JSON)] = [("weight", .string(floats(w.parameters[r.weight]))),
                                           ("bias", .string(floats(w.parameters[r.bias])))]
            if !w.masks.isEmpty { pairs.append(("mask", .string(floats(w.masks[r.weight])))) }
            return .object(pairs)
        }
        var pairs: [(String, JSON)] = [("widths", .array(w.widths.map { .number(Double($0)) })),
                                       ("layers", .array(layers))]
        if let n = w.normalizer { pairs.append(("normalizer", statistics(n))) }
        if let t = w.targetNormalizer { pairs.append(("target_normalizer", statistics(t))) }
        return pairs
    }

    /// Decodes and checks the shapes against `widths`; values are checked by `Learner.load`.
    static func decode(_ j: JSON) throws(ControlRequestError) -> ModelWeights {
        guard let items = j["widths"]?.arrayValue, items.count >= 2 else {
            throw ControlRequestError("set_weights needs \"widths\"")
        }
        let widths = items.compactMap { $0.intValue }
        guard widths.count == items.count, widths.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
            throw ControlRequestError("\"widths\" must be positive integers")
        }
        let ranges = Network.layerRanges(widths: widths)
        guard let layers = j["layers"]?.arrayValue, layers.count == ranges.count else {
            throw ControlRequestError("\"layers\" must hold \(ranges.count) layers for widths \(widths)")
        }
        var parameters: [Float] = [], masks: [Float] = []
        let masked = layers.first?["mask"] != nil
        for (l, (layer, r)) in zip(layers, ranges).enumerated() {
            parameters += try floats(layer["weight"], count: r.weight.count, "layer \(l) weight")
            parameters += try floats(layer["bias"], count: r.bias.count, "layer \(l) bias")
            guard (layer["mask"] != nil) == masked else {
                throw ControlRequestError("give \"mask\" for every layer or none")
            }
            if masked {
                masks += try floats(layer["mask"], count: r.weight.count, "layer \(l) mask")
                masks += [Float](repeating: 1, count: r.bias.count)
            }
        }
        return ModelWeights(widths: widths, parameters: parameters, masks: masks,
                            normalizer: try j["normalizer"].map { v throws(ControlRequestError) in try statistics(v, "normalizer") },
                            targetNormalizer: try j["target_normalizer"].map { v throws(ControlRequestError) in
                                try statistics(v, "target_normalizer")
                            })
    }

    private static func statistics(_ n: Normalizer) -> JSON {
        .object([("count", .number(Double(n.count))), ("mean", .string(doubles(n.mean))), ("m2", .string(doubles(n.m2)))])
    }

    private static func statistics(_ j: JSON, _ what: String) throws(ControlRequestError) -> Normalizer {
        guard let count = j["count"]?.intValue, count >= 0 else { throw ControlRequestError("\(what) needs \"count\" >= 0") }
        let mean = try doubles(j["mean"], "\(what) mean"), m2 = try doubles(j["m2"], "\(what) m2")
        guard mean.count == m2.count else { throw ControlRequestError("\(what) mean and m2 differ in length") }
        guard mean.allSatisfy(\.isFinite), m2.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw ControlRequestError("\(what) statistics must be finite, with m2 >= 0")
        }
        return Normalizer(count: count, mean: mean, m2: m2)
    }

    static func floats(_ values: ArraySlice<Float>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        return Base64.encode(bytes)
    }

    static func doubles(_ values: [Double]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        return Base64.encode(bytes)
    }

    private static func floats(_ j: JSON?, count: Int, _ what: String) throws(ControlRequestError) -> [Float] {
        guard let text = j?.stringValue, let bytes = Base64.decode(text), bytes.count == count * 4 else {
            throw ControlRequestError("\(what) must be base64 of \(count) little-endian float32 values")
        }
        return (0..<count).map { i in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[i * 4 + $1]) << (8 * $1) })
        }
    }

    private static func doubles(_ j: JSON?, _ what: String) throws(ControlRequestError) -> [Double] {
        guard let text = j?.stringValue, let bytes = Base64.decode(text), bytes.count % 8 == 0 else {
            throw ControlRequestError("\(what) must be base64 of little-endian float64 values")
        }
        return (0..<(bytes.count / 8)).map { i in
            Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[i * 8 + $1]) << (8 * $1) })
        }
    }
}
