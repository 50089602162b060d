/// A JSON syntax error: what is wrong and where.
///
/// `offset` is the 0-based byte offset into the parsed input of the byte at which the
/// problem was detected (equal to the input length for a truncated document).
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public var offset: Int

    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// `invalid JSON at byte OFFSET: REASON`
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSON {
    /// Deepest nesting of arrays and objects accepted by the parser; deeper input is
    /// rejected instead of risking a stack overflow on hostile input.
    public static let maxDepth = 64

    /// Parses exactly one JSON text (RFC 8259, strict): optional surrounding whitespace,
    /// no trailing garbage, no byte-order mark, strings must be valid UTF-8 without raw
    /// control characters, `\u` escapes must pair surrogates correctly, numbers must
    /// follow the JSON grammar and fit in a finite float64.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSON {
        let result = bytes.withContiguousStorageIfAvailable { parseResult($0) }
            ?? Array(bytes).withUnsafeBufferPointer { parseResult($0) }
        return try result.get()
    }

    /// Parses the UTF-8 bytes of `text`.
    public static func parse(_ text: String) throws(JSONError) -> JSON {
        var text = text
        return try text.withUTF8 { parseResult($0) }.get()
    }

    /// Parses bytes in place; the fastest entry point.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSON {
        try parseResult(buffer).get()
    }

    static func parseResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSON, JSONError> {
        var parser = JSONParser(p: buffer)
        do throws(JSONError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

/// Recursive-descent parser over a byte buffer. Recursion depth is bounded by
/// `JSON.maxDepth`.
struct JSONParser {
    let p: UnsafeBufferPointer<UInt8>
    var i = 0

    init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

    private func fail(_ reason: String, at offset: Int? = nil) -> JSONError {
        JSONError(reason: reason, offset: offset ?? i)
    }

    private func unexpected() -> JSONError {
        guard i < p.count else { return fail("unexpected end of input") }
        let b = p[i]
        if b >= 0x21, b < 0x7F {
            return fail("unexpected character '\(Character(Unicode.Scalar(b)))'")
        }
        return fail("unexpected byte 0x\(ReasonText.hex2(b))")
    }

    private mutating func skipWhitespace() {
        while i < p.count {
            switch p[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func parseDocument() throws(JSONError) -> JSON {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if i != p.count { throw fail("unexpected data after the JSON value") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONError) -> JSON {
        guard i < p.count else { throw fail("unexpected end of input") }
        switch p[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected()
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONError) {
        let start = i
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for k in 0..<n {
            guard i < p.count, p[i] == w[k] else {
                throw fail(i < p.count ? "invalid literal, expected \(word)" : "unexpected end of input", at: i < p.count ? start : i)
            }
            i += 1
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONError) -> JSON {
        if depth > JSON.maxDepth { throw fail("nesting deeper than \(JSON.maxDepth) levels") }
        i += 1  // [
        var items: [JSON] = []
        skipWhitespace()
        if i < p.count, p[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < p.count else { throw fail("unexpected end of input") }
            if p[i] == UInt8(ascii: ",") {
                i += 1
            } else if p[i] == UInt8(ascii: "]") {
                i += 1
                return .array(items)
            } else {
                throw fail("expected ',' or ']' in array")
            }
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONError) -> JSON {
        if depth > JSON.maxDepth { throw fail("nesting deeper than \(JSON.maxDepth) levels") }
        i += 1  // {
        var members: [(String, JSON)] = []
        skipWhitespace()
        if i < p.count, p[i] == UInt8(ascii: "}") {
            i += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard i < p.count else { throw fail("unexpected end of input") }
            guard p[i] == UInt8(ascii: "\"") else { throw fail("expected a string key in object") }
            let key = try parseString()
            skipWhitespace()
            guard i < p.count else { throw fail("unexpected end of input") }
            guard p[i] == UInt8(ascii: ":") else { throw fail("expected ':' after object key") }
            i += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth)))
            skipWhitespace()
            guard i < p.count else { throw fail("unexpected end of input") }
            if p[i] == UInt8(ascii: ",") {
                i += 1
            } else if p[i] == UInt8(ascii: "}") {
                i += 1
                return .object(members)
            } else {
                throw fail("expected ',' or '}' in object")
            }
        }
    }
}
