import XCTest
@testable import LearnCore

/// Backpropagation (Network.backward + Loss deltas) against central finite differences of the
/// batch-mean loss, for every weight and bias of every layer, both activations, both losses,
/// batch 1 and 4.
///
/// Finite differences: eps = 1e-2 on the float32 parameter, row losses summed in Double.
/// Tolerance: |numeric − analytic| ≤ 2e-2·max(|numeric|, |analytic|) + 2e-4. A parameter whose ±eps
/// perturbation flips a ReLU (any hidden unit changes sign in the batch) is skipped; at most 10%
/// may be skipped.
final class GradientCheckTests: XCTestCase {
    enum Objective { case crossEntropy, meanSquaredError }

    struct Problem {
        var network: Network
        let ws: Workspace
        let batch: Int
        let inputs: [Float]
        let classes: [Int]
        let targets: [Float]
        let objective: Objective
        var probabilities: [Float] = []

        /// Batch-mean loss at the current parameters (also writes deltas[L]).
        mutating func loss() -> Double {
            let L = network.layerCount, outputs = network.widths[L]
            ws.activations[0].replaceSubrange(0..<inputs.count, with: inputs)
            network.forward(ws, batch: batch)
            var total = 0.0
            for b in 0..<batch {
                let range = (b * outputs)..<((b + 1) * outputs)
                switch objective {
                case .crossEntropy:
                    total += Double(Loss.softmaxCrossEntropy(logits: ws.activations[L][range], target: classes[b], batch: batch,
                                                             probabilities: &probabilities, delta: &ws.deltas[L], at: range.lowerBound))
                case .meanSquaredError:
                    total += Double(Loss.meanSquaredError(outputs: ws.activations[L][range], targets: targets[range],
                                                          batch: batch, delta: &ws.deltas[L], at: range.lowerBound))
                }
            }
            return total / Double(batch)
        }

        /// Signs of all hidden pre-activations (post-ReLU > 0), to detect kinks.
        func hiddenPattern() -> [Bool] {
            (1..<network.layerCount).flatMap { l in ws.activations[l][0..<(batch * network.widths[l])].map { $0 > 0 } }
        }
    }

    func makeProblem(_ widths: [Int], _ activation: Activation, _ objective: Objective, batch: Int, seed: UInt64) -> Problem {
        var rng = Rng(seed: seed)
        let net = Network(widths: widths, activation: activation, rng: &rng)
        var r = TestRandom(seed: seed &+ 100)
        let outputs = widths.last!
        return Problem(network: net, ws: Workspace(widths: widths, maxBatch: batch), batch: batch,
                       inputs: r.awayFromZero(batch * widths[0], 2, floor: 0.3),
                       classes: (0..<batch).map { _ in r.int(outputs) },
                       targets: r.floats(batch * outputs, -1, 1), objective: objective)
    }

    func check(_ widths: [Int], _ activation: Activation, _ objective: Objective, batch: Int, seed: UInt64 = 1,
               line: UInt = #line) {
        var p = makeProblem(widths, activation, objective, batch: batch, seed: seed)
        _ = p.loss()
        let base = p.hiddenPattern()
        p.network.backward(p.ws, batch: batch)
        let analytic = p.ws.gradients
        XCTAssertEqual(analytic.count, p.network.parameters.count)

        let eps: Float = 1e-2
        var skipped = 0, significant = 0, failures = 0
        for i in p.network.parameters.indices {
            let original = p.network.parameters[i]
            p.network.parameters[i] = original + eps
            let plus = p.loss(), plusPattern = p.hiddenPattern()
            p.network.parameters[i] = original - eps
            let minus = p.loss(), minusPattern = p.hiddenPattern()
            p.network.parameters[i] = original
            let step = Double(original + eps) - Double(original - eps)
            if activation == .relu && (plusPattern != base || minusPattern != base) { skipped += 1; continue }
            let numeric = (plus - minus) / step, a = Double(analytic[i])
            if abs(a) > 1e-3 { significant += 1 }
            if abs(numeric - a) > 2e-2 * max(abs(numeric), abs(a)) + 2e-4 {
                failures += 1
                if failures <= 5 {
                    XCTFail("\(widths) \(activation) \(objective) batch \(batch): parameter \(i) "
                            + "\(layerAndKind(p.network, i)): analytic \(a), numeric \(numeric)", line: line)
                }
            }
        }
        XCTAssertEqual(failures, 0, "mismatching parameters", line: line)
        XCTAssertLessThanOrEqual(skipped, p.network.parameters.count / 10, "too many ReLU kinks skipped", line: line)
        XCTAssertGreaterThan(significant, p.network.parameters.count / 3, "gradient mostly ~0: the check is vacuous", line: line)
    }

    func layerAndKind(_ net: Network, _ i: Int) -> String {
        for l in 0..<net.layerCount {
            if net.weightRange(l).contains(i) { return "layer \(l) weight" }
            if net.biasRange(l).contains(i) { return "layer \(l) bias" }
        }
        return "?"
    }

    func testDeepNetworkCrossEntropy() {
        for activation in Activation.allCases {
            for batch in [1, 4] { check([5, 7, 6, 3], activation, .crossEntropy, batch: batch) }
        }
    }

    func testDeepNetworkMeanSquaredError() {
        for activation in Activation.allCases {
            for batch in [1, 4] { check([5, 7, 6, 3], activation, .meanSquaredError, batch: batch) }
        }
    }

    func testSmallNetworkBothLosses() {
        for activation in Activation.allCases {
            for objective in [Objective.crossEntropy, .meanSquaredError] {
                for batch in [1, 4] { check([4, 3, 2], activation, objective, batch: batch, seed: 3) }
            }
        }
    }

    /// Widths past one 16-lane vector (and a 64-wide chunk) so the SIMD paths of backward are covered.
    func testWideLayers() {
        check([70, 17, 5], .tanh, .crossEntropy, batch: 4, seed: 5)
        check([33, 20, 2], .relu, .meanSquaredError, batch: 4, seed: 6)
    }

    /// No hidden layer: the output layer alone (both losses).
    func testSingleLayer() {
        check([6, 4], .relu, .crossEntropy, batch: 4)
        check([6, 4], .tanh, .meanSquaredError, batch: 1)
    }

    /// The gradient depends only on rows 0..<batch: stale rows beyond the batch must not leak in.
    func testRowsBeyondBatchAreIgnored() {
        var p = makeProblem([5, 7, 3], .relu, .crossEntropy, batch: 2, seed: 4)
        let big = Workspace(widths: [5, 7, 3], maxBatch: 6)
        for l in 0..<3 { big.activations[l] = [Float](repeating: 9, count: big.activations[l].count) }
        for l in 0..<3 { big.deltas[l] = [Float](repeating: 9, count: big.deltas[l].count) }
        _ = p.loss()
        p.network.backward(p.ws, batch: 2)
        let expected = p.ws.gradients
        let q = Problem(network: p.network, ws: big, batch: 2, inputs: p.inputs, classes: p.classes,
                        targets: p.targets, objective: .crossEntropy)
        var q2 = q
        _ = q2.loss()
        q2.network.backward(big, batch: 2)
        XCTAssertEqual(big.gradients, expected)
    }
}
