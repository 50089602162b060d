/// A small parser for the TOML subset learnd's configuration uses (TOML 1.0 syntax):
/// comments, `[table]` headers, bare or quoted keys, basic strings with escapes, literal
/// strings, integers (`_` separators, signs, `0x`/`0o`/`0b`), floats (exponent, `inf`, `nan`),
/// booleans, and arrays (nested, mixed, multi-line, trailing comma).
///
/// Refused with a clear error: nested table names (`[a.b]`), arrays of tables, dotted keys,
/// inline tables, multi-line strings and dates. Duplicate keys and tables are errors.
public enum TOML {
    /// Parses a whole document. Errors carry the 1-based line where parsing stopped.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLDocument {
        var scanner = Scanner(Array(text.utf8))
        var document = TOMLDocument()
        var table = ""
        var seenTables: Set<String> = []
        var seenKeys: Set<String> = []
        while true {
            scanner.skipBlankLinesAndComments()
            guard let c = scanner.peek() else { break }
            let line = scanner.line
            if c == UInt8(ascii: "[") {
                table = try scanner.tableHeader()
                guard seenTables.insert(table).inserted else {
                    throw TOMLError(line: line, reason: "table [\(table)] defined twice")
                }
                document.tables.append(TOMLTable(name: table, line: line))
            } else {
                let entry = try keyValue(&scanner, table: table, line: line)
                guard seenKeys.insert(entry.path).inserted else {
                    throw TOMLError(line: line, reason: "key \"\(entry.path)\" defined twice")
                }
                document.entries.append(entry)
            }
            try scanner.endOfLine()
        }
        return document
    }

    /// Parses one value in TOML syntax, as given to `--set key=VALUE` (`[128,64]`, `"adam"`,
    /// `0.01`). Strict: a bare word is an error here; the configuration layer decides whether
    /// a bare word may stand for a string. Errors have line 0.
    public static func parseValue(_ text: String) throws(TOMLError) -> TOMLValue {
        var scanner = Scanner(Array(text.utf8))
        do throws(TOMLError) {
            scanner.skipSpaces()
            let value = try scanner.value()
            scanner.skipSpaces()
            guard scanner.peek() == nil else { throw scanner.error("unexpected text after the value") }
            return value
        } catch {
            throw TOMLError(line: 0, reason: error.reason)
        }
    }

    private static func keyValue(_ scanner: inout Scanner, table: String, line: Int) throws(TOMLError) -> TOMLEntry {
        let key = try scanner.key()
        scanner.skipSpaces()
        guard scanner.consume(UInt8(ascii: "=")) else {
            throw TOMLError(line: line, reason: "expected \"=\" after key \"\(key)\"")
        }
        scanner.skipSpaces()
        let value = try scanner.value()
        return TOMLEntry(table: table, key: key, value: value, line: line)
    }
}
