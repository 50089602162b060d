/// String and number scanning for `JSONParser`.
extension JSONParser {
    /// Parses a string starting at the opening quote `p[i]`; leaves `i` after the
    /// closing quote. Strings without escapes or non-ASCII bytes take a copy-once path.
    mutating func parseString() throws(JSONError) -> String {
        let open = i
        i += 1
        let start = i
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
            i += 1
        }
        guard i < p.count else { throw JSONError(reason: "unterminated string", offset: open) }
        var bytes = Array(UnsafeBufferPointer(rebasing: p[start..<i]))
        while i < p.count {
            let c = p[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &bytes)
            case 0..<0x20:
                throw JSONError(reason: "control character 0x\(ReasonText.hex2(c)) in string", offset: i)
            case 0x80...:
                guard let n = UTF8Validation.sequenceLength(p, at: i, end: p.count) else {
                    throw JSONError(reason: "invalid UTF-8 in string", offset: i)
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<(i + n)]))
                i += n
            default:
                bytes.append(c)
                i += 1
            }
        }
        throw JSONError(reason: "unterminated string", offset: open)
    }

    /// Decodes one escape starting at the backslash `p[i]` and appends its UTF-8 bytes.
    private mutating func parseEscape(into bytes: inout [UInt8]) throws(JSONError) {
        let at = i
        guard i + 1 < p.count else { throw JSONError(reason: "unterminated string", offset: i) }
        let e = p[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(e)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            let first = try hex4(at: at)
            var scalarValue = first
            if first >= 0xD800, first <= 0xDBFF {
                guard i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                    throw JSONError(reason: "high surrogate \\u\(hex(first)) not followed by a low surrogate", offset: at)
                }
                let lowAt = i
                i += 2
                let second = try hex4(at: lowAt)
                guard second >= 0xDC00, second <= 0xDFFF else {
                    throw JSONError(reason: "high surrogate \\u\(hex(first)) not followed by a low surrogate", offset: at)
                }
                scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            } else if first >= 0xDC00, first <= 0xDFFF {
                throw JSONError(reason: "lone low surrogate \\u\(hex(first))", offset: at)
            }
            // Always valid here: surrogates were paired or rejected above.
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            bytes.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw JSONError(reason: "invalid escape sequence", offset: at)
        }
    }

    /// Reads four hex digits at `p[i]` (after `\u`); `escapeAt` is the backslash offset.
    private mutating func hex4(at escapeAt: Int) throws(JSONError) -> UInt32 {
        guard i + 4 <= p.count else { throw JSONError(reason: "truncated \\u escape", offset: escapeAt) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw JSONError(reason: "invalid hex digit in \\u escape", offset: escapeAt)
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    private func hex(_ v: UInt32) -> String {
        ReasonText.hex2(UInt8(v >> 8)) + ReasonText.hex2(UInt8(v & 0xFF))
    }

    /// Parses a number per the JSON grammar `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Values with at most 2^53 as significand and |exponent| ≤ 22 are computed with one
    /// correctly rounded operation; others use `Double(String)`. Non-finite results
    /// (e.g. `1e400`) are rejected.
    mutating func parseNumber() throws(JSONError) -> Double {
        let start = i
        var negative = false
        if p[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        func digit(_ k: Int) -> UInt8? {
            guard k < p.count else { return nil }
            let d = p[k] &- 0x30
            return d <= 9 ? d : nil
        }
        var digits = DecimalDigits()
        guard let first = digit(i) else { throw JSONError(reason: "invalid number: expected a digit", offset: i) }
        if first == 0 {
            i += 1
            if digit(i) != nil { throw JSONError(reason: "invalid number: leading zero", offset: start) }
        } else {
            _ = digits.read(p, &i, p.count, fraction: false)
        }
        if i < p.count, p[i] == UInt8(ascii: ".") {
            i += 1
            guard digits.read(p, &i, p.count, fraction: true) else {
                throw JSONError(reason: "invalid number: expected a digit after '.'", offset: i)
            }
        }
        if i < p.count, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < p.count, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            guard digit(i) != nil else { throw JSONError(reason: "invalid number: expected a digit in exponent", offset: i) }
            var value = 0
            while let d = digit(i) {
                if value < 1_000_000 { value = value * 10 + Int(d) }
                i += 1
            }
            digits.exponent += expNegative ? -value : value
        }
        let (mantissa, exponent) = (digits.mantissa, digits.exponent)
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !digits.truncated, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let d = exponent < 0
                ? Double(mantissa) / DecimalParser.doublePowers[-exponent]
                : Double(mantissa) * DecimalParser.doublePowers[exponent]
            return negative ? -d : d
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw JSONError(reason: "number out of range", offset: start)
        }
        return d
    }
}
