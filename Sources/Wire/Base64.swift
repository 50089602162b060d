/// Standard base64 (RFC 4648 §4: `A-Z a-z 0-9 + /`, `=` padding), the text form of binary arrays
/// in JSON (the model's weights on the control socket). Pure; decoding refuses anything that is
/// not canonical padded base64.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text`, or nil when it is not padded base64 (length a multiple of 4).
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = 0
        while i < chars.count {
            let pad = (chars[i + 3] == UInt8(ascii: "=") ? 1 : 0) + (chars[i + 2] == UInt8(ascii: "=") ? 1 : 0)
            guard pad == 0 || i + 4 == chars.count, !(pad == 1 && chars[i + 2] == UInt8(ascii: "=")) else { return nil }
            var group: UInt32 = 0
            for k in 0..<4 {
                let v = k >= 4 - pad ? 0 : values[Int(chars[i + k])]
                guard v >= 0 else { return nil }
                group = group << 6 | UInt32(v)
            }
            out.append(UInt8(group >> 16 & 255))
            if pad < 2 { out.append(UInt8(group >> 8 & 255)) }
            if pad < 1 { out.append(UInt8(group & 255)) }
            i += 4
        }
        return out
    }
}
