import XCTest
@testable import Config

final class TOMLParserTests: XCTestCase {
    func testEveryValueKind() throws {
        let entries = try TOML.parse("""
            top = 1
            # comment
            [model]
            hidden = [128, 64,]   # trailing comma
            name = "a \\"quoted\\" \\u00e9 word"
            literal = 'C:\\path'
            rate = 1.5e-3
            big = 1_000
            hex = 0x1F
            on = true
            nested = [[1, 2], ["x"]]
            multi = [
              1,
              2
            ]
            "quoted key" = -7
            """)
        let values = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.value) })
        XCTAssertEqual(values["top"], .integer(1))
        XCTAssertEqual(values["model.hidden"], .array([.integer(128), .integer(64)]))
        XCTAssertEqual(values["model.name"], .string("a \"quoted\" é word"))
        XCTAssertEqual(values["model.literal"], .string("C:\\path"))
        XCTAssertEqual(values["model.rate"], .float(1.5e-3))
        XCTAssertEqual(values["model.big"], .integer(1000))
        XCTAssertEqual(values["model.hex"], .integer(31))
        XCTAssertEqual(values["model.on"], .bool(true))
        XCTAssertEqual(values["model.nested"], .array([.array([.integer(1), .integer(2)]), .array([.string("x")])]))
        XCTAssertEqual(values["model.multi"], .array([.integer(1), .integer(2)]))
        XCTAssertEqual(values["model.quoted key"], .integer(-7))
        XCTAssertEqual(entries.first { $0.key == "rate" }?.line, 7)
    }

    func testErrorsCarryLineAndReason() {
        let cases: [(String, String)] = [
            ("a = 1\nb 2", "line 2: expected \"=\" after key \"b\""),
            ("a = 1\na = 2", "line 2: key \"a\" defined twice"),
            ("[t]\n[t]", "line 2: table [t] defined twice"),
            ("a = \"open", "line 1: unterminated string"),
            ("a = [1, 2", "line 1: expected \",\" or \"]\" in array, found end of input"),
            ("a = word", "line 1: invalid value \"word\" (strings need quotes)"),
            ("a = 1 2", "line 1: unexpected text after the value"),
            ("[a.b]", "line 1: nested tables ([a.b]) are not used by learnd"),
            ("a = {x = 1}", "line 1: inline tables are not used by learnd"),
            ("a = \"\\q\"", "line 1: unknown escape \"\\q\""),
            ("a = 1__0", "line 1: invalid value \"1__0\" (strings need quotes)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try TOML.parse(text), text) { error in
                XCTAssertEqual("\(error)", message, text)
            }
        }
    }

    func testLoneValues() throws {
        XCTAssertEqual(try TOML.parseValue("[128,64]"), .array([.integer(128), .integer(64)]))
        XCTAssertEqual(try TOML.parseValue(" \"adam\" "), .string("adam"))
        XCTAssertEqual(try TOML.parseValue("inf"), .float(.infinity))
        XCTAssertThrowsError(try TOML.parseValue("adam"))
    }
}
