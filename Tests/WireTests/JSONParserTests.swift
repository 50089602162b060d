import XCTest
@testable import Wire
import TestSupport

final class JSONParserTests: XCTestCase {
    private func error(_ text: String) -> JSONError? {
        do {
            let v = try JSON.parse(text)
            XCTFail("expected an error for \(text.debugDescription), got \(v)")
            return nil
        } catch {
            return error
        }
    }

    private func error(bytes: [UInt8]) -> JSONError? {
        do {
            _ = try JSON.parse(bytes)
            XCTFail("expected an error for \(bytes)")
            return nil
        } catch {
            return error
        }
    }

    func testScalarsAndContainers() throws {
        XCTAssertEqual(try JSON.parse("null"), .null)
        XCTAssertEqual(try JSON.parse(" true "), .bool(true))
        XCTAssertEqual(try JSON.parse("false"), .bool(false))
        XCTAssertEqual(try JSON.parse("0"), .number(0))
        XCTAssertEqual(try JSON.parse("-12.5e1"), .number(-125))
        XCTAssertEqual(try JSON.parse("1E-2"), .number(0.01))
        XCTAssertEqual(try JSON.parse("\"hi\""), .string("hi"))
        XCTAssertEqual(try JSON.parse("[]"), .array([]))
        XCTAssertEqual(try JSON.parse("{}"), .object([]))
        XCTAssertEqual(try JSON.parse(" [1, [2, {\"a\": null}]]\r\n"), [1, [2, ["a": nil]]])
    }

    func testObjectKeepsOrderAndDuplicates() throws {
        let v = try JSON.parse(#"{"b": 1, "a": 2, "b": 3}"#)
        XCTAssertEqual(v.objectValue?.map(\.0), ["b", "a", "b"])
        XCTAssertEqual(v["b"], .number(1), "subscript returns the first member")
        XCTAssertEqual(v["a"], .number(2))
        XCTAssertNil(v["c"])
        XCTAssertNotEqual(v, try JSON.parse(#"{"a": 2, "b": 1, "b": 3}"#), "order matters")
        XCTAssertNil(JSON.array([1])["a"])
        XCTAssertEqual(JSON.array([1, 2])[1], .number(2))
        XCTAssertNil(JSON.array([1, 2])[2])
    }

    func testNumbers() throws {
        XCTAssertEqual(try JSON.parse("0.1").doubleValue, 0.1)
        XCTAssertEqual(try JSON.parse("123456789012345678901234567890").doubleValue, 1.2345678901234568e29)
        XCTAssertEqual(try JSON.parse("2.2250738585072014e-308").doubleValue, 2.2250738585072014e-308)
        XCTAssertEqual(try JSON.parse("-0").doubleValue?.sign, .minus)
        XCTAssertEqual(try JSON.parse("1e-400").doubleValue, 0)
        XCTAssertEqual(error("1e400"), JSONError(reason: "number out of range", offset: 0))
        XCTAssertEqual(error("01")?.reason, "invalid number: leading zero")
        XCTAssertEqual(error("1.")?.reason, "invalid number: expected a digit after '.'")
        XCTAssertEqual(error("1e")?.reason, "invalid number: expected a digit in exponent")
        XCTAssertEqual(error("-")?.reason, "invalid number: expected a digit")
        XCTAssertEqual(error(".5")?.reason, "unexpected character '.'")
        XCTAssertEqual(error("+1")?.reason, "unexpected character '+'")
        XCTAssertEqual(error("NaN")?.reason, "unexpected character 'N'")
        XCTAssertEqual(error("[Infinity]")?.offset, 1)
        XCTAssertEqual(try JSON.parse("7").intValue, 7)
        XCTAssertNil(try JSON.parse("7.5").intValue)
    }

    func testRandomNumbersMatchDoubleParsing() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<20_000 {
            let d = Double(bitPattern: UInt64.random(in: 0..<0x7FF0_0000_0000_0000, using: &rng))
            let text = JSON.format(number: d)
            XCTAssertEqual(try JSON.parse(text).doubleValue?.bitPattern, d.bitPattern, text)
            let short = "\(Int.random(in: -99999...99999, using: &rng)).\(Int.random(in: 0...999, using: &rng))e\(Int.random(in: -20...20, using: &rng))"
            XCTAssertEqual(try JSON.parse(short).doubleValue, Double(short)!, short)
        }
    }

    func testStringsAndEscapes() throws {
        XCTAssertEqual(try JSON.parse(#""a\"b\\c\/d\b\f\n\r\t""#), .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        XCTAssertEqual(try JSON.parse(#""\u0041\u00e9\u20AC""#), .string("Aé€"))
        XCTAssertEqual(try JSON.parse(#""\ud83d\ude00""#), .string("😀"))
        XCTAssertEqual(try JSON.parse("\"é😀 raw\""), .string("é😀 raw"))
        XCTAssertEqual(try JSON.parse(#""\u0000""#), .string("\u{0}"))
        XCTAssertEqual(error(#""\x""#), JSONError(reason: "invalid escape sequence", offset: 1))
        XCTAssertEqual(error(#""\u12""#)?.reason, "truncated \\u escape")
        XCTAssertEqual(error(#""\u12G4""#)?.reason, "invalid hex digit in \\u escape")
        XCTAssertEqual(error(#""\ud83d""#)?.reason, "high surrogate \\uD83D not followed by a low surrogate")
        XCTAssertEqual(error(#""\ud83d\u0041""#)?.reason, "high surrogate \\uD83D not followed by a low surrogate")
        XCTAssertEqual(error(#""ab\ude00""#), JSONError(reason: "lone low surrogate \\uDE00", offset: 3))
        XCTAssertEqual(error("\"a\nb\""), JSONError(reason: "control character 0x0A in string", offset: 2))
        XCTAssertEqual(error("\"abc"), JSONError(reason: "unterminated string", offset: 0))
        XCTAssertEqual(error("\"abc\\"), JSONError(reason: "unterminated string", offset: 4))
    }

    func testInvalidUTF8() {
        XCTAssertEqual(error(bytes: [0x22, 0x61, 0xFF, 0x22]), JSONError(reason: "invalid UTF-8 in string", offset: 2))
        XCTAssertEqual(error(bytes: [0x22, 0xC0, 0xAF, 0x22])?.reason, "invalid UTF-8 in string", "overlong")
        XCTAssertEqual(error(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22])?.reason, "invalid UTF-8 in string", "surrogate")
        XCTAssertEqual(error(bytes: [0x22, 0xE2, 0x82, 0x22])?.reason, "invalid UTF-8 in string", "truncated")
        XCTAssertEqual(error(bytes: [0xEF, 0xBB, 0xBF, 0x31])?.reason, "unexpected byte 0xEF", "BOM rejected")
        XCTAssertEqual(error(bytes: [0x5B, 0x00, 0x5D]), JSONError(reason: "unexpected byte 0x00", offset: 1))
    }

    func testStructuralErrorsCarryOffsets() {
        XCTAssertEqual(error(""), JSONError(reason: "unexpected end of input", offset: 0))
        XCTAssertEqual(error("   "), JSONError(reason: "unexpected end of input", offset: 3))
        XCTAssertEqual(error("[1, 2"), JSONError(reason: "unexpected end of input", offset: 5))
        XCTAssertEqual(error("[1 2]"), JSONError(reason: "expected ',' or ']' in array", offset: 3))
        XCTAssertEqual(error("[1,]"), JSONError(reason: "unexpected character ']'", offset: 3))
        XCTAssertEqual(error(#"{"a" 1}"#), JSONError(reason: "expected ':' after object key", offset: 5))
        XCTAssertEqual(error(#"{"a":1,}"#), JSONError(reason: "expected a string key in object", offset: 7))
        XCTAssertEqual(error(#"{a:1}"#), JSONError(reason: "expected a string key in object", offset: 1))
        XCTAssertEqual(error(#"{"a":1 "b":2}"#), JSONError(reason: "expected ',' or '}' in object", offset: 7))
        XCTAssertEqual(error("tru"), JSONError(reason: "unexpected end of input", offset: 3))
        XCTAssertEqual(error("trUe"), JSONError(reason: "invalid literal, expected true", offset: 0))
        XCTAssertEqual(error("{} x"), JSONError(reason: "unexpected data after the JSON value", offset: 3))
        XCTAssertEqual(error("1 2"), JSONError(reason: "unexpected data after the JSON value", offset: 2))
        XCTAssertEqual(error("[1]]").map(String.init(describing:)), "invalid JSON at byte 3: unexpected data after the JSON value")
    }

    func testNestingLimit() throws {
        let ok = String(repeating: "[", count: JSON.maxDepth) + String(repeating: "]", count: JSON.maxDepth)
        XCTAssertNoThrow(try JSON.parse(ok))
        let objects = String(repeating: "{\"a\":", count: JSON.maxDepth) + "1" + String(repeating: "}", count: JSON.maxDepth)
        XCTAssertNoThrow(try JSON.parse(objects))
        let deep = String(repeating: "[", count: JSON.maxDepth + 1) + String(repeating: "]", count: JSON.maxDepth + 1)
        XCTAssertEqual(error(deep), JSONError(reason: "nesting deeper than 64 levels", offset: 64))
        // Hostile input: a million openers must fail fast instead of overflowing the stack.
        XCTAssertEqual(error(String(repeating: "[{\"k\":", count: 1_000_000))?.reason, "nesting deeper than 64 levels")
    }

    func testTruncationsOfAValidDocumentAllFail() throws {
        let doc = #"{"label": "idle", "x": [0.1, -2.5e3, true, null], "s": "\u00e9\ud83d\ude00"}"#
        XCTAssertNoThrow(try JSON.parse(doc))
        let bytes = Array(doc.utf8)
        for n in 0..<bytes.count {
            XCTAssertThrowsError(try JSON.parse(bytes[..<n]), "prefix of \(n) bytes")
        }
    }

    func testRandomGarbageNeverCrashes() {
        var rng = SplitMix64(seed: 99)
        let alphabet = Array("{}[]\",:\\u0123456789abcdef-+.eEtrufalsn \t\n".utf8) + [0x00, 0x80, 0xC3, 0xA9, 0xFF]
        var parsed = 0
        for _ in 0..<50_000 {
            let n = Int.random(in: 0...24, using: &rng)
            let bytes = (0..<n).map { _ in alphabet.randomElement(using: &rng)! }
            if let value = try? JSON.parse(bytes) {
                parsed += 1
                XCTAssertEqual(try JSON.parse(value.serialized()), value)
            }
        }
        XCTAssertGreaterThan(parsed, 0)
    }
}
