/// Fast, correctly rounded parsing of decimal numbers in record fields.
///
/// Grammar accepted for a field (after trimming ASCII spaces and tabs):
///
///     [+-]? ( DIGITS ( "." DIGITS? )? | "." DIGITS ) ( [eE] [+-]? DIGITS )?
///
/// so `1`, `-0.5`, `3.2e-4`, `+2`, `.5` and `1.` are numbers; hexadecimal floats,
/// digit separators and Unicode digits are not. `nan`, `inf` and `infinity` (any case,
/// optional sign) are recognised only to be reported as such.
///
/// Results are the float32 nearest to the decimal value (round half to even),
/// bit-identical to `Float(String)`:
/// - up to 7 significant digits (mantissa ≤ 2^24) with |exponent| ≤ 10: one float32
///   multiply by an exact power of ten (Clinger's fast path), or for negative exponents a
///   float64 multiply by the reciprocal, narrowed, with an exact float32 division when
///   the product is within a few float64 ulps of a float32 midpoint;
/// - up to 2^53 with |exponent| ≤ 22: one correctly rounded float64 operation, then a
///   narrowing to float32 that is exact unless the float64 lies exactly on a float32
///   rounding midpoint, which is detected and sent to the slow path;
/// - everything else (more digits, larger exponents): `Float(String)`.
///
/// A value whose magnitude rounds beyond `Float.greatestFiniteMagnitude` is
/// `.outOfRange`; a value too small for float32 rounds to zero or a subnormal (accepted).
enum FieldNumber: Equatable, Sendable {
    case value(Float)
    /// The field is empty or only spaces/tabs.
    case empty
    /// The field is not a decimal number (nor nan/inf).
    case notANumber
    /// `nan` in any case, with an optional sign.
    case nan
    /// `inf` or `infinity` in any case, with an optional sign.
    case infinity
    /// A finite decimal whose magnitude does not fit in float32.
    case outOfRange

    /// True when the field is a numeric token (including the disallowed nan/inf and
    /// out-of-range values): this is what "parses as a number" means for header detection.
    var isNumericToken: Bool {
        switch self {
        case .value, .nan, .infinity, .outOfRange: return true
        case .empty, .notANumber: return false
        }
    }
}

/// The significant digits of a decimal number as read so far: up to 19 in `mantissa` (leading
/// zeros skipped), with `exponent` such that the value read is mantissa × 10^exponent, exactly
/// unless `truncated` (a non-zero digit beyond the 19th was dropped).
struct DecimalDigits {
    var mantissa: UInt64 = 0
    var significant = 0
    var exponent = 0
    var truncated = false

    /// Reads the digits of `p[i..<end]` up to the first non-digit, advancing `i`: digits of the
    /// integer part, or of the fraction part (after the point) when `fraction`. Returns whether
    /// there was any.
    @inline(__always)
    mutating func read(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, fraction: Bool) -> Bool {
        let first = i
        while i < end {
            let d = p[i] &- 0x30
            if d > 9 { break }
            if significant < 19 {
                if mantissa != 0 || d != 0 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                }
                if fraction { exponent -= 1 }
            } else {
                if !fraction { exponent += 1 }
                if d != 0 { truncated = true }
            }
            i += 1
        }
        return i > first
    }
}

enum DecimalParser {
    /// Exact float32 powers of ten, 10^0 ... 10^10 (5^10 < 2^24, so all are exact).
    static let floatPowers: [Float] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
    ]
    /// float64 nearest to 10^-k, k = 0 ... 10.
    static let reciprocalPowers: [Double] = [
        1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10,
    ]
    /// Exact float64 powers of ten, 10^0 ... 10^22 (5^22 < 2^53, so all are exact).
    static let doublePowers: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the bytes `p[start..<end]` as one CSV number field.
    /// Never traps on any input; never reads outside `start..<end`.
    static func parseFloat(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> FieldNumber {
        var i = start
        var e = end
        while i < e, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
        while e > i, p[e - 1] == 0x20 || p[e - 1] == 0x09 { e -= 1 }
        if i == e { return .empty }
        let textStart = i
        var negative = false
        if p[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if p[i] == UInt8(ascii: "+") {
            i += 1
        }
        let afterSign = i
        var digits = DecimalDigits()
        var sawDigit = digits.read(p, &i, e, fraction: false)
        if i < e, p[i] == UInt8(ascii: ".") {
            i += 1
            sawDigit = digits.read(p, &i, e, fraction: true) || sawDigit
        }
        if !sawDigit {
            return specialWord(p, from: afterSign, to: e)
        }
        // Exponent part.
        if i < e, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < e, p[i] == UInt8(ascii: "-") {
                expNegative = true
                i += 1
            } else if i < e, p[i] == UInt8(ascii: "+") {
                i += 1
            }
            var value = 0
            var expDigits = 0
            while i < e {
                let d = p[i] &- 0x30
                if d > 9 { break }
                if value < 1_000_000 { value = value * 10 + Int(d) }  // clamp: far beyond any float
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return .notANumber }
            digits.exponent += expNegative ? -value : value
        }
        if i != e { return .notANumber }
        let (mantissa, exponent) = (digits.mantissa, digits.exponent)
        if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }

        if !digits.truncated {
            if mantissa <= 1 << 24, exponent >= -10, exponent <= 10 {
                var f = Float(mantissa)
                if exponent >= 0 {
                    f *= floatPowers[exponent]
                } else {
                    // A float64 multiply by the rounded reciprocal is within 2 ulps (float64)
                    // of m / 10^k; narrowing it is exact unless it is that close to a
                    // float32 midpoint, where the exactly rounded float32 division decides.
                    // (Checked exhaustively for m ≤ 2^24, k ≤ 10: the guard never fires
                    // and every result equals the float32 division; it stays as a safety net.)
                    let d = Double(mantissa) * reciprocalPowers[-exponent]
                    if (d.bitPattern & 0x1FFF_FFFF) &- 0x0FFF_FFFC > 8 {
                        f = Float(d)
                    } else {
                        f /= floatPowers[-exponent]
                    }
                }
                return .value(negative ? -f : f)
            }
            if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
                let d = exponent < 0
                    ? Double(mantissa) / doublePowers[-exponent]
                    : Double(mantissa) * doublePowers[exponent]
                let f = Float(d)
                // Exact unless d sits on a float32 midpoint (the 29 dropped bits are 1000…0).
                if f.isNormal, d.bitPattern & 0x1FFF_FFFF != 0x1000_0000 {
                    return .value(negative ? -f : f)
                }
            }
        }
        return slowPath(p, from: textStart, to: e)
    }

    /// Classifies a field without digits: nan / inf / infinity (case-insensitive) or not a number.
    private static func specialWord(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> FieldNumber {
        let n = end - start
        func lower(_ k: Int) -> UInt8 { p[start + k] | 0x20 }
        if n == 3, lower(0) == UInt8(ascii: "n"), lower(1) == UInt8(ascii: "a"), lower(2) == UInt8(ascii: "n") {
            return .nan
        }
        if n == 3 || n == 8 {
            let word: [UInt8] = Array("infinity".utf8)
            for k in 0..<n where lower(k) != word[k] { return .notANumber }
            return .infinity
        }
        return .notANumber
    }

    /// The correctly rounded conversion of the standard library, used for inputs outside
    /// the fast paths. The grammar has already been checked, so the text is ASCII.
    private static func slowPath(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> FieldNumber {
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
        guard let f = Float(text) else { return .notANumber }
        return f.isFinite ? .value(f) : .outOfRange
    }

    /// Convenience for tests and callers with a `String`.
    static func parseFloat(_ text: String) -> FieldNumber {
        var copy = Array(text.utf8)
        return copy.withUnsafeMutableBufferPointer { buf in
            parseFloat(UnsafeBufferPointer(buf), from: 0, to: buf.count)
        }
    }
}
