import XCTest
@testable import Wire
import TestSupport

final class JSONWriterTests: XCTestCase {
    func testCompactForm() {
        let v: JSON = ["b": [1, 2.5, "x"], "a": nil, "t": true, "e": [], "o": [:]]
        XCTAssertEqual(v.serialized(), #"{"b":[1,2.5,"x"],"a":null,"t":true,"e":[],"o":{}}"#)
        XCTAssertEqual(v.description, v.serialized())
    }

    func testPrettyForm() {
        let v: JSON = ["name": "learnd", "hidden": [128, 64], "empty": [], "nested": ["k": false]]
        XCTAssertEqual(v.pretty(), """
        {
          "name": "learnd",
          "hidden": [
            128,
            64
          ],
          "empty": [],
          "nested": {
            "k": false
          }
        }
        """)
        XCTAssertEqual(JSON.number(3).pretty(), "3")
        XCTAssertEqual(JSON.array([]).pretty(), "[]")
    }

    func testNumberFormatting() {
        XCTAssertEqual(JSON.format(number: 3), "3")
        XCTAssertEqual(JSON.format(number: -3), "-3")
        XCTAssertEqual(JSON.format(number: 0), "0")
        XCTAssertEqual(JSON.format(number: -0.0), "0")
        XCTAssertEqual(JSON.format(number: 2.5), "2.5")
        XCTAssertEqual(JSON.format(number: 0.1), "0.1")
        XCTAssertEqual(JSON.format(number: 1e-5), "1e-05")
        XCTAssertEqual(JSON.format(number: 9_007_199_254_740_991), "9007199254740991")
        XCTAssertEqual(JSON.format(number: 1e20), "1e+20")
        XCTAssertEqual(JSON.format(number: .nan), "null")
        XCTAssertEqual(JSON.format(number: .infinity), "null")
        XCTAssertEqual(JSON.array([.number(-.infinity), 1]).serialized(), "[null,1]")
    }

    func testStringEscaping() {
        XCTAssertEqual(JSON.quoted("plain é 😀"), "\"plain é 😀\"")
        XCTAssertEqual(JSON.quoted("q\"b\\"), #""q\"b\\""#)
        XCTAssertEqual(JSON.quoted("\n\r\t\u{8}\u{C}"), #""\n\r\t\b\f""#)
        XCTAssertEqual(JSON.quoted("\u{0}\u{1}\u{1F}\u{7F}"), "\"\\u0000\\u0001\\u001F\u{7F}\"")
        XCTAssertEqual(JSON.quoted("/"), "\"/\"")
        XCTAssertEqual(JSON.object([("k\n", "v")]).serialized(), #"{"k\n":"v"}"#)
    }

    /// Random values survive serialize → parse unchanged, compact and pretty.
    func testRandomRoundTrips() throws {
        var rng = SplitMix64(seed: 42)
        func randomString() -> String {
            let pool: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "é", "€", "😀", "\u{2028}"]
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...8, using: &rng) { s.append(pool.randomElement(using: &rng)!) }
            return String(s)
        }
        func randomValue(depth: Int) -> JSON {
            switch Int.random(in: 0...(depth > 4 ? 3 : 5), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2:
                let d = Bool.random(using: &rng)
                    ? Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
                    : Double(bitPattern: UInt64.random(in: 0..<0x7FF0_0000_0000_0000, using: &rng))
                return .number(Bool.random(using: &rng) ? d : -d)
            case 3: return .string(randomString())
            case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth + 1) })
            default:
                return .object((0..<Int.random(in: 0...4, using: &rng)).map { _ in (randomString(), randomValue(depth: depth + 1)) })
            }
        }
        for _ in 0..<3000 {
            let v = randomValue(depth: 0)
            XCTAssertEqual(try JSON.parse(v.serialized()), v, v.serialized())
            XCTAssertEqual(try JSON.parse(v.pretty()), v, v.pretty())
        }
    }
}

/// Base64 against RFC 4648 §10's test vectors, and refusals of what is not padded base64.
final class Base64Tests: XCTestCase {
    func testRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(Base64.decode(encoded), Array(plain.utf8))
        }
        let bytes = (0..<256).map { UInt8($0) }
        XCTAssertEqual(Base64.decode(Base64.encode(bytes)), bytes)
    }

    func testRefusesWhatIsNotPaddedBase64() {
        for bad in ["Zg", "Zg=", "Z===", "Zm9v!A==", "Zg==Zg==", "=Zg="] { XCTAssertNil(Base64.decode(bad), bad) }
    }
}
