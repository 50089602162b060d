import CLZ4

/// Standard LZ4 frames (lz4frame.h, the format of `lz4` files), made and read whole, over bytes.
///
/// The one wrapper over liblz4's frame API: no raw pointer leaves this file, no file is touched.
/// Frames made here carry their content size and a content checksum (xxHash32 of the whole content), and on
/// request block checksums, so `lz4 -d` reads them and corruption is detected when they are read back.
///
/// Reading is strict: the input must be exactly one frame, complete, with nothing after it, and its content
/// may not exceed the caller's limit. Anything else is an ``LZ4Error``, never a trap.
public enum LZ4Frame {
    /// Compresses `bytes` into one LZ4 frame with content size and content checksum set.
    ///
    /// - Parameters:
    ///   - bytes: the content, any length (empty gives a valid frame of empty content).
    ///   - level: liblz4's compression level: 0 is the default fast mode, 1...2 the same, 3...12 the slower
    ///     high-compression (HC) modes, negative values faster modes with less compression; above 12 acts as 12.
    ///   - blockChecksum: also append an xxHash32 of each compressed block (FLG bit 4). LZ4's encoding is not
    ///     unique, so a flipped byte in a block can decode to the very same content and pass the content checksum;
    ///     a block checksum catches every single-byte change of a block. Off by default (the frame stays as before).
    ///   - independentBlocks: compress each 64 KiB block on its own (FLG bit 5). liblz4 already does so for
    ///     content of one block; set it to get the same frame descriptor at every size.
    /// - Returns: the frame: header, blocks, end mark and content checksum.
    /// - Throws: ``LZ4Error/library(code:name:)`` if liblz4 refuses (it does not for valid arguments).
    public static func compress(_ bytes: [UInt8], level: Int = 0,
                                blockChecksum: Bool = false,
                                independentBlocks: Bool = false) throws(LZ4Error) -> [UInt8] {
        var preferences = LZ4F_preferences_t()  // all zero: the library defaults (64 KiB linked blocks)
        preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
        if blockChecksum { preferences.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled }
        if independentBlocks { preferences.frameInfo.blockMode = LZ4F_blockIndependent }
        preferences.frameInfo.contentSize = UInt64(bytes.count)
        preferences.compressionLevel = Int32(clamping: level)
        let bound = LZ4F_compressFrameBound(bytes.count, &preferences)
        var status = 0
        let frame = [UInt8](unsafeUninitializedCapacity: bound) { destination, initialized in
            status = bytes.withUnsafeBytes { source in
                LZ4F_compressFrame(destination.baseAddress, destination.count,
                                   source.baseAddress, source.count, &preferences)
            }
            initialized = LZ4F_isError(status) == 0 ? status : 0
        }
        try check(status)
        return frame
    }

    /// Decompresses exactly one complete LZ4 frame.
    ///
    /// Any valid frame is read, whatever made it (block sizes, linked or independent blocks, with or without
    /// content size and checksums); whatever checksums it carries are verified by liblz4.
    ///
    /// - Parameters:
    ///   - frame: the whole frame, no more, no less.
    ///   - maxOutputBytes: the most content accepted (≥ 0); at most this many bytes plus one are ever held.
    /// - Returns: the content.
    /// - Throws: ``LZ4Error/library(code:name:)`` for a corrupt frame (bad magic, header, block or checksum,
    ///   wrong content size); ``LZ4Error/frameEndedEarly(consumed:)`` for a truncated one;
    ///   ``LZ4Error/trailingBytes(count:)`` when bytes follow the frame's end;
    ///   ``LZ4Error/outputTooLarge(limit:)`` when the content exceeds `maxOutputBytes`.
    public static func decompress(_ frame: [UInt8], maxOutputBytes: Int) throws(LZ4Error) -> [UInt8] {
        precondition(maxOutputBytes >= 0, "maxOutputBytes must not be negative")
        guard !frame.isEmpty else { throw .frameEndedEarly(consumed: 0) }
        let context = try DecompressionContext()
        // Decode straight into `output`, grown on demand but never past one byte beyond the limit:
        // a byte past the limit proves the content too large.
        let capacityLimit = maxOutputBytes < Int.max ? maxOutputBytes + 1 : Int.max
        var output = [UInt8](repeating: 0, count: min(max(4 * frame.count, 64 * 1024), capacityLimit))
        var consumed = 0
        var produced = 0
        while true {
            if produced == output.count {
                let grown = min(max(2 * output.count, 64 * 1024), capacityLimit)
                output.append(contentsOf: repeatElement(0, count: grown - output.count))
            }
            let step = context.decompress(frame, from: consumed, into: &output, at: produced)
            try check(step.status)
            consumed += step.read
            produced += step.written
            if produced > maxOutputBytes { throw .outputTooLarge(limit: maxOutputBytes) }
            if step.status == 0 { break }  // 0: the frame is complete and verified
            if step.read == 0 && step.written == 0 {
                // With input left and room to write, liblz4 always moves on; no progress means no input.
                precondition(consumed == frame.count, "LZ4F_decompress made no progress with input left")
                throw .frameEndedEarly(consumed: consumed)
            }
        }
        if consumed < frame.count { throw .trailingBytes(count: frame.count - consumed) }
        output.removeLast(output.count - produced)
        return output
    }

    /// Throws the library error that a liblz4 `size_t` result encodes, if it is one.
    private static func check(_ status: Int) throws(LZ4Error) {
        guard LZ4F_isError(status) != 0 else { return }
        throw .library(code: Int(bitPattern: 0 &- UInt(bitPattern: status)),
                       name: String(cString: LZ4F_getErrorName(status)))
    }
}

/// Owns one `LZ4F_dctx` (frame decompression state), freed when the last reference goes.
private final class DecompressionContext {
    private let pointer: OpaquePointer

    init() throws(LZ4Error) {
        var created: OpaquePointer?
        let status = LZ4F_createDecompressionContext(&created, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(status) == 0, let created else {
            if let created { LZ4F_freeDecompressionContext(created) }
            throw .outOfMemory
        }
        pointer = created
    }

    deinit { LZ4F_freeDecompressionContext(pointer) }

    /// One `LZ4F_decompress` call: reads from `source[from...]`, writes to `destination[at...]`.
    /// - Returns: liblz4's result (0 = frame done, an error code, or a hint of the next input size) and the
    ///   number of bytes read and written.
    func decompress(_ source: [UInt8], from: Int, into destination: inout [UInt8],
                    at: Int) -> (status: Int, read: Int, written: Int) {
        source.withUnsafeBytes { input in
            destination.withUnsafeMutableBytes { output in
                var read = input.count - from
                var written = output.count - at
                let status = LZ4F_decompress(pointer, output.baseAddress! + at, &written,
                                             input.baseAddress! + from, &read, nil)
                return (status, read, written)
            }
        }
    }
}
