import Foundation
import XCTest
@testable import Wire
import TestSupport

final class DecimalParserTests: XCTestCase {
    private func parse(_ s: String) -> FieldNumber { DecimalParser.parseFloat(s) }

    /// Asserts bit-exact agreement with the standard library's correctly rounded parser.
    private func assertAgrees(_ s: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let expected = Float(s) else {
            return XCTFail("Float(\(s)) is nil", file: file, line: line)
        }
        guard case .value(let got) = parse(s) else {
            return XCTFail("\(s): got \(parse(s)), expected \(expected)", file: file, line: line)
        }
        XCTAssertEqual(got.bitPattern, expected.bitPattern, "\(s): \(got) vs \(expected)", file: file, line: line)
    }

    func testOrdinaryForms() {
        XCTAssertEqual(parse("1"), .value(1))
        XCTAssertEqual(parse("-0.5"), .value(-0.5))
        XCTAssertEqual(parse("3.2e-4"), .value(Float("3.2e-4")!))
        XCTAssertEqual(parse("+2"), .value(2))
        XCTAssertEqual(parse(".5"), .value(0.5))
        XCTAssertEqual(parse("1."), .value(1))
        XCTAssertEqual(parse("-.25"), .value(-0.25))
        XCTAssertEqual(parse("1E3"), .value(1000))
        XCTAssertEqual(parse("1e+3"), .value(1000))
        XCTAssertEqual(parse(" \t7 "), .value(7))
        XCTAssertEqual(parse("007"), .value(7))
        XCTAssertEqual(parse("0"), .value(0))
        XCTAssertEqual(parse("0.000"), .value(0))
        XCTAssertEqual(parse("-0").map { $0.sign }, .minus)
        XCTAssertEqual(parse("0e999999999999999"), .value(0))
    }

    func testInvalidForms() {
        for s in ["", "   ", "\t"] { XCTAssertEqual(parse(s), .empty, s) }
        for s in ["abc", "1.5x", "x1", "1e", "1e+", "e5", ".", "-", "+", "--1", "+-1", "1.2.3", "0x1p3",
                  "1,5", "1 5", "١", "1_000", "infinite", "nana", "in", "1e5.5", "\u{0}"] {
            XCTAssertEqual(parse(s), .notANumber, s)
        }
        for s in ["nan", "NaN", "NAN", "-nan", "+nan"] { XCTAssertEqual(parse(s), .nan, s) }
        for s in ["inf", "INF", "-inf", "+Inf", "infinity", "Infinity", "-INFINITY"] {
            XCTAssertEqual(parse(s), .infinity, s)
        }
    }

    func testRangeLimits() {
        XCTAssertEqual(parse("1e39"), .outOfRange)
        XCTAssertEqual(parse("-1e39"), .outOfRange)
        XCTAssertEqual(parse("1e400"), .outOfRange)
        XCTAssertEqual(parse("1e99999999999999999999"), .outOfRange)
        XCTAssertEqual(parse("340282346638528859811704183484516925440"), .value(.greatestFiniteMagnitude))
        XCTAssertEqual(parse("3.4028235e38"), .value(.greatestFiniteMagnitude))
        XCTAssertEqual(parse("3.40282356e38"), .value(.greatestFiniteMagnitude), "below the midpoint to 2^128")
        XCTAssertEqual(parse("3.4028236e38"), .outOfRange, "above the midpoint to 2^128")
        XCTAssertEqual(parse("1e-50"), .value(0), "underflow rounds to zero, accepted")
        assertAgrees("1e-45")
        assertAgrees("1.17549435e-38")
        assertAgrees("7e-39")
    }

    func testIntegers0To65535AgreeWithStandardLibrary() {
        for n in 0...65535 {
            let s = String(n)
            guard case .value(let v) = parse(s) else { return XCTFail(s) }
            XCTAssertEqual(v.bitPattern, Float(s)!.bitPattern, s)
        }
    }

    func testUpToSevenSignificantDigitsAgree() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200_000 {
            let digits = Int.random(in: 1...7, using: &rng)
            var mantissa = String(UInt64.random(in: 0..<UInt64(pow(10.0, Double(digits))), using: &rng))
            while mantissa.count < digits { mantissa = "0" + mantissa }
            let sign = ["", "-", "+"][Int.random(in: 0...2, using: &rng)]
            let s: String
            switch Int.random(in: 0...2, using: &rng) {
            case 0:  // fixed point, point anywhere
                let point = Int.random(in: 0...digits, using: &rng)
                let chars = Array(mantissa)
                s = sign + String(chars[..<point]) + "." + String(chars[point...])
            case 1:  // leading zeros after the point
                s = sign + "0." + String(repeating: "0", count: Int.random(in: 0...6, using: &rng)) + mantissa
            default:  // scientific
                s = sign + mantissa + "e" + String(Int.random(in: -30...30, using: &rng))
            }
            if s.hasSuffix(".") && s.dropLast().allSatisfy({ $0 == "-" || $0 == "+" }) { continue }
            assertAgrees(s)
        }
    }

    func testLongAndExtremeValuesAgree() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<100_000 {
            let digits = Int.random(in: 8...25, using: &rng)
            var m = String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digits { m += String(Int.random(in: 0...9, using: &rng)) }
            let s = "\(m.prefix(1)).\(m.dropFirst())e\(Int.random(in: -44...37, using: &rng))"
            assertAgrees(s)
        }
        // Shortest round-trip text of random floats parses back to the same float.
        for _ in 0..<100_000 {
            let f = Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &rng))
            guard case .value(let v) = parse(f.description) else { return XCTFail(f.description) }
            XCTAssertEqual(v.bitPattern, f.bitPattern, f.description)
        }
    }

    /// 16-digit decimals next to float32 rounding midpoints: the float64 fast path lands
    /// exactly on the midpoint for some of them, where narrowing would round wrongly.
    func testDoubleRoundingHazardIsAvoided() {
        var rng = SplitMix64(seed: 3)
        var hazards = 0
        var naiveWrong = 0
        for _ in 0..<400_000 {
            let f = Float.random(in: 1e-6...1e6, using: &rng)
            let midpoint = (Double(f) + Double(f.nextUp)) / 2
            for s in [String(format: "%.15e", midpoint), String(format: "%.14e", midpoint)] {
                assertAgrees(s)
                if Double(s)! == midpoint {
                    hazards += 1
                    if Float(Double(s)!) != Float(s)! { naiveWrong += 1 }
                }
            }
        }
        XCTAssertGreaterThan(hazards, 0, "the test must reach float64 values on a midpoint")
        XCTAssertGreaterThan(naiveWrong, 0, "the test must contain cases where Float(Double) double-rounds")
    }
}

private extension FieldNumber {
    func map<T>(_ body: (Float) -> T) -> T? {
        if case .value(let v) = self { return body(v) }
        return nil
    }
}
