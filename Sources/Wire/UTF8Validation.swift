/// Strict UTF-8 validation over raw bytes (RFC 3629): rejects overlong forms,
/// UTF-16 surrogates (U+D800...U+DFFF), code points above U+10FFFF and truncated
/// sequences. Pure functions; never read outside the given range.
enum UTF8Validation {
    /// Length (1...4) of the well-formed UTF-8 sequence starting at `p[i]`, or nil when
    /// the bytes at `i..<end` do not start with one. Requires `i < end`.
    static func sequenceLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int? {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        func cont(_ k: Int) -> UInt8? {
            guard i + k < end else { return nil }
            let b = p[i + k]
            return b & 0xC0 == 0x80 ? b : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) == nil ? nil : 2
        case 0xE0...0xEF:
            guard let b1 = cont(1), cont(2) != nil else { return nil }
            if b0 == 0xE0, b1 < 0xA0 { return nil }   // overlong
            if b0 == 0xED, b1 > 0x9F { return nil }   // surrogates
            return 3
        case 0xF0...0xF4:
            guard let b1 = cont(1), cont(2) != nil, cont(3) != nil else { return nil }
            if b0 == 0xF0, b1 < 0x90 { return nil }   // overlong
            if b0 == 0xF4, b1 > 0x8F { return nil }   // above U+10FFFF
            return 4
        default:
            return nil  // continuation byte, C0/C1 overlong lead, F5...FF
        }
    }

    /// True when `p[start..<end]` is entirely well-formed UTF-8.
    static func isValid(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var i = start
        while i < end {
            if p[i] < 0x80 {
                i += 1
                continue
            }
            guard let n = sequenceLength(p, at: i, end: end) else { return false }
            i += n
        }
        return true
    }

    /// Convenience over any byte collection (copies when not contiguous).
    static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        if let r = bytes.withContiguousStorageIfAvailable({ isValid($0, from: 0, to: $0.count) }) {
            return r
        }
        return Array(bytes).withUnsafeBufferPointer { isValid($0, from: 0, to: $0.count) }
    }
}

/// Renders untrusted bytes for inclusion in a reason text: at most `limit` bytes
/// (cut on a character boundary, then `...`), with `"` and `\` backslash-escaped and
/// control characters and invalid UTF-8 shown as `\xHH`, so that a reason is always one
/// printable line whatever the input held.
enum ReasonText {
    static func quoted(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, limit: Int = 40) -> String {
        var out = "\""
        var i = start
        var shown = 0
        while i < end {
            if shown >= limit {
                out += "..."
                break
            }
            let b = p[i]
            if b >= 0x80, let n = UTF8Validation.sequenceLength(p, at: i, end: end) {
                out += String(decoding: UnsafeBufferPointer(rebasing: p[i..<(i + n)]), as: UTF8.self)
                i += n
                shown += n
                continue
            }
            switch b {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(b))
            default: out += "\\x" + hex2(b)
            }
            i += 1
            shown += 1
        }
        return out + "\""
    }

    static func quoted(_ s: String, limit: Int = 40) -> String {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { quoted(UnsafeBufferPointer($0), from: 0, to: $0.count, limit: limit) }
    }

    /// Two uppercase hex digits.
    static func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
    }

    /// Replaces every control character (including CR and LF) by a space, so a reason
    /// can never break the one-line-per-reply framing.
    static func singleLine(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return s }
        var scalars = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            scalars.append(u.value < 0x20 || u.value == 0x7F ? " " : u)
        }
        return String(scalars)
    }
}
