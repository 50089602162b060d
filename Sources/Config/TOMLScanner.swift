/// Byte scanner behind `TOML.parse`. Positions are byte offsets into UTF-8 text; `line` is
/// 1-based and advances on every "\n" consumed.
struct Scanner {
    private let bytes: [UInt8]
    private var i = 0
    private(set) var line = 1

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func peek(_ ahead: Int = 0) -> UInt8? { i + ahead < bytes.count ? bytes[i + ahead] : nil }

    mutating func consume(_ c: UInt8) -> Bool {
        guard peek() == c else { return false }
        i += 1
        return true
    }

    func error(_ reason: String) -> TOMLError { TOMLError(line: line, reason: reason) }

    mutating func skipSpaces() { while let c = peek(), c == 0x20 || c == 0x09 { i += 1 } }

    private mutating func skipComment() { while let d = peek(), d != 0x0A { i += 1 } }

    /// Skips spaces, comments and line ends (between entries, and inside arrays).
    mutating func skipBlankLinesAndComments() {
        while let c = peek() {
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 }
            else if c == 0x0A { i += 1; line += 1 }
            else if c == UInt8(ascii: "#") { skipComment() }
            else { return }
        }
    }

    /// After a key/value or table header: only spaces and a comment may follow on the line.
    mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if peek() == UInt8(ascii: "#") { skipComment() }
        _ = consume(0x0D)
        guard peek() == nil || peek() == 0x0A else { throw error("unexpected text after the value") }
    }

    /// `[name]` (the opening bracket not yet consumed); returns the name.
    mutating func tableHeader() throws(TOMLError) -> String {
        _ = consume(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "[") { throw error("arrays of tables ([[...]]) are not supported") }
        skipSpaces()
        let name = try key(inTableHeader: true)
        skipSpaces()
        if peek() == UInt8(ascii: ".") {
            var parts = [name]
            while consume(UInt8(ascii: ".")) {
                skipSpaces()
                parts.append(try key(inTableHeader: true))
                skipSpaces()
            }
            let dotted = parts.joined(separator: ".")
            throw error("nested tables ([\(dotted)]) are not supported; learnd's sections are one word")
        }
        guard consume(UInt8(ascii: "]")) else { throw error("expected \"]\" after table name \"\(name)\"") }
        return name
    }

    /// A bare key (`A-Za-z0-9_-`) or a quoted one.
    mutating func key(inTableHeader: Bool = false) throws(TOMLError) -> String {
        if let q = peek(), q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") { return try string() }
        let start = i
        while let c = peek(), Self.isBareKeyByte(c) { i += 1 }
        guard i > start else { throw error("expected a key, found \(describeNext())") }
        let key = String(decoding: bytes[start..<i], as: UTF8.self)
        if !inTableHeader && peek() == UInt8(ascii: ".") {
            throw error("dotted keys (\"\(key).…\") are not supported; put the key under a [\(key)] header")
        }
        return key
    }

    static func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
    }

    func describeNext() -> String {
        guard let c = peek() else { return "end of input" }
        if c == 0x0A || c == 0x0D { return "end of line" }
        if c < 0x20 || c >= 0x7F { return "a control or non-ASCII character" }
        return "\"\(String(decoding: [c], as: UTF8.self))\""
    }

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let c = peek() else { throw error("expected a value, found end of input") }
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try string())
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): throw error("inline tables ({...}) are not supported")
        default: return try scalar()
        }
    }

    /// `[v, v, ...]`, possibly over several lines with comments and a trailing comma.
    private mutating func array() throws(TOMLError) -> TOMLValue {
        _ = consume(UInt8(ascii: "["))
        var items: [TOMLValue] = []
        while true {
            skipBlankLinesAndComments()
            if consume(UInt8(ascii: "]")) { return .array(items) }
            items.append(try value())
            skipBlankLinesAndComments()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "]")) else {
                throw error("expected \",\" or \"]\" in array, found \(describeNext())")
            }
            return .array(items)
        }
    }

    /// A one-line basic ("...", with escapes) or literal ('...', verbatim) string.
    mutating func string() throws(TOMLError) -> String {
        let quote = bytes[i]
        i += 1
        if peek() == quote && peek(1) == quote { throw error("multi-line strings are not supported") }
        var out: [UInt8] = []
        while let c = peek(), c != 0x0A {
            i += 1
            if c == quote { return String(decoding: out, as: UTF8.self) }
            if (c < 0x20 && c != 0x09) || c == 0x7F { throw error("control character in string (use an escape)") }
            if c == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") { out += try escape() } else { out.append(c) }
        }
        throw error("unterminated string")
    }

    private mutating func escape() throws(TOMLError) -> [UInt8] {
        guard let e = peek(), e != 0x0A else { throw error("unterminated string") }
        i += 1
        switch e {
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): return [e]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "u") ? 4 : 8
            let digits = bytes[i..<min(i + n, bytes.count)]
            guard digits.count == n, digits.allSatisfy(TOMLNumber.isHexDigit),
                  let v = UInt32(String(decoding: digits, as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(v) else {
                throw error("invalid unicode escape (\\u takes 4 hex digits, \\U 8, of a Unicode scalar)")
            }
            i += n
            return Array(String(Character(scalar)).utf8)
        default: throw error("unknown escape \"\\\(String(decoding: [e], as: UTF8.self))\"")
        }
    }

    /// Numbers and booleans: the token up to a delimiter, then interpreted by `TOMLNumber`.
    private mutating func scalar() throws(TOMLError) -> TOMLValue {
        let start = i
        while let c = peek(), !Self.isDelimiter(c) { i += 1 }
        let token = String(decoding: bytes[start..<i], as: UTF8.self)
        guard !token.isEmpty else { throw error("expected a value, found \(describeNext())") }
        switch TOMLNumber.parse(token) {
        case .success(let value): return value
        case .failure(let problem): throw error(problem.reason)
        }
    }

    private static func isDelimiter(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ",") || c == UInt8(ascii: "]")
            || c == UInt8(ascii: "#")
    }
}
