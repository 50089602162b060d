/// TOML booleans, integers and floats from one token (TOML 1.0 grammar).
///
/// Integers: `[+-]?` then `0` or a digit run without leading zeros, or `0x`/`0o`/`0b` with
/// no sign; `_` only between two digits; must fit in Int64. Floats: an integer part, then a
/// `.digits` fraction and/or an `e[+-]digits` exponent; also `inf` and `nan` with an optional sign.
enum TOMLNumber {
    struct Problem: Error { let reason: String }

    static func parse(_ token: String) -> Result<TOMLValue, Problem> {
        switch token {
        case "true": return .success(.bool(true))
        case "false": return .success(.bool(false))
        case "inf", "+inf": return .success(.float(.infinity))
        case "-inf": return .success(.float(-.infinity))
        case "nan", "+nan", "-nan": return .success(.float(.nan))
        default: break
        }
        if let radix = prefixedRadix(token) { return integer(token, radix: radix) }
        let unsigned = token.first == "+" || token.first == "-" ? token.dropFirst() : Substring(token)
        let split = unsigned.firstIndex(where: { $0 == "." || $0 == "e" || $0 == "E" }) ?? unsigned.endIndex
        let intPart = unsigned[..<split]
        guard isDigitRun(intPart, digit: isDecimal) else { return .failure(invalid(token)) }
        if intPart.count > 1 && intPart.first == "0" {
            return .failure(Problem(reason: "leading zeros are not allowed in \"\(token)\" (octal is written 0o660)"))
        }
        if split == unsigned.endIndex { return integer(token, radix: 10) }
        return float(token, rest: unsigned[split...])
    }

    private static func prefixedRadix(_ token: String) -> Int? {
        switch token.prefix(2) {
        case "0x": return 16
        case "0o": return 8
        case "0b": return 2
        default: return nil
        }
    }

    private static func integer(_ token: String, radix: Int) -> Result<TOMLValue, Problem> {
        let body = radix == 10 ? Substring(token) : token.dropFirst(2)
        let unsigned = radix == 10 && (body.first == "+" || body.first == "-") ? body.dropFirst() : body
        guard isDigitRun(unsigned, digit: { isDigit($0, radix: radix) }) else { return .failure(invalid(token)) }
        guard let value = Int64(String(body.filter { $0 != "_" }), radix: radix) else {
            return .failure(Problem(reason: "integer \"\(token)\" is out of range"))
        }
        return .success(.integer(value))
    }

    /// `rest` starts at the "." or the exponent marker.
    private static func float(_ token: String, rest: Substring) -> Result<TOMLValue, Problem> {
        var exponent = rest
        if rest.first == "." {
            let fracEnd = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) ?? rest.endIndex
            guard isDigitRun(rest[rest.index(after: rest.startIndex)..<fracEnd], digit: isDecimal) else {
                return .failure(invalid(token))
            }
            exponent = rest[fracEnd...]
        }
        if !exponent.isEmpty {
            var digits = exponent.dropFirst()
            if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
            guard isDigitRun(digits, digit: isDecimal) else { return .failure(invalid(token)) }
        }
        guard let value = Double(String(token.filter { $0 != "_" })) else { return .failure(invalid(token)) }
        guard value.isFinite else { return .failure(Problem(reason: "float \"\(token)\" is out of range")) }
        return .success(.float(value))
    }

    /// Non-empty digits, with single `_` only between two digits.
    private static func isDigitRun(_ s: Substring, digit: (Character) -> Bool) -> Bool {
        guard let first = s.first, let last = s.last, digit(first), digit(last) else { return false }
        var previousUnderscore = false
        for c in s {
            if c == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else if digit(c) {
                previousUnderscore = false
            } else {
                return false
            }
        }
        return true
    }

    private static func isDecimal(_ c: Character) -> Bool { c >= "0" && c <= "9" }

    private static func isDigit(_ c: Character, radix: Int) -> Bool {
        guard c.isASCII, let v = c.hexDigitValue else { return false }
        return v < radix
    }

    static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    private static func invalid(_ token: String) -> Problem {
        let numeric = token.first.map { $0.isASCII && ($0.isNumber || "+-.".contains($0)) } ?? false
        return Problem(reason: numeric ? "invalid number \"\(token)\"" : "invalid value \"\(token)\" (strings need quotes)")
    }
}
