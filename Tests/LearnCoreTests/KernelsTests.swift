import Foundation
import XCTest
@testable import LearnCore

/// Each kernel against a naive Double loop, at sizes that exercise the 64-, 32-, 16-wide and
/// scalar tails (none a multiple of 16 except where mixed in).
final class KernelsTests: XCTestCase {
    static let sizes = [1, 15, 17, 33, 70]
    static let shapes: [(batch: Int, fanIn: Int, fanOut: Int)] = [
        (1, 1, 1), (1, 15, 17), (4, 17, 15), (3, 33, 5), (2, 70, 33), (5, 70, 70), (9, 16, 4), (2, 64, 7),
    ]

    /// |a − b| ≤ 1e-5·Σ|terms| + 1e-7: the float32 sum may be reordered, never wrong.
    func assertSum(_ a: Float, _ exact: Double, _ magnitude: Double, _ what: String, line: UInt = #line) {
        XCTAssertLessThanOrEqual(abs(Double(a) - exact), 1e-5 * magnitude + 1e-7, "\(what): \(a) vs \(exact)", line: line)
    }

    func testForward() {
        var r = TestRandom(seed: 1)
        for (batch, fanIn, fanOut) in Self.shapes {
            let w = r.floats(fanOut * fanIn, -1, 1), bias = r.floats(fanOut, -1, 1), a = r.floats(batch * fanIn, -2, 2)
            var z = [Float](repeating: .nan, count: batch * fanOut)
            Kernels.forward(weight: w, bias: bias, input: a, output: &z, batch: batch, fanIn: fanIn, fanOut: fanOut)
            for b in 0..<batch {
                for o in 0..<fanOut {
                    var sum = Double(bias[o]), mag = abs(Double(bias[o]))
                    for i in 0..<fanIn { let t = Double(w[o * fanIn + i]) * Double(a[b * fanIn + i]); sum += t; mag += abs(t) }
                    assertSum(z[b * fanOut + o], sum, mag, "forward \(batch)x\(fanIn)x\(fanOut) [\(b)][\(o)]")
                }
            }
        }
    }

    func testWeightGradOverwrites() {
        var r = TestRandom(seed: 2)
        for (batch, fanIn, fanOut) in Self.shapes {
            let dz = r.floats(batch * fanOut, -1, 1), a = r.floats(batch * fanIn, -2, 2)
            var dW = [Float](repeating: 1234, count: fanOut * fanIn)
            Kernels.weightGrad(dW: &dW, delta: dz, input: a, batch: batch, fanIn: fanIn, fanOut: fanOut)
            for o in 0..<fanOut {
                for i in 0..<fanIn {
                    var sum = 0.0, mag = 0.0
                    for b in 0..<batch { let t = Double(dz[b * fanOut + o]) * Double(a[b * fanIn + i]); sum += t; mag += abs(t) }
                    assertSum(dW[o * fanIn + i], sum, mag, "weightGrad \(batch)x\(fanIn)x\(fanOut) [\(o)][\(i)]")
                }
            }
        }
    }

    func testBiasGradOverwrites() {
        var r = TestRandom(seed: 3)
        for (batch, _, fanOut) in Self.shapes {
            let dz = r.floats(batch * fanOut, -1, 1)
            var dB = [Float](repeating: 99, count: fanOut)
            Kernels.biasGrad(dB: &dB, delta: dz, batch: batch, fanOut: fanOut)
            for o in 0..<fanOut {
                let terms = (0..<batch).map { Double(dz[$0 * fanOut + o]) }
                assertSum(dB[o], terms.reduce(0, +), terms.map(abs).reduce(0, +), "biasGrad [\(o)]")
            }
        }
    }

    func testInputGradWithSomeZeroDeltas() {
        var r = TestRandom(seed: 4)
        for (batch, fanIn, fanOut) in Self.shapes {
            var dz = r.floats(batch * fanOut, -1, 1)
            for j in stride(from: 0, to: dz.count, by: 3) { dz[j] = 0 }   // ReLU-style zeros (skipped by the kernel)
            let w = r.floats(fanOut * fanIn, -1, 1)
            var dA = [Float](repeating: .nan, count: batch * fanIn)
            Kernels.inputGrad(dA: &dA, delta: dz, weight: w, batch: batch, fanIn: fanIn, fanOut: fanOut)
            for b in 0..<batch {
                for i in 0..<fanIn {
                    var sum = 0.0, mag = 0.0
                    for o in 0..<fanOut { let t = Double(dz[b * fanOut + o]) * Double(w[o * fanIn + i]); sum += t; mag += abs(t) }
                    assertSum(dA[b * fanIn + i], sum, mag, "inputGrad \(batch)x\(fanIn)x\(fanOut) [\(b)][\(i)]")
                }
            }
        }
    }

    func testElementwiseKernels() {
        var r = TestRandom(seed: 5)
        for n in Self.sizes {
            let x = r.floats(n, -3, 3), y0 = r.floats(n, -3, 3)
            XCTAssertEqual(Double(Kernels.dot(x, y0, n)), zip(x, y0).reduce(0.0) { $0 + Double($1.0) * Double($1.1) },
                           accuracy: 1e-5 * Double(n) * 9)
            XCTAssertEqual(Double(Kernels.sumOfSquares(x, n)), x.reduce(0.0) { $0 + Double($1) * Double($1) },
                           accuracy: 1e-5 * Double(n) * 9)

            var y = y0
            Kernels.axpy(&y, -0.5, x, n)
            for i in 0..<n { XCTAssertEqual(y[i], y0[i] + -0.5 * x[i]) }

            var s = x
            Kernels.scale(&s, by: 0.25, n)
            XCTAssertEqual(s, x.map { $0 * 0.25 })

            let mask: [Float] = (0..<n).map { $0 % 3 == 0 ? 0 : 1 }
            var m = x
            Kernels.multiply(&m, by: mask, n)
            XCTAssertEqual(m, zip(x, mask).map { $0 * $1 })

            var relu = x
            Kernels.activate(&relu, n, .relu)
            XCTAssertEqual(relu, x.map { max($0, 0) })
            var th = x
            Kernels.activate(&th, n, .tanh)
            for i in 0..<n { XCTAssertEqual(Double(th[i]), Foundation.tanh(Double(x[i])), accuracy: 1e-6) }

            var dRelu = y0
            Kernels.multiplyByActivationDerivative(&dRelu, output: relu, n, .relu)
            XCTAssertEqual(dRelu, (0..<n).map { relu[$0] > 0 ? y0[$0] : 0 })
            var dTanh = y0
            Kernels.multiplyByActivationDerivative(&dTanh, output: th, n, .tanh)
            for i in 0..<n { XCTAssertEqual(dTanh[i], y0[i] * (1 - th[i] * th[i]), accuracy: 1e-6) }
        }
    }

    /// Only the first n elements are touched.
    func testKernelsRespectLength() {
        var y = [Float](repeating: 1, count: 40)
        let x = [Float](repeating: 2, count: 40)
        Kernels.axpy(&y, 1, x, 17)
        XCTAssertEqual(y, [Float](repeating: 3, count: 17) + [Float](repeating: 1, count: 23))
        Kernels.scale(&y, by: 0, 33)
        XCTAssertEqual(y, [Float](repeating: 0, count: 33) + [Float](repeating: 1, count: 7))
    }
}
