import XCTest
@testable import LearnCore

final class NormalizerTests: XCTestCase {
    /// Welford after n updates equals a two-pass mean and population variance in Double.
    func testMatchesTwoPassStatistics() {
        var r = TestRandom(seed: 1)
        let features = 5, n = 700
        let offsets: [Double] = [0, 1000, -3, 1e6, 0.001], scales: [Double] = [1, 0.01, 50, 1e3, 1e-4]
        let data: [[Float]] = (0..<n).map { _ in (0..<features).map { Float(offsets[$0] + scales[$0] * r.double(-1, 1)) } }
        var norm = Normalizer(features: features)
        for x in data { norm.update(x) }
        XCTAssertEqual(norm.count, n)
        for i in 0..<features {
            let column = data.map { Double($0[i]) }
            let mean = column.reduce(0, +) / Double(n)
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
            XCTAssertClose(norm.mean[i], mean, relative: 1e-12, absolute: 1e-12 * scales[i], "mean \(i)")
            XCTAssertClose(norm.m2[i] / Double(n), variance, relative: 1e-9, "variance \(i)")
            XCTAssertClose(norm.standardDeviation[i], variance.squareRoot(), relative: 1e-9)
        }
        // Normalised values: (x − mean)/σ, to float32 precision (relative to the feature's offset/σ).
        var out = [Float](repeating: .nan, count: features + 2)
        for x in data.prefix(50) {
            norm.normalize(x[...], into: &out, at: 2)
            for i in 0..<features {
                let sd = norm.standardDeviation[i]
                let expected = (Double(x[i]) - norm.mean[i]) / sd
                let floatError = (abs(Double(x[i])) + abs(norm.mean[i])) / sd * 1.2e-7
                XCTAssertEqual(Double(out[2 + i]), expected, accuracy: 4 * floatError + 1e-6, "feature \(i)")
            }
        }
        XCTAssertTrue(out[0].isNaN && out[1].isNaN, "writes only at the offset")
    }

    func testNormalisedTrainingDataHasZeroMeanUnitVariance() {
        var r = TestRandom(seed: 2)
        let data = (0..<400).map { _ in [r.float(5, 9), r.float(-100, 300)] }
        var norm = Normalizer(features: 2)
        for x in data { norm.update(x) }
        var out: [Float] = [0, 0]
        var sums = [0.0, 0.0], squares = [0.0, 0.0]
        for x in data {
            norm.normalize(x[...], into: &out, at: 0)
            for i in 0..<2 { sums[i] += Double(out[i]); squares[i] += Double(out[i]) * Double(out[i]) }
        }
        for i in 0..<2 {
            XCTAssertEqual(sums[i] / 400, 0, accuracy: 1e-5)
            XCTAssertEqual(squares[i] / 400, 1, accuracy: 1e-5)
        }
    }

    /// σ = 0 (constant feature, or one record) maps to 0, never NaN or ∞.
    func testZeroDeviationMapsToZero() {
        var norm = Normalizer(features: 3)
        var out = [Float](repeating: .nan, count: 3)
        norm.normalize([4, 5, 6][...], into: &out, at: 0)
        XCTAssertEqual(out, [0, 0, 0], "no statistics yet")
        norm.update([7, 1, 2])
        norm.normalize([7, 100, -3][...], into: &out, at: 0)
        XCTAssertEqual(out, [0, 0, 0], "one record: σ = 0 everywhere")
        for v in [3, 9, -1] as [Float] { norm.update([7, v, 2]) }
        XCTAssertEqual(norm.standardDeviation[0], 0)
        XCTAssertEqual(norm.standardDeviation[2], 0)
        XCTAssertGreaterThan(norm.standardDeviation[1], 0)
        norm.normalize([7, 5, 1000][...], into: &out, at: 0)
        XCTAssertEqual(out[0], 0)
        XCTAssertEqual(out[2], 0)
        XCTAssertNotEqual(out[1], 0)
    }

    func testNormalizeReadsSliceIndicesCorrectly() {
        var norm = Normalizer(features: 2)
        norm.update([0, 0]); norm.update([2, 4])   // mean (1, 2), σ (1, 2)
        let buffer: [Float] = [99, 99, 3, 6]
        var out: [Float] = [0, 0]
        norm.normalize(buffer[2..<4], into: &out, at: 0)
        XCTAssertEqual(out, [2, 2])
    }

    func testRestoreFromSavedValuesIsEqualAndBehavesTheSame() {
        var a = Normalizer(features: 2)
        for x: [Float] in [[1, 2], [3, 5], [-1, 0.5]] { a.update(x) }
        var b = Normalizer(count: a.count, mean: a.mean, m2: a.m2)
        XCTAssertEqual(a, b)
        var outA: [Float] = [0, 0], outB: [Float] = [0, 0]
        a.normalize([2, 2][...], into: &outA, at: 0)
        b.normalize([2, 2][...], into: &outB, at: 0)
        XCTAssertEqual(outA, outB)
        a.update([4, 4]); b.update([4, 4])
        XCTAssertEqual(a, b)
    }
}
