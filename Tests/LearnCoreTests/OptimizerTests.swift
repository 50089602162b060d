import Foundation
import XCTest
@testable import LearnCore

/// Optimiser updates on fixed gradients against the PyTorch formulas, computed by hand in Double.
final class OptimizerTests: XCTestCase {
    func config(_ kind: OptimizerKind, lr: Float, momentum: Float = 0) -> LearnerConfig {
        var c = LearnerConfig(inputs: 1)
        c.optimizer = kind
        c.learningRate = lr
        c.momentum = momentum
        return c
    }

    func testPlainSGD() {
        var state = OptimizerState(kind: .sgd, parameterCount: 2, momentum: 0)
        XCTAssertTrue(state.first.isEmpty && state.second.isEmpty)
        var p: [Float] = [1, -2]
        for _ in 0..<3 { state.apply(to: &p, gradients: [0.5, -0.25], config: config(.sgd, lr: 0.1)) }
        XCTAssertEqual(p[0], 0.85, accuracy: 1e-6)      // 1 − 3·0.1·0.5
        XCTAssertEqual(p[1], -1.925, accuracy: 1e-6)    // −2 + 3·0.1·0.25
        XCTAssertEqual(state.steps, 3)
    }

    /// PyTorch: v ← μv + g, p ← p − lr·v. Constant g: v = g, 1.9g, 2.71g; Σ = 5.61g.
    func testSGDWithMomentum() {
        var state = OptimizerState(kind: .sgd, parameterCount: 2, momentum: 0.9)
        XCTAssertEqual(state.first, [0, 0])
        var p: [Float] = [1, -2]
        let c = config(.sgd, lr: 0.1, momentum: 0.9)
        for _ in 0..<3 { state.apply(to: &p, gradients: [0.5, -0.25], config: c) }
        XCTAssertEqual(p[0], 0.71950, accuracy: 1e-5)   // 1 − 0.1·5.61·0.5
        XCTAssertEqual(p[1], -1.85975, accuracy: 1e-5)  // −2 + 0.1·5.61·0.25
        XCTAssertEqual(state.first[0], 2.71 * 0.5, accuracy: 1e-6)
        // A zero gradient still moves by momentum: v = 0.9 · 1.355.
        state.apply(to: &p, gradients: [0, 0], config: c)
        XCTAssertEqual(state.first[0], 0.9 * 1.355, accuracy: 1e-6)
    }

    /// PyTorch Adam with bias correction, varying gradients, computed in Double.
    func testAdamMatchesPyTorchFormula() {
        let lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8
        let gradients: [[Float]] = [[0.5, -0.1, 0], [-0.2, -0.1, 0.3], [0.05, 2, -0.3], [0, 0, 0]]
        var state = OptimizerState(kind: .adam, parameterCount: 3, momentum: 0)
        var p: [Float] = [0.3, -0.7, 0]
        var expected = p.map(Double.init), m = [0.0, 0, 0], v = [0.0, 0, 0]
        for (t, g) in gradients.enumerated() {
            state.apply(to: &p, gradients: g, config: config(.adam, lr: Float(lr)))
            let step = Double(t + 1)
            for i in 0..<3 {
                m[i] = b1 * m[i] + (1 - b1) * Double(g[i])
                v[i] = b2 * v[i] + (1 - b2) * Double(g[i]) * Double(g[i])
                let denom = (v[i].squareRoot() / (1 - pow(b2, step)).squareRoot()) + eps
                expected[i] -= lr / (1 - pow(b1, step)) * m[i] / denom
            }
            for i in 0..<3 {
                XCTAssertEqual(Double(p[i]), expected[i], accuracy: 2e-6, "step \(t + 1) parameter \(i)")
                XCTAssertEqual(Double(state.first[i]), m[i], accuracy: 1e-6)
                XCTAssertEqual(Double(state.second[i]), v[i], accuracy: 1e-7)
            }
        }
        XCTAssertEqual(state.steps, 4)
    }

    /// Adam's first step moves each parameter by lr·sign(g) (|m̂|/√v̂ = 1).
    func testAdamFirstStepIsLearningRateTimesSign() {
        var state = OptimizerState(kind: .adam, parameterCount: 2, momentum: 0)
        var p: [Float] = [1, 1]
        state.apply(to: &p, gradients: [3, -0.001], config: config(.adam, lr: 0.05))
        XCTAssertEqual(p[0], 0.95, accuracy: 1e-6)
        XCTAssertEqual(p[1], 1.05, accuracy: 1e-5)
    }

    private func pow(_ x: Double, _ n: Double) -> Double { Foundation.pow(x, n) }

    /// With clipNorm set, the applied gradient has norm clipNorm and the unclipped direction.
    func testGradientClippingViaLearner() {
        var c = smallConfig(inputs: 4, hidden: [8], outputs: 3)
        c.learningRate = 1
        c.replayK = 0
        var clipped = c
        clipped.clipNorm = 0.01
        let plain = Learner(config: c), clip = Learner(config: clipped)
        let before = plain.network.parameters
        XCTAssertEqual(before, clip.network.parameters)
        _ = plain.learn([1, -2, 0.5, 3], target: .label("a"))
        _ = clip.learn([1, -2, 0.5, 3], target: .label("a"))
        let fullStep = zip(plain.network.parameters, before).map { Double($0) - Double($1) }
        let clippedStep = zip(clip.network.parameters, before).map { Double($0) - Double($1) }
        let fullNorm = fullStep.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let clippedNorm = clippedStep.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertGreaterThan(fullNorm, 0.05, "the unclipped gradient must exceed clipNorm for the test to mean anything")
        XCTAssertEqual(clippedNorm, 0.01, accuracy: 1e-4)
        for (a, b) in zip(clippedStep, fullStep) { XCTAssertEqual(a, b * 0.01 / fullNorm, accuracy: 2e-6) }

        // A ceiling above the norm leaves the step unchanged.
        var loose = c
        loose.clipNorm = Float(fullNorm) * 2
        let unclipped = Learner(config: loose)
        _ = unclipped.learn([1, -2, 0.5, 3], target: .label("a"))
        XCTAssertEqual(unclipped.network.parameters, plain.network.parameters)
    }
}

extension OptimizerState {
    /// One step that must succeed (the tests' gradients are finite and small).
    mutating func apply(to parameters: inout [Float], gradients: [Float], config: LearnerConfig) {
        var scratch = OptimizerScratch()
        let applied = apply(to: &parameters, gradients: gradients, config: config, scratch: &scratch)
        XCTAssertTrue(applied, "finite step applied")
    }
}
