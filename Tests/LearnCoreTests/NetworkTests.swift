import Foundation
import XCTest
@testable import LearnCore

final class NetworkTests: XCTestCase {
    /// The init of [64, 128, 10] with seed 1 equals, bit for bit, the one the independent numpy
    /// reference draws (Tools/reference/numpy_reference.py asserts the same hash).
    func testInitHashMatchesNumpyReference() {
        var rng = Rng(seed: 1)
        let net = Network(widths: [64, 128, 10], activation: .relu, rng: &rng)
        XCTAssertEqual(net.parameters.count, 64 * 128 + 128 + 128 * 10 + 10)
        XCTAssertEqual(fnv1a64(net.parameters), 0xF384_3A52_643B_ADEF)
        XCTAssertEqual(net.parameters.prefix(4).map(\.bitPattern), [0x3D4F_CABC, 0x3BA7_6AA0, 0x3C97_C4B8, 0xBCDE_8F20])
    }

    /// PyTorch default init: layer by layer, weight then bias, uniform in ±1/√fan_in.
    func testInitDrawOrderAndBounds() {
        let widths = [5, 7, 3]
        var rng = Rng(seed: 11), replay = Rng(seed: 11)
        let net = Network(widths: widths, activation: .tanh, rng: &rng)
        for l in 0..<2 {
            let bound = 1 / Float(widths[l]).squareRoot()
            for i in net.weightRange(l) { XCTAssertEqual(net.parameters[i], replay.symmetric(bound)) }
            for i in net.biasRange(l) { XCTAssertEqual(net.parameters[i], replay.symmetric(bound)) }
            XCTAssertTrue(net.weight(l).allSatisfy { abs($0) <= bound })
        }
        XCTAssertEqual(rng, replay, "init consumes exactly one draw per parameter")
        XCTAssertTrue(net.masks.isEmpty)
    }

    func testLayoutOffsets() {
        var rng = Rng(seed: 1)
        let net = Network(widths: [5, 7, 6, 3], activation: .relu, rng: &rng)
        XCTAssertEqual(net.layerCount, 3)
        XCTAssertEqual(net.weightRange(0), 0..<35)
        XCTAssertEqual(net.biasRange(0), 35..<42)
        XCTAssertEqual(net.weightRange(1), 42..<84)
        XCTAssertEqual(net.biasRange(1), 84..<90)
        XCTAssertEqual(net.weightRange(2), 90..<108)
        XCTAssertEqual(net.biasRange(2), 108..<111)
        XCTAssertEqual(net.parameters.count, 111)
        XCTAssertEqual(Network.parameterCount(widths: [5, 7, 6, 3]), 111)
        XCTAssertEqual(net.weightCount, 35 + 42 + 18)
    }

    func testSparsityCountsZeroWeightsOnly() {
        var params = [Float](repeating: 1, count: Network.parameterCount(widths: [2, 2, 1]))
        params[0] = 0          // layer 0 weight
        params[4] = 0          // layer 0 bias: not a weight
        params[6] = 0          // layer 1 weight
        let net = Network(widths: [2, 2, 1], activation: .relu, parameters: params, masks: [])
        XCTAssertEqual(net.sparsityPerLayer(liveOutputs: 1), [0.25, 0.5])
        XCTAssertEqual(net.sparsity(liveOutputs: 1), 2.0 / 6.0)
        // No class seen yet: the output layer has no weight in use.
        XCTAssertEqual(net.sparsityPerLayer(liveOutputs: 0), [0.25, 0])
        XCTAssertEqual(net.sparsity(liveOutputs: 0), 0.25)
        XCTAssertTrue(net.isFinite)
        params[1] = .nan
        XCTAssertFalse(Network(widths: [2, 2, 1], activation: .relu, parameters: params, masks: []).isFinite)
    }

    /// Forward through the network equals a naive Double evaluation.
    func testForwardMatchesNaiveEvaluation() {
        for activation in Activation.allCases {
            var rng = Rng(seed: 2)
            let widths = [5, 7, 6, 3]
            let net = Network(widths: widths, activation: activation, rng: &rng)
            let ws = Workspace(widths: widths, maxBatch: 4)
            var r = TestRandom(seed: 8)
            let x = r.floats(4 * 5, -2, 2)
            ws.activations[0] = x
            net.forward(ws, batch: 4)
            for b in 0..<4 {
                var a = x[(b * 5)..<(b * 5 + 5)].map(Double.init)
                for l in 0..<3 {
                    let w = Array(net.weight(l)), bias = Array(net.bias(l))
                    a = (0..<widths[l + 1]).map { o in
                        let z = Double(bias[o]) + (0..<widths[l]).reduce(0.0) { $0 + Double(w[o * widths[l] + $1]) * a[$1] }
                        guard l < 2 else { return z }
                        return activation == .relu ? max(z, 0) : Foundation.tanh(z)
                    }
                }
                for o in 0..<3 {
                    XCTAssertClose(Double(ws.activations[3][b * 3 + o]), a[o], relative: 1e-5, absolute: 1e-6)
                }
            }
        }
    }
}
