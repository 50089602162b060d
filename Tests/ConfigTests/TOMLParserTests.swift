import XCTest
@testable import Config

final class TOMLParserTests: XCTestCase {
    private func values(_ text: String) throws -> [String: TOMLValue] {
        Dictionary(uniqueKeysWithValues: try TOML.parse(text).entries.map { ($0.path, $0.value) })
    }

    func testEveryValueKindAndLine() throws {
        let document = try TOML.parse("""
            top = 1
            # a comment line
            [model]   # trailing comment
            hidden = [128, 64,]
            basic = "tab\\there \\"q\\" \\\\ \\u00e9 \\U0001F600 \\b\\f\\r\\n"
            literal = 'C:\\path\\no "escapes"'
            rate = 1.5e-3
            big = 1_000_000
            on = true
            off = false
            nested = [[1, 2], ["x"], []]
            multi = [
              1,   # one
              2,
            ]
            "quoted key" = -7
            'literal key' = +3
            """)
        let v = Dictionary(uniqueKeysWithValues: document.entries.map { ($0.path, $0.value) })
        XCTAssertEqual(v["top"], .integer(1))
        XCTAssertEqual(v["model.hidden"], .array([.integer(128), .integer(64)]))
        XCTAssertEqual(v["model.basic"], .string("tab\there \"q\" \\ é 😀 \u{8}\u{C}\r\n"))
        XCTAssertEqual(v["model.literal"], .string("C:\\path\\no \"escapes\""))
        XCTAssertEqual(v["model.rate"], .float(1.5e-3))
        XCTAssertEqual(v["model.big"], .integer(1_000_000))
        XCTAssertEqual(v["model.on"], .bool(true))
        XCTAssertEqual(v["model.off"], .bool(false))
        XCTAssertEqual(v["model.nested"], .array([.array([.integer(1), .integer(2)]), .array([.string("x")]), .array([])]))
        XCTAssertEqual(v["model.multi"], .array([.integer(1), .integer(2)]))
        XCTAssertEqual(v["model.quoted key"], .integer(-7))
        XCTAssertEqual(v["model.literal key"], .integer(3))
        XCTAssertEqual(document.tables, [TOMLTable(name: "model", line: 3)])
        XCTAssertEqual(document.entries.map(\.line), [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 17])
        XCTAssertEqual(document.entries.first?.table, "")
    }

    func testNumbers() throws {
        let cases: [(String, TOMLValue)] = [
            ("0", .integer(0)), ("-0", .integer(0)), ("+17", .integer(17)), ("-42", .integer(-42)),
            ("1_2_3", .integer(123)), ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
            ("0x1F", .integer(31)), ("0xdead_beef", .integer(0xdeadbeef)), ("0o660", .integer(0o660)), ("0b101", .integer(5)),
            ("1.5", .float(1.5)), ("-0.25", .float(-0.25)), ("1e3", .float(1000)), ("1E-2", .float(0.01)),
            ("6.02e+23", .float(6.02e23)), ("1_000.5", .float(1000.5)), ("3.1_4", .float(3.14)), ("1e0_1", .float(10)),
            ("1e-08", .float(1e-8)), ("inf", .float(.infinity)), ("+inf", .float(.infinity)), ("-inf", .float(-.infinity)),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try TOML.parseValue(text), expected, text)
        }
        for text in ["nan", "+nan", "-nan"] {
            guard case .float(let d) = try TOML.parseValue(text) else { return XCTFail(text) }
            XCTAssertTrue(d.isNaN, text)
        }
    }

    func testInvalidNumbersAndWords() {
        let cases: [(String, String)] = [
            ("1__0", "invalid number \"1__0\""), ("_1", "invalid value \"_1\" (strings need quotes)"),
            ("1_", "invalid number \"1_\""), ("1.", "invalid number \"1.\""), (".5", "invalid number \".5\""),
            ("1e", "invalid number \"1e\""), ("1e_5", "invalid number \"1e_5\""), ("1.e5", "invalid number \"1.e5\""),
            ("+0x10", "invalid number \"+0x10\""), ("0x-1", "invalid number \"0x-1\""), ("0b102", "invalid number \"0b102\""),
            ("0x", "invalid number \"0x\""), ("1.5.2", "invalid number \"1.5.2\""),
            ("0660", "leading zeros are not allowed in \"0660\" (octal is written 0o660)"),
            ("-01.5", "leading zeros are not allowed in \"-01.5\" (octal is written 0o660)"),
            ("9223372036854775808", "integer \"9223372036854775808\" is out of range"),
            ("1e400", "float \"1e400\" is out of range"),
            ("adam", "invalid value \"adam\" (strings need quotes)"),
            ("True", "invalid value \"True\" (strings need quotes)"),
            ("Infinity", "invalid value \"Infinity\" (strings need quotes)"),
            ("1 2", "unexpected text after the value"), ("", "expected a value, found end of input"),
            ("{a = 1}", "inline tables ({...}) are not supported"),
            ("\"\"\"x\"\"\"", "multi-line strings are not supported"),
        ]
        for (text, reason) in cases {
            XCTAssertThrowsError(try TOML.parseValue(text), text) { error in
                XCTAssertEqual(error as? TOMLError, TOMLError(line: 0, reason: reason), text)
            }
        }
    }

    func testEveryErrorKindCarriesItsLine() {
        let cases: [(String, String)] = [
            ("a = 1\nb 2", "line 2: expected \"=\" after key \"b\""),
            ("a = 1\n= 2", "line 2: expected a key, found \"=\""),
            ("a = 1\n\n[t]\nx = 1\nx = 2", "line 5: key \"t.x\" defined twice"),
            ("[t]\n[u]\n[t]", "line 3: table [t] defined twice"),
            ("[t", "line 1: expected \"]\" after table name \"t\""),
            ("\n[a.b.c]", "line 2: nested tables ([a.b.c]) are not supported; learnd's sections are one word"),
            ("[[a]]", "line 1: arrays of tables ([[...]]) are not supported"),
            ("a.b = 1", "line 1: dotted keys (\"a.…\") are not supported; put the key under a [a] header"),
            ("a = \"open\nb = 1", "line 1: unterminated string"),
            ("a = 'open", "line 1: unterminated string"),
            ("a = \"x\ty\u{1}\"", "line 1: control character in string (use an escape)"),
            ("a = \"\\q\"", "line 1: unknown escape \"\\q\""),
            ("a = \"\\u12\"", "line 1: invalid unicode escape (\\u takes 4 hex digits, \\U 8, of a Unicode scalar)"),
            ("a = \"\\uD800\"", "line 1: invalid unicode escape (\\u takes 4 hex digits, \\U 8, of a Unicode scalar)"),
            ("a = [\n1,\n2\n3]", "line 4: expected \",\" or \"]\" in array, found \"3\""),
            ("a = [1, 2", "line 1: expected \",\" or \"]\" in array, found end of input"),
            ("a = [1,,2]", "line 1: expected a value, found \",\""),
            ("x = 1\na =\n", "line 2: expected a value, found end of line"),
            ("a = word", "line 1: invalid value \"word\" (strings need quotes)"),
            ("a = 1 2", "line 1: unexpected text after the value"),
            ("[t] x = 1", "line 1: unexpected text after the value"),
            ("a = {x = 1}", "line 1: inline tables ({...}) are not supported"),
            ("\n\nmode = 0600", "line 3: leading zeros are not allowed in \"0600\" (octal is written 0o660)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try TOML.parse(text), text) { error in
                XCTAssertEqual("\(error)", message, text)
            }
        }
    }

    func testCRLFEmptyAndCommentOnlyDocuments() throws {
        XCTAssertEqual(try TOML.parse(""), TOMLDocument())
        XCTAssertEqual(try TOML.parse("# nothing\n\n   # here\n"), TOMLDocument())
        let document = try TOML.parse("[m]\r\na = 1 # c\r\nb = \"x\"\r\n")
        XCTAssertEqual(document.entries.map(\.path), ["m.a", "m.b"])
        XCTAssertEqual(document.entries.map(\.line), [2, 3])
        XCTAssertEqual(try values("[ \"m\" ]\nk = 1")["m.k"], .integer(1))
    }

    func testDescriptionParsesBackToTheSameValue() throws {
        let samples: [TOMLValue] = [
            .string("a \"b\" \\ \n\t\r \u{1} é"), .integer(-5), .float(0.05), .float(1e-8), .float(60), .float(-2.5e300),
            .float(.infinity), .bool(false), .array([.integer(1), .array([.string("x")]), .float(0.1)]), .array([]),
        ]
        for value in samples {
            XCTAssertEqual(try TOML.parseValue(value.description), value, value.description)
        }
        XCTAssertEqual(TOMLValue.float(60).description, "60.0")
        XCTAssertEqual(TOMLValue.string("\u{1}").description, "\"\\u0001\"")
    }

    func testLoneValueAcceptsSurroundingSpaces() throws {
        XCTAssertEqual(try TOML.parseValue(" [128,64] "), .array([.integer(128), .integer(64)]))
        XCTAssertEqual(try TOML.parseValue("\t\"adam\""), .string("adam"))
        XCTAssertEqual(try TOML.parseValue("'x'"), .string("x"))
    }
}
