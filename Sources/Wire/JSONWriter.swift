/// JSON serialization.
///
/// - Compact form: no whitespace at all (`{"a":[1,2]}`).
/// - Pretty form: 2-space indentation, `": "` between key and value, one member or
///   element per line, empty containers as `[]` / `{}`, no trailing newline.
/// - Numbers: integral values with magnitude below 2^53 print as integers (`3`, not
///   `3.0`); other finite values print with Swift's shortest round-trip `description`
///   (`0.1`, `1e-05`, `1e+20`), which is valid JSON; non-finite values print as `null`.
/// - Strings: `"` and `\` are escaped, control characters U+0000...U+001F use `\n`,
///   `\r`, `\t`, `\b`, `\f` or `\u00XX`; everything else is written as UTF-8.
/// - Object members are written in stored order, duplicates included.
extension JSON {
    /// Compact serialization (no trailing newline).
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// Serialization with 2-space indentation (no trailing newline).
    public func pretty() -> String {
        var out = ""
        write(into: &out, indent: "  ", level: 0)
        return out
    }

    private func write(into out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += JSON.format(number: d)
        case .string(let s): JSON.appendQuoted(s, to: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                JSON.newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            JSON.newline(&out, indent, level)
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (n, (key, value)) in members.enumerated() {
                if n > 0 { out += "," }
                JSON.newline(&out, indent, level + 1)
                JSON.appendQuoted(key, to: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent, level: level + 1)
            }
            JSON.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    /// The JSON text of a number as described in the type's documentation.
    public static func format(number d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d.rounded(.towardZero) == d, abs(d) < 9_007_199_254_740_992 {
            return String(Int64(d))
        }
        return d.description
    }

    /// The JSON string literal (with quotes) for `s`.
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        // Fast path: nothing to escape.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}": out += "\\u00" + ReasonText.hex2(UInt8(u.value))
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}
