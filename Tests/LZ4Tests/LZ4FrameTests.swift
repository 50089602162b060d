import LZ4
import Testing

/// Our frames read back, are well formed, and are refused when corrupt, truncated, padded or too large.
@Suite struct LZ4FrameTests {
    static let sizes = [0, 1, 15, 1000, 65_535, 65_536, 65_537, 300_000]

    @Test func randomBuffersRoundTrip() throws {
        for (index, size) in Self.sizes.enumerated() {
            let content = Inputs.random(size, seed: UInt64(index))
            for level in [0, -5, 9] {
                let frame = try LZ4Frame.compress(content, level: level)
                #expect(try LZ4Frame.decompress(frame, maxOutputBytes: size) == content, "size \(size) level \(level)")
            }
        }
    }

    @Test func compressibleBuffersRoundTripAndShrink() throws {
        for (index, size) in Self.sizes.enumerated() where size >= 1000 {
            for content in [Inputs.sparseWeights(size, seed: UInt64(index)), Inputs.text(size)] {
                for level in [0, 12] {
                    let frame = try LZ4Frame.compress(content, level: level)
                    #expect(frame.count < content.count / 2, "size \(size) level \(level): \(frame.count) bytes")
                    #expect(try LZ4Frame.decompress(frame, maxOutputBytes: size) == content)
                }
            }
        }
    }

    /// The frame descriptor (lz4 Frame format, section "Frame Descriptor") says: version 01, content size
    /// present (bit 3) and content checksum present (bit 2); the 8-byte content size follows it.
    @Test func frameCarriesContentSizeAndChecksum() throws {
        let content = Inputs.text(12_345)
        let frame = try LZ4Frame.compress(content)
        #expect(Array(frame.prefix(4)) == [0x04, 0x22, 0x4D, 0x18])
        let flags = frame[4]
        #expect(flags >> 6 == 0b01)
        #expect(flags & 0b0000_1000 != 0)
        #expect(flags & 0b0000_0100 != 0)
        let size = (0..<8).reduce(UInt64(0)) { $0 | UInt64(frame[6 + $1]) << (8 * $1) }
        #expect(size == 12_345)
    }

    /// Every byte of a frame of incompressible content, xored with every non-zero mask, is an error: a flip in
    /// the header is caught by the header checksum, in a block by the content checksum or the decoder.
    @Test func everySingleByteFlipIsAnError() throws {
        let content = Inputs.random(300, seed: 5)
        let frame = try LZ4Frame.compress(content)
        for position in frame.indices {
            for mask in UInt8(1)...255 {
                var corrupt = frame
                corrupt[position] ^= mask
                #expect(throws: LZ4Error.self, "byte \(position) ^ \(mask)") {
                    try LZ4Frame.decompress(corrupt, maxOutputBytes: 1 << 20)
                }
            }
        }
    }

    /// LZ4's encoding of compressible content is not unique: a flipped match offset may point to an identical
    /// earlier copy. Such a flip decodes to the very same content, which is no harm; every other flip is an
    /// error, and none ever yields different content.
    @Test func everySingleByteFlipIsAnErrorOrHarmless() throws {
        let content = Inputs.text(300)
        let frame = try LZ4Frame.compress(content)
        var harmless = 0
        for position in frame.indices {
            for mask in UInt8(1)...255 {
                var corrupt = frame
                corrupt[position] ^= mask
                guard let output = try? LZ4Frame.decompress(corrupt, maxOutputBytes: 1 << 20) else { continue }
                #expect(output == content, "byte \(position) ^ \(mask) decoded to different content")
                harmless += 1
            }
        }
        #expect(harmless < frame.count * 255 / 100, "\(harmless) flips were not detected")
    }

    @Test func everyTruncationIsAnError() throws {
        for content in [Inputs.text(300), Inputs.random(300, seed: 7), Inputs.text(150_000)] {
            let frame = try LZ4Frame.compress(content)
            let step = frame.count > 2000 ? 97 : 1
            for length in stride(from: 0, to: frame.count, by: step) {
                #expect(throws: LZ4Error.self, "prefix of \(length) of \(frame.count) bytes") {
                    try LZ4Frame.decompress(Array(frame.prefix(length)), maxOutputBytes: 1 << 20)
                }
            }
        }
    }

    @Test func truncationAfterTheHeaderSaysFrameEndedEarly() throws {
        let frame = try LZ4Frame.compress(Inputs.text(300))
        #expect(throws: LZ4Error.frameEndedEarly(consumed: frame.count - 1)) {
            try LZ4Frame.decompress(Array(frame.dropLast()), maxOutputBytes: 1000)
        }
        #expect(throws: LZ4Error.frameEndedEarly(consumed: 0)) { try LZ4Frame.decompress([], maxOutputBytes: 1000) }
    }

    @Test func trailingBytesAreAnError() throws {
        let frame = try LZ4Frame.compress(Inputs.text(300))
        #expect(throws: LZ4Error.trailingBytes(count: 1)) { try LZ4Frame.decompress(frame + [0], maxOutputBytes: 1000) }
        #expect(throws: LZ4Error.trailingBytes(count: frame.count)) {
            try LZ4Frame.decompress(frame + frame, maxOutputBytes: 1000)
        }
    }

    @Test func errorsCarryLibraryNames() throws {
        var frame = try LZ4Frame.compress(Inputs.text(300))
        frame[frame.count - 1] ^= 0x01  // the last byte belongs to the content checksum
        let checksum = #expect(throws: LZ4Error.self) { try LZ4Frame.decompress(frame, maxOutputBytes: 1000) }
        guard case .library(_, "ERROR_contentChecksum_invalid") = checksum else {
            Issue.record("expected a content checksum error, got \(String(describing: checksum))")
            return
        }
        let error = #expect(throws: LZ4Error.self) { try LZ4Frame.decompress([1, 2, 3, 4, 5, 6, 7], maxOutputBytes: 10) }
        #expect(error?.description.hasPrefix("LZ4 frame error: ERROR_frameType_unknown (LZ4F error ") == true)
    }

    @Test func maxOutputBytesIsEnforced() throws {
        let content = Inputs.sparseWeights(1000, seed: 3)
        let frame = try LZ4Frame.compress(content)
        #expect(try LZ4Frame.decompress(frame, maxOutputBytes: 1000) == content)
        #expect(try LZ4Frame.decompress(frame, maxOutputBytes: .max) == content)
        for limit in [0, 1, 999] {
            #expect(throws: LZ4Error.outputTooLarge(limit: limit)) { try LZ4Frame.decompress(frame, maxOutputBytes: limit) }
        }
        #expect(try LZ4Frame.decompress(try LZ4Frame.compress([]), maxOutputBytes: 0) == [])
        // A small frame of 64 MiB of zeros is refused at the limit, without producing it all.
        let bomb = try LZ4Frame.compress([UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 300_000)
        #expect(throws: LZ4Error.outputTooLarge(limit: 100_000)) { try LZ4Frame.decompress(bomb, maxOutputBytes: 100_000) }
    }
}
