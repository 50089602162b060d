/// A small parser for the TOML subset learnd's configuration uses (TOML 1.0 syntax):
/// comments, `[table]` headers, bare or quoted keys, basic and literal strings, integers
/// (with `_`, signs, 0x/0o/0b), floats (with exponent, inf, nan), booleans, and arrays
/// (nested, multi-line, trailing comma). Inline tables, dotted keys, dates and multi-line
/// strings are refused with a clear error. Duplicate keys and tables are errors.
public enum TOML {
    public static func parse(_ text: String) throws(TOMLError) -> [TOMLEntry] {
        var scanner = Scanner(Array(text.utf8))
        var entries: [TOMLEntry] = []
        var table = ""
        var seenTables: Set<String> = [""]
        var seenKeys: Set<String> = []
        while true {
            scanner.skipBlankLinesAndComments()
            guard let c = scanner.peek() else { break }
            let line = scanner.line
            if c == UInt8(ascii: "[") {
                table = try scanner.tableHeader()
                guard seenTables.insert(table).inserted else { throw TOMLError(line: line, reason: "table [\(table)] defined twice") }
            } else {
                let key = try scanner.key()
                scanner.skipSpaces()
                guard scanner.consume(UInt8(ascii: "=")) else {
                    throw TOMLError(line: line, reason: "expected \"=\" after key \"\(key)\"")
                }
                scanner.skipSpaces()
                let value = try scanner.value()
                let entry = TOMLEntry(table: table, key: key, value: value, line: line)
                guard seenKeys.insert(entry.path).inserted else { throw TOMLError(line: line, reason: "key \"\(entry.path)\" defined twice") }
                entries.append(entry)
            }
            try scanner.endOfLine()
        }
        return entries
    }

    /// Parses one value, as given to `--set key=VALUE`.
    public static func parseValue(_ text: String) throws(TOMLError) -> TOMLValue {
        var scanner = Scanner(Array(text.utf8))
        scanner.skipSpaces()
        do throws(TOMLError) {
            let value = try scanner.value()
            scanner.skipSpaces()
            guard scanner.peek() == nil else { throw TOMLError(line: 0, reason: "unexpected text after the value") }
            return value
        } catch {
            throw TOMLError(line: 0, reason: error.reason)
        }
    }
}
