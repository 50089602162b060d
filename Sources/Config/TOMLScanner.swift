/// Byte scanner behind `TOML.parse`. Positions are byte offsets into UTF-8 text.
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

    mutating func skipSpaces() { while let c = peek(), c == 0x20 || c == 0x09 { i += 1 } }

    /// Skips spaces, comments and newlines (also inside arrays).
    mutating func skipBlankLinesAndComments() {
        while let c = peek() {
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 }
            else if c == 0x0A { i += 1; line += 1 }
            else if c == UInt8(ascii: "#") { while let d = peek(), d != 0x0A { i += 1 } }
            else { return }
        }
    }

    /// After a key/value or table header: only spaces and a comment may follow on the line.
    mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if peek() == UInt8(ascii: "#") { while let d = peek(), d != 0x0A { i += 1 } }
        if consume(0x0D) {}
        guard peek() == nil || peek() == 0x0A else { throw error("unexpected text after the value") }
    }

    func error(_ reason: String) -> TOMLError { TOMLError(line: line, reason: reason) }

    mutating func tableHeader() throws(TOMLError) -> String {
        _ = consume(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "[") { throw error("arrays of tables ([[...]]) are not used by learnd") }
        skipSpaces()
        let name = try key(inTableHeader: true)
        skipSpaces()
        if peek() == UInt8(ascii: ".") { throw error("nested tables ([a.b]) are not used by learnd") }
        guard consume(UInt8(ascii: "]")) else { throw error("expected \"]\" after table name \"\(name)\"") }
        return name
    }

    mutating func key(inTableHeader: Bool = false) throws(TOMLError) -> String {
        if let q = peek(), q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") { return try string() }
        let start = i
        while let c = peek(), isBareKeyByte(c) { i += 1 }
        guard i > start else { throw error("expected a key, found \(describeNext())") }
        if !inTableHeader && peek() == UInt8(ascii: ".") { throw error("dotted keys are not used by learnd; write a [table] header") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
    }

    func describeNext() -> String {
        guard let c = peek() else { return "end of input" }
        return c == 0x0A ? "end of line" : "\"\(String(decoding: [c], as: UTF8.self))\""
    }

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let c = peek() else { throw error("expected a value, found end of input") }
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try string())
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): throw error("inline tables are not used by learnd")
        default: return try scalar()
        }
    }

    private mutating func array() throws(TOMLError) -> TOMLValue {
        _ = consume(UInt8(ascii: "["))
        var items: [TOMLValue] = []
        while true {
            skipBlankLinesAndComments()
            if consume(UInt8(ascii: "]")) { return .array(items) }
            items.append(try value())
            skipBlankLinesAndComments()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "]")) else { throw error("expected \",\" or \"]\" in array, found \(describeNext())") }
            return .array(items)
        }
    }

    mutating func string() throws(TOMLError) -> String {
        let quote = bytes[i]
        i += 1
        if peek() == quote && peek(1) == quote { throw error("multi-line strings are not used by learnd") }
        var out: [UInt8] = []
        while let c = peek() {
            i += 1
            if c == quote { return String(decoding: out, as: UTF8.self) }
            if c == 0x0A { break }
            if c == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") { out += try escape() } else { out.append(c) }
        }
        throw error("unterminated string")
    }

    private mutating func escape() throws(TOMLError) -> [UInt8] {
        guard let e = peek() else { throw error("unterminated string") }
        i += 1
        switch e {
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): return [e]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "u") ? 4 : 8
            guard i + n <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + n)], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(v) else { throw error("bad unicode escape") }
            i += n
            return Array(String(Character(scalar)).utf8)
        default: throw error("unknown escape \"\\\(String(decoding: [e], as: UTF8.self))\"")
        }
    }

    /// Numbers and booleans: the token up to a delimiter, then interpreted.
    private mutating func scalar() throws(TOMLError) -> TOMLValue {
        let start = i
        while let c = peek(), !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ",")
                                 || c == UInt8(ascii: "]") || c == UInt8(ascii: "#")) { i += 1 }
        let token = String(decoding: bytes[start..<i], as: UTF8.self)
        if let v = TOMLNumber.parse(token) { return v }
        throw error(token.isEmpty ? "expected a value, found \(describeNext())" : "invalid value \"\(token)\" (strings need quotes)")
    }
}

/// TOML booleans, integers and floats from one token.
enum TOMLNumber {
    static func parse(_ token: String) -> TOMLValue? {
        switch token {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        guard !token.hasPrefix("_"), !token.hasSuffix("_"), !token.contains("__") else { return nil }
        let t = token.replacingUnderscores()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where t.hasPrefix(prefix) {
            return Int64(t.dropFirst(2), radix: radix).map { .integer($0) }
        }
        if t.allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" }), let v = Int64(t) { return .integer(v) }
        if t.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(t),
           !t.hasPrefix("."), !t.hasSuffix("."), !t.contains(".e"), !t.contains(".E") {
            return .float(d)
        }
        return nil
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
