import LZ4
import Testing

/// Interoperability with the reference implementation, the `lz4` command-line tool (lz4 package).
@Suite struct LZ4CLITests {
    static let contents: [(name: String, bytes: [UInt8])] = [
        ("empty", []),
        ("random", Inputs.random(200_000, seed: 11)),
        ("weights", Inputs.sparseWeights(300_001, seed: 12)),
        ("text", Inputs.text(70_000)),
    ]

    @Test(arguments: [["--content-size"], ["--content-size", "-9", "-BD"], ["--no-frame-crc", "-B4"]])
    func framesFromTheCLIDecompress(options: [String]) throws {
        let scratch = try Scratch()
        for (name, bytes) in Self.contents {
            try scratch.write(bytes, to: name)
            let status = try scratch.lz4(["-z", "-f"] + options + [scratch.path(name), scratch.path(name + ".lz4")])
            #expect(status == 0)
            let frame = try scratch.read(name + ".lz4")
            #expect(try LZ4Frame.decompress(frame, maxOutputBytes: bytes.count) == bytes, "\(name) \(options)")
        }
    }

    @Test(arguments: [0, 12])
    func ourFramesDecompressWithTheCLI(level: Int) throws {
        let scratch = try Scratch()
        for (name, bytes) in Self.contents {
            try scratch.write(try LZ4Frame.compress(bytes, level: level), to: name + ".lz4")
            #expect(try scratch.lz4(["-t", scratch.path(name + ".lz4")]) == 0)
            #expect(try scratch.lz4(["-d", "-f", scratch.path(name + ".lz4"), scratch.path(name)]) == 0)
            #expect(try scratch.read(name) == bytes, "\(name) level \(level)")
        }
    }

    /// The CLI agrees with us that a flipped content checksum is corruption.
    @Test func theCLIRejectsOurCorruptFrame() throws {
        let scratch = try Scratch()
        var frame = try LZ4Frame.compress(Inputs.text(5000))
        frame[frame.count - 2] ^= 0x10
        try scratch.write(frame, to: "bad.lz4")
        #expect(try scratch.lz4(["-t", scratch.path("bad.lz4")]) != 0)
    }
}
