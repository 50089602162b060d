/// A TOML value of the subset learnd reads: strings, integers, floats, booleans and arrays.
/// (Inline tables, dates and multi-line strings are refused by the parser.)
public enum TOMLValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    /// Any IEEE double, including `inf` and `nan` (valid TOML; learnd's keys reject them).
    case float(Double)
    case bool(Bool)
    /// Elements may be of mixed kinds, and arrays may nest.
    case array([TOMLValue])

    /// The value in TOML syntax, parsing back to an equal value (for messages and rendered files).
    public var description: String {
        switch self {
        case .string(let s): return "\"" + s.unicodeScalars.map(Self.escape).joined() + "\""
        case .integer(let i): return String(i)
        case .float(let d): return Self.render(d)
        case .bool(let b): return b ? "true" : "false"
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// Shortest round-tripping form; always with a "." or exponent so it reads back as a float.
    private static func render(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let s = "\(d)"
        return s.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? s : s + ".0"
    }

    private static func escape(_ c: Unicode.Scalar) -> String {
        switch c {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default:
            guard c.value < 0x20 || c.value == 0x7F else { return String(c) }
            let hex = String(c.value, radix: 16, uppercase: true)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}

/// One `key = value` of a TOML document, with the table it sits in and its line (1-based).
public struct TOMLEntry: Equatable, Sendable {
    /// Empty for top-level keys (those before the first `[table]` header).
    public var table: String
    public var key: String
    public var value: TOMLValue
    /// Line of the key (a multi-line array is reported at its first line).
    public var line: Int

    /// `table.key`, or `key` at top level.
    public var path: String { table.isEmpty ? key : table + "." + key }
}

/// A `[table]` header and its line (1-based).
public struct TOMLTable: Equatable, Sendable {
    public var name: String
    public var line: Int
}

/// A parsed document: its table headers and its entries, both in file order.
/// Invariants: no table is declared twice, no `path` occurs twice.
public struct TOMLDocument: Equatable, Sendable {
    public var tables: [TOMLTable] = []
    public var entries: [TOMLEntry] = []
}

/// A syntax error, with its line (1-based; 0 when parsing a lone `--set` value).
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line 7: expected "=" after key "rate"`, or just the reason when there is no line.
    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}
