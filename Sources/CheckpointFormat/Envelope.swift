import LZ4

/// The LZ4 frame around the container, held to exactly the options format v1 writes.
///
/// v1 frame header (lz4 Frame format 1.6.x): magic `04 22 4D 18`; FLG `0x7C` (version 01, independent blocks,
/// block checksums, content size, content checksum, no dictionary); BD `0x40` (64 KiB blocks); the content
/// size (u64 LE); the header checksum byte. The header checksum is a single byte, so a corrupted FLG or BD
/// could pass it one time in 256 and change how the rest is read; requiring v1's exact bytes closes that
/// door. With block checksums (xxHash32 per block, which changes with any single byte of the block) and the
/// content checksum verified by liblz4, every single-byte change of a file is detected.
enum Envelope {
    static let frameMagic: [UInt8] = [0x04, 0x22, 0x4D, 0x18]
    static let flg: UInt8 = 0x7C
    static let bd: UInt8 = 0x40
    /// Magic, FLG, BD, 8-byte content size and the header checksum.
    static let headerBytes = 15

    static func wrap(_ container: [UInt8], level: Int) throws(CheckpointError) -> [UInt8] {
        let frame: [UInt8]
        do {
            frame = try LZ4Frame.compress(container, level: level, blockChecksum: true, independentBlocks: true)
        } catch {
            throw .unencodable("LZ4 compression failed: \(error)")
        }
        guard frame.count >= headerBytes, frame[4] == flg, frame[5] == bd else {
            throw .unencodable("liblz4 wrote an unexpected frame descriptor")
        }
        return frame
    }

    /// The container inside `file`, after checking the header bytes and letting liblz4 verify every checksum.
    static func unwrap(_ file: [UInt8]) throws(CheckpointError) -> [UInt8] {
        guard file.count >= headerBytes else {
            throw .notACheckpointFrame("\(file.count) bytes is shorter than an LZ4 frame header")
        }
        guard Array(file[0..<4]) == frameMagic else {
            let start = file[0..<4].map(hex).joined(separator: " ")
            throw .notACheckpointFrame("no LZ4 frame magic (starts \(start))")
        }
        guard file[4] == flg, file[5] == bd else {
            throw .notACheckpointFrame("LZ4 frame descriptor FLG \(hex(file[4])) BD \(hex(file[5])) is not format v1's "
                                       + "(FLG \(hex(flg)) BD \(hex(bd)): block and content checksums, content size)")
        }
        let size = (0..<8).reduce(UInt64(0)) { $0 | UInt64(file[6 + $1]) << (8 * UInt64($1)) }
        guard size <= UInt64(Checkpoint.maxContainerBytes) else {
            throw .contentTooLarge(bytes: size, limit: Checkpoint.maxContainerBytes)
        }
        let container: [UInt8]
        do { container = try LZ4Frame.decompress(file, maxOutputBytes: Int(size)) } catch { throw .frame(error) }
        guard container.count == Int(size) else {
            throw .notACheckpointFrame("frame holds \(container.count) bytes, its header says \(size)")
        }
        return container
    }
}
