import CKernels

/// Preallocated buffers for one batched forward and backward pass. Not learner state: it is
/// rebuilt from the shapes and never saved.
///
/// `activations[l]` is `[maxBatch][widths[l]]`: layer l's post-activation output, with
/// `activations[0]` the normalised input batch and `activations[L]` the logits or outputs.
/// `deltas[l]` has the same shape: ∂loss/∂(pre-activation of layer l's output).
/// `gradients` mirrors `Network.parameters`.
final class Workspace {
    let maxBatch: Int
    var activations: [[Float]]
    var deltas: [[Float]]
    var gradients: [Float]

    init(widths: [Int], maxBatch: Int) {
        self.maxBatch = maxBatch
        activations = widths.map { [Float](repeating: 0, count: $0 * maxBatch) }
        deltas = widths.map { [Float](repeating: 0, count: $0 * maxBatch) }
        gradients = [Float](repeating: 0, count: Network.parameterCount(widths: widths))
    }
}

extension Network {
    /// Runs the batch in `ws.activations[0]` (rows 0..<batch) through the network.
    func forward(_ ws: Workspace, batch: Int) {
        parameters.withUnsafeBufferPointer { p in
            for l in 0..<layerCount {
                let fanIn = widths[l], fanOut = widths[l + 1], hidden = l < layerCount - 1
                let w = p.baseAddress! + weightOffset(l), b = w + fanIn * fanOut
                ws.activations[l].withUnsafeBufferPointer { a in
                    ws.activations[l + 1].withUnsafeMutableBufferPointer { z in
                        Kernels.forward(weight: w, bias: b, input: a.baseAddress!, output: z.baseAddress!,
                                        batch: batch, fanIn: fanIn, fanOut: fanOut, relu: hidden && activation == .relu)
                        if hidden && activation != .relu { Kernels.activate(z.baseAddress!, batch * fanOut, activation) }
                    }
                }
            }
        }
    }

    /// Writes ∂loss/∂parameters into `ws.gradients` (times the pruning masks), given
    /// `ws.deltas[L]` for rows 0..<batch.
    func backward(_ ws: Workspace, batch: Int) {
        ws.gradients.withUnsafeMutableBufferPointer { g in
            var update = lk_update()
            update.kind = LK_STORE_GRADIENT
            update.gradient = g.baseAddress
            _ = backward(ws, batch: batch, update: &update)
        }
    }

    /// The backward pass, handing each layer's gradient (times the masks) to `update` as soon as
    /// it is known: stored, or applied by the optimiser at once (its update fused into the pass;
    /// the new values go to separate buffers, so the weights the layers below read are the old
    /// ones). Returns true when every new parameter is finite (always, when storing gradients).
    func backward(_ ws: Workspace, batch: Int, update u: inout lk_update) -> Bool {
        masks.withUnsafeBufferPointer { m in
            u.mask = masks.isEmpty ? nil : m.baseAddress   // nil while dense
            return parameters.withUnsafeBufferPointer { p in
                var finite = true
                for l in stride(from: layerCount - 1, through: 0, by: -1) {
                    finite = backwardLayer(l, ws, batch: batch, weight: p.baseAddress! + weightOffset(l), &u) && finite
                }
                return finite
            }
        }
    }

    private func backwardLayer(_ l: Int, _ ws: Workspace, batch: Int, weight w: UnsafePointer<Float>,
                               _ u: inout lk_update) -> Bool {
        let fanIn = widths[l], fanOut = widths[l + 1], base = weightOffset(l)
        return ws.deltas[l + 1].withUnsafeBufferPointer { dz in
            ws.activations[l].withUnsafeBufferPointer { a in
                let weights = lk_weight_grad(dz.baseAddress!, a.baseAddress!, batch, fanIn, fanOut, &u, base)
                let biases = lk_bias_grad(dz.baseAddress!, batch, fanOut, &u, base + fanIn * fanOut)
                if l > 0 {
                    ws.deltas[l].withUnsafeMutableBufferPointer { da in
                        Kernels.inputGrad(dA: da.baseAddress!, delta: dz.baseAddress!, weight: w, batch: batch,
                                          fanIn: fanIn, fanOut: fanOut, derivativeOf: (activation, a.baseAddress!))
                    }
                }
                return weights != 0 && biases != 0
            }
        }
    }
}
