import LZ4
import Testing

/// Frames with block checksums (`blockChecksum: true`): flagged in the descriptor, read by the `lz4` CLI, and
/// every single-byte change is an error, including the ones that decode to identical content without them.
@Suite struct LZ4BlockChecksumTests {
    /// FLG (lz4 Frame format, "Frame Descriptor"): bit 4 is B.Checksum; the default frame leaves it clear.
    @Test func theDescriptorFlagsBlockChecksums() throws {
        let content = Inputs.text(70_000)
        let plain = try LZ4Frame.compress(content)
        let checked = try LZ4Frame.compress(content, blockChecksum: true)
        #expect(plain[4] & 0b0001_0000 == 0)
        #expect(checked[4] & 0b0001_0000 != 0)
        #expect(checked[4] & 0b0000_1100 == 0b0000_1100, "content size and content checksum stay on")
        // Two 64 KiB blocks, each with 4 more bytes.
        #expect(checked.count == plain.count + 8)
        #expect(try LZ4Frame.decompress(checked, maxOutputBytes: content.count) == content)
    }

    /// The compressible frame of `everySingleByteFlipIsAnErrorOrHarmless` has harmless flips; with block
    /// checksums there are none left.
    @Test func everySingleByteFlipIsAnError() throws {
        for content in [Inputs.text(300), Inputs.sparseWeights(2000, seed: 9)] {
            let frame = try LZ4Frame.compress(content, blockChecksum: true)
            var undetected = 0
            for position in frame.indices {
                for mask in UInt8(1)...255 {
                    var corrupt = frame
                    corrupt[position] ^= mask
                    if (try? LZ4Frame.decompress(corrupt, maxOutputBytes: 1 << 20)) != nil { undetected += 1 }
                }
            }
            #expect(undetected == 0, "\(undetected) flips of \(frame.count * 255) decoded")
        }
    }

    @Test func theCLIReadsFramesWithBlockChecksums() throws {
        let scratch = try Scratch()
        let content = Inputs.sparseWeights(200_001, seed: 4)
        try scratch.write(try LZ4Frame.compress(content, level: 0, blockChecksum: true), to: "w.lz4")
        #expect(try scratch.lz4(["-t", scratch.path("w.lz4")]) == 0)
        #expect(try scratch.lz4(["-d", "-f", scratch.path("w.lz4"), scratch.path("w")]) == 0)
        #expect(try scratch.read("w") == content)
    }
}
