/// A TOML value of the subset learnd reads: strings, integers, floats, booleans and arrays.
public enum TOMLValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])

    /// The value in TOML syntax (for messages and for rendering a config file).
    public var description: String {
        switch self {
        case .string(let s): return "\"" + s.map(Self.escape).joined() + "\""
        case .integer(let i): return String(i)
        case .float(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : "\(d)"
        case .bool(let b): return b ? "true" : "false"
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        }
    }

    private static func escape(_ c: Character) -> String {
        switch c {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\t": return "\\t"
        default: return String(c)
        }
    }
}

/// One `key = value` of a TOML document, with the table it sits in and its line (1-based).
public struct TOMLEntry: Equatable, Sendable {
    /// Empty for top-level keys.
    public var table: String
    public var key: String
    public var value: TOMLValue
    public var line: Int

    /// `table.key`, or `key` at top level.
    public var path: String { table.isEmpty ? key : table + "." + key }
}

/// A syntax error, with its line (0 when parsing a lone `--set` value).
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}
