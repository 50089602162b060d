import Wire

/// The safetensors format (huggingface/safetensors): u64 LE header size N, N bytes of JSON header, then the
/// tensor data. The header maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets into the data, which the tensors cover contiguously with no holes) and `__metadata__` to a
/// string-to-string map. The header is padded with spaces to a multiple of 8 bytes, so the data is aligned.
enum Safetensors {
    static func encode(_ model: ExportModel) -> [UInt8] {
        let metadata = JSON.object(model.metadata.map { ($0.0, .string(stringValue($0.1))) })
        var header: [(String, JSON)] = [("__metadata__", metadata)]
        var offset = 0
        for t in model.tensors {
            let bytes = 4 * t.values.count
            header.append((t.name, .object([
                ("dtype", "F32"), ("shape", .array(t.shape.map { .number(Double($0)) })),
                ("data_offsets", .array([.number(Double(offset)), .number(Double(offset + bytes))])),
            ])))
            offset += bytes
        }
        var text = Array(JSON.object(header).serialized().utf8)
        text += [UInt8](repeating: 0x20, count: (8 - text.count % 8) % 8)
        var out = withUnsafeBytes(of: UInt64(text.count).littleEndian) { Array($0) }
        out.reserveCapacity(8 + text.count + offset)
        out += text
        for t in model.tensors {
            for v in t.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }

    /// Metadata values must be strings: a string stays as it is, anything else is its JSON text.
    private static func stringValue(_ value: JSON) -> String {
        if case .string(let s) = value { return s }
        return value.serialized()
    }
}
