import XCTest
@testable import LearnCore

/// The normalisation kernel (CKernels `lk_normalize`) of every set this CPU can run, at every tail of the 4-, 8-
/// and 16-lane vectors, against the scalar formula it replaced: the same bits, clipping and non-finite values
/// included.
final class NormalizeKernelTests: XCTestCase {
    func testEverySetGivesTheScalarFormulaBitForBit() {
        var r = TestRandom(seed: 21)
        let chosen = Kernels.name
        defer { XCTAssertTrue(Kernels.use(chosen)) }
        var ran = 0
        for set in KernelSetTests.sets where Kernels.use(set) {
            ran += 1
            for n in 1...70 {
                var x = r.floats(n, -50, 50)
                let shift = r.floats(n, -5, 5), scale = r.floats(n, 0, 2).enumerated().map { $0 % 5 == 0 ? 0 : $1 }
                if n > 2 { x[n - 1] = .infinity; x[n / 2] = .nan; x[1] = 3e38 }
                for clip: Float in [3, 1000, .infinity] {
                    var out = [Float](repeating: 7, count: n + 2)
                    x.withUnsafeBufferPointer { xs in
                        shift.withUnsafeBufferPointer { s in
                            scale.withUnsafeBufferPointer { c in
                                out.withUnsafeMutableBufferPointer { o in
                                    Kernels.normalize(xs.baseAddress!, shift: s.baseAddress!, scale: c.baseAddress!,
                                                      into: o.baseAddress! + 1, count: n, clip: clip)
                                }
                            }
                        }
                    }
                    for i in 0..<n {
                        let z = (x[i] - shift[i]) * scale[i]
                        let expected = z.isFinite ? min(max(z, -clip), clip) : z
                        XCTAssertEqual(out[1 + i].bitPattern, expected.bitPattern, "\(set) n=\(n) i=\(i) clip=\(clip)")
                    }
                    XCTAssertEqual([out[0], out[n + 1]], [7, 7], "\(set) n=\(n): writes only its row")
                }
            }
        }
        XCTAssertGreaterThan(ran, 0)
    }

    /// The float copies of the statistics (CKernels `lk_scales`): the same bits as Float(mean) and Float(1/σ),
    /// σ = √(m2/n), 0 where σ = 0 or no record came yet.
    func testScalesGiveTheScalarFormulaBitForBit() {
        var r = TestRandom(seed: 22)
        let chosen = Kernels.name
        defer { XCTAssertTrue(Kernels.use(chosen)) }
        for set in KernelSetTests.sets where Kernels.use(set) {
            for count in 1...21 {
                let mean = (0..<count).map { _ in Double(r.float(-1e4, 1e4)) / 3 }
                let m2 = (0..<count).map { $0 % 4 == 1 ? 0 : Double(r.float(0, 1e6)) / 7 }
                for n in [0.0, 1, 37] {
                    var shift = [Float](repeating: .nan, count: count), scale = shift
                    mean.withUnsafeBufferPointer { m in
                        m2.withUnsafeBufferPointer { v in
                            Kernels.scales(mean: m.baseAddress!, m2: v.baseAddress!, records: n,
                                           shift: &shift, scale: &scale, count: count)
                        }
                    }
                    for i in 0..<count {
                        let sigma = n > 0 ? (m2[i] / n).squareRoot() : 0
                        XCTAssertEqual(shift[i].bitPattern, Float(mean[i]).bitPattern, "\(set) \(count) \(i)")
                        XCTAssertEqual(scale[i].bitPattern, (sigma > 0 ? Float(1 / sigma) : 0).bitPattern,
                                       "\(set) count \(count) n \(n) feature \(i)")
                    }
                }
            }
        }
    }
}
