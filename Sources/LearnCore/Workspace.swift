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
                                        batch: batch, fanIn: fanIn, fanOut: fanOut)
                        if hidden { Kernels.activate(z.baseAddress!, batch * fanOut, activation) }
                    }
                }
            }
        }
    }

    /// Writes ∂loss/∂parameters into `ws.gradients`, given `ws.deltas[L]` for rows 0..<batch.
    func backward(_ ws: Workspace, batch: Int) {
        parameters.withUnsafeBufferPointer { p in
            ws.gradients.withUnsafeMutableBufferPointer { g in
                for l in stride(from: layerCount - 1, through: 0, by: -1) {
                    backwardLayer(l, ws, batch: batch, weight: p.baseAddress! + weightOffset(l),
                                  gradient: g.baseAddress! + weightOffset(l))
                }
            }
        }
    }

    private func backwardLayer(_ l: Int, _ ws: Workspace, batch: Int,
                               weight w: UnsafePointer<Float>, gradient g: UnsafeMutablePointer<Float>) {
        let fanIn = widths[l], fanOut = widths[l + 1]
        ws.deltas[l + 1].withUnsafeBufferPointer { dz in
            ws.activations[l].withUnsafeBufferPointer { a in
                Kernels.weightGrad(dW: g, delta: dz.baseAddress!, input: a.baseAddress!,
                                   batch: batch, fanIn: fanIn, fanOut: fanOut)
                Kernels.biasGrad(dB: g + fanIn * fanOut, delta: dz.baseAddress!, batch: batch, fanOut: fanOut)
                guard l > 0 else { return }
                ws.deltas[l].withUnsafeMutableBufferPointer { da in
                    Kernels.inputGrad(dA: da.baseAddress!, delta: dz.baseAddress!, weight: w,
                                      batch: batch, fanIn: fanIn, fanOut: fanOut)
                    Kernels.multiplyByActivationDerivative(da.baseAddress!, output: a.baseAddress!,
                                                           batch * fanIn, activation)
                }
            }
        }
    }
}
