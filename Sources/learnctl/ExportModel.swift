import CheckpointFormat
import LearnCore
import Wire

/// What `export` writes, whatever the format: per layer l, `layers.l.weight` float32 `[out, in]` (PyTorch's
/// `nn.Linear.weight`), `layers.l.bias` `[out]` and `layers.l.mask` `[out, in]` (1 keeps, 0 pruned; all ones
/// while dense), plus metadata to run the model as learnd does: normalise each feature as (x − mean)/std
/// (0 where std = 0); hidden layers apply `activation`, the last is linear; classify: softmax, the predicted
/// class is the most probable among the first `labels.count` slots; regress with `normalize_targets`:
/// prediction = target_mean + target_std · output.
struct ExportModel {
    struct Tensor {
        var name: String
        var shape: [Int]
        var values: [Float]
    }

    var tensors: [Tensor] = []
    /// Metadata values as JSON (strings in safetensors, where each is JSON-encoded unless a plain string).
    var metadata: [(String, JSON)] = []

    init(_ decoded: DecodedCheckpoint) {
        let s = decoded.state, n = s.network, c = s.config
        for l in 0..<n.layerCount {
            let shape = [n.fanOut(l), n.fanIn(l)]
            tensors.append(Tensor(name: "layers.\(l).weight", shape: shape, values: Array(n.weight(l))))
            tensors.append(Tensor(name: "layers.\(l).bias", shape: [n.fanOut(l)], values: Array(n.bias(l))))
            let mask = n.mask(l).map(Array.init) ?? [Float](repeating: 1, count: n.weightRange(l).count)
            tensors.append(Tensor(name: "layers.\(l).mask", shape: shape, values: mask))
        }
        let normalizesTargets = c.task == .regress && c.normalizeTargets
        metadata = [
            ("format", "learnd-export"), ("learnd_version", .string(decoded.meta.learndVersion)),
            ("checkpoint_format_version", .number(Double(decoded.meta.formatVersion))),
            ("task", .string(c.task.rawValue)), ("activation", .string(c.activation.rawValue)),
            ("widths", .array(c.widths.map { .number(Double($0)) })),
            ("labels", .array(s.labels.names.map { .string($0) })),
            ("feature_mean", numbers(s.normalizer.mean)), ("feature_std", numbers(s.normalizer.standardDeviation)),
            ("normalize_targets", .bool(normalizesTargets)),
            ("target_mean", numbers(normalizesTargets ? s.targetNormalizer.mean : [])),
            ("target_std", numbers(normalizesTargets ? s.targetNormalizer.standardDeviation : [])),
            ("records_learned", .number(Double(s.counters.learned))),
            ("created", .string(utcTimestamp(decoded.meta.createdUnixSeconds))),
        ]
    }

    /// JSON export: `{"metadata": {...}, "tensors": {"layers.0.weight": {"shape": [...], "data": [[...]]}}}`.
    var json: JSON {
        .object([
            ("metadata", .object(metadata)),
            ("tensors", .object(tensors.map { t in
                (t.name, .object([("dtype", "F32"), ("shape", .array(t.shape.map { .number(Double($0)) })),
                                  ("data", nested(t.values, shape: t.shape))]))
            })),
        ])
    }

    private func numbers(_ values: [Double]) -> JSON { .array(values.map { .number($0) }) }

    /// Values as nested arrays of `shape` (row-major).
    private func nested(_ values: [Float], shape: [Int]) -> JSON {
        guard shape.count == 2 else { return .array(values.map { .number(Double($0)) }) }
        return .array((0..<shape[0]).map { r in
            .array(values[(r * shape[1])..<((r + 1) * shape[1])].map { .number(Double($0)) })
        })
    }
}
