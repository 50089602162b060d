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
}
