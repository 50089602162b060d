import CKernels
import XCTest
@testable import LearnCore

/// Every kernel set this CPU can run (AVX-512, AVX2+FMA, SSE2; the portable set elsewhere) against
/// Double loops at every tail: batches around the 4-row tiles, widths around the 4-, 8- and
/// 16-lane vectors and the 64-float chunks. The fused optimiser updates against their formulas.
final class KernelSetTests: XCTestCase {
    static let sets = ["avx512", "avx2-fma", "sse2", "portable"]
    static let batches = [1, 3, 4, 5, 9, 33]
    static let fanIns = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 70]
    static let fanOuts = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33]

    /// Runs `body` once per kernel set this CPU supports (at least one), then restores the chosen set.
    func forEachSet(_ body: (String) -> Void) {
        let chosen = Kernels.name
        defer { XCTAssertTrue(Kernels.use(chosen)) }
        var ran = 0
        for name in Self.sets where Kernels.use(name) {
            body(name)
            ran += 1
        }
        XCTAssertGreaterThan(ran, 0)
    }

    func close(_ a: Float, _ exact: Double, _ magnitude: Double) -> Bool {
        abs(Double(a) - exact) <= 1e-5 * magnitude + 1e-7
    }

    func testLayerKernelsAtEveryTail() {
        var r = TestRandom(seed: 11)
        forEachSet { set in
            var failures = 0
            for batch in Self.batches {
                for fanIn in Self.fanIns {
                    for fanOut in Self.fanOuts {
                        let w = r.floats(fanOut * fanIn, -1, 1), bias = r.floats(fanOut, -1, 1)
                        let a = r.floats(batch * fanIn, -2, 2), dz = r.floats(batch * fanOut, -1, 1)
                        failures += checkShape(w, bias, a, dz, batch, fanIn, fanOut)
                        if failures > 0 { return XCTFail("\(set): \(batch)x\(fanIn)x\(fanOut) wrong") }
                    }
                }
            }
        }
    }

    /// Number of wrong elements over forward (with ReLU), the weight, bias and input gradients (ReLU derivative).
    private func checkShape(_ w: [Float], _ bias: [Float], _ a: [Float], _ dz: [Float],
                            _ batch: Int, _ fanIn: Int, _ fanOut: Int) -> Int {
        var z = [Float](repeating: .nan, count: batch * fanOut), dW = [Float](repeating: .nan, count: fanOut * fanIn)
        var dB = [Float](repeating: .nan, count: fanOut), dA = [Float](repeating: .nan, count: batch * fanIn)
        Kernels.forward(weight: w, bias: bias, input: a, output: &z, batch: batch, fanIn: fanIn, fanOut: fanOut,
                        relu: true)
        Kernels.weightGrad(dW: &dW, delta: dz, input: a, batch: batch, fanIn: fanIn, fanOut: fanOut)
        Kernels.biasGrad(dB: &dB, delta: dz, batch: batch, fanOut: fanOut)
        a.withUnsafeBufferPointer { ap in
            Kernels.inputGrad(dA: &dA, delta: dz, weight: w, batch: batch, fanIn: fanIn, fanOut: fanOut,
                              derivativeOf: (.relu, ap.baseAddress!))
        }
        var wrong = 0
        for b in 0..<batch {
            for o in 0..<fanOut {
                var sum = Double(bias[o]), mag = abs(sum)
                for i in 0..<fanIn { let t = Double(w[o * fanIn + i]) * Double(a[b * fanIn + i]); sum += t; mag += abs(t) }
                if !close(z[b * fanOut + o], max(sum, 0), mag) { wrong += 1 }
            }
            for i in 0..<fanIn {
                var sum = 0.0, mag = 0.0
                for o in 0..<fanOut { let t = Double(dz[b * fanOut + o]) * Double(w[o * fanIn + i]); sum += t; mag += abs(t) }
                if !close(dA[b * fanIn + i], a[b * fanIn + i] > 0 ? sum : 0, mag) { wrong += 1 }
            }
        }
        for o in 0..<fanOut {
            var bsum = 0.0, bmag = 0.0
            for b in 0..<batch { bsum += Double(dz[b * fanOut + o]); bmag += abs(Double(dz[b * fanOut + o])) }
            if !close(dB[o], bsum, bmag) { wrong += 1 }
            for i in 0..<fanIn {
                var sum = 0.0, mag = 0.0
                for b in 0..<batch { let t = Double(dz[b * fanOut + o]) * Double(a[b * fanIn + i]); sum += t; mag += abs(t) }
                if !close(dW[o * fanIn + i], sum, mag) { wrong += 1 }
            }
        }
        return wrong
    }

    /// SGD, momentum and Adam applied inside the gradient pass, masked, against the formulas in
    /// Double; a non-finite gradient is reported and a finite one is not.
    func testFusedUpdates() {
        let batch = 3, fanIn = 19, fanOut = 5, n = fanIn * fanOut
        var r = TestRandom(seed: 12)
        let a = r.floats(batch * fanIn, -1, 1), dz = r.floats(batch * fanOut, -1, 1)
        let p = r.floats(n, -1, 1), first = r.floats(n, -0.1, 0.1), second = r.floats(n, 0, 0.01)
        let mask: [Float] = (0..<n).map { $0 % 4 == 0 ? 0 : 1 }
        forEachSet { set in
            for kind in [LK_SGD, LK_MOMENTUM, LK_ADAM] {
                var po = [Float](repeating: .nan, count: n), fo = po, so = po
                var u = lk_update()
                (u.kind, u.lr, u.momentum, u.beta1, u.beta2, u.epsilon) = (kind, 0.1, 0.9, 0.9, 0.999, 1e-8)
                (u.stepSize, u.invSqrtCorrection2) = (0.5, 2)
                let finite = mask.withUnsafeBufferPointer { m in
                    p.withUnsafeBufferPointer { pp in first.withUnsafeBufferPointer { f in second.withUnsafeBufferPointer { s in
                        po.withUnsafeMutableBufferPointer { pop in fo.withUnsafeMutableBufferPointer { fop in
                            so.withUnsafeMutableBufferPointer { sop in
                                (u.mask, u.param, u.paramOut) = (m.baseAddress, pp.baseAddress, pop.baseAddress)
                                (u.first, u.firstOut, u.second, u.secondOut) = (f.baseAddress, fop.baseAddress,
                                                                                s.baseAddress, sop.baseAddress)
                                return lk_weight_grad(dz, a, batch, fanIn, fanOut, &u, 0)
                            } } } } } }
                }
                XCTAssertEqual(finite, 1, set)
                for o in 0..<fanOut {
                    for i in 0..<fanIn {
                        let k = o * fanIn + i
                        var g = 0.0
                        for b in 0..<batch { g += Double(dz[b * fanOut + o]) * Double(a[b * fanIn + i]) }
                        g *= Double(mask[k])
                        let expected: Double
                        switch kind {
                        case LK_SGD: expected = Double(p[k]) - 0.1 * g
                        case LK_MOMENTUM:
                            let v = 0.9 * Double(first[k]) + g
                            XCTAssertEqual(Double(fo[k]), v, accuracy: 1e-5, set)
                            expected = Double(p[k]) - 0.1 * v
                        default:
                            let m1 = 0.9 * Double(first[k]) + 0.1 * g, v = 0.999 * Double(second[k]) + 0.001 * g * g
                            XCTAssertEqual(Double(so[k]), v, accuracy: 1e-6, set)
                            expected = Double(p[k]) - 0.5 * m1 / (v.squareRoot() * 2 + 1e-8)
                        }
                        XCTAssertEqual(Double(po[k]), expected * Double(mask[k]), accuracy: 1e-4, "\(set) \(kind) [\(k)]")
                    }
                }
            }
            var bad = dz
            bad[4] = .infinity
            var po = [Float](repeating: 0, count: n)
            var u = lk_update()
            (u.kind, u.lr) = (LK_SGD, 0.1)
            let finite = p.withUnsafeBufferPointer { pp in
                po.withUnsafeMutableBufferPointer { pop in
                    (u.param, u.paramOut) = (pp.baseAddress, pop.baseAddress)
                    return lk_weight_grad(bad, a, batch, fanIn, fanOut, &u, 0)
                }
            }
            XCTAssertEqual(finite, 0, "\(set): an infinite delta makes a new parameter non-finite")
        }
    }
}
