import CheckpointFormat
import LearnCore
import XCTest

/// The container around the sections and the frame around the container.
final class ContainerTests: XCTestCase {
    private var sections: Sections!

    override func setUpWithError() throws {
        let state = States.classifier(records: 60).snapshot()
        sections = try Sections(file: try Checkpoint.encode(state, meta: States.meta))
    }

    func testBadMagicAndUnsupportedVersions() throws {
        var copy = sections!
        copy.header[0] = UInt8(ascii: "X")
        assertRefused(try copy.file(), "bad magic 0x58 0x45", "LEARNDCK")
        for version: UInt32 in [0, 2, 0xFFFF_FFFF] {
            copy = sections!
            copy.header.put(version, at: 8)
            assertRefused(try copy.file(), "unsupported format version \(version)")
        }
        assertRefused(try Checkpoint.file(containing: Array("LEARNDCK".utf8)), "truncated section \"header\"")
        assertRefused(try Checkpoint.file(containing: Array("LEARND".utf8)), "bad magic")
    }

    func testMissingDuplicateAndUnknownSections() throws {
        for tag in ["CONF", "MASK", "PROT", "VERS"] {
            var copy = sections!
            copy.sections.removeAll { $0.tag == tag }
            assertRefused(try copy.file(), "missing section \"\(tag)\"")
        }
        var copy = sections!
        copy.sections.append(copy.sections[3])
        assertRefused(try copy.file(), "duplicate section \"OPTM\"")
        // Unknown sections are skipped and kept, wherever they are; order of known ones does not matter.
        copy = sections!
        copy.sections.insert((tag: "ZZ01", payload: [9, 9]), at: 2)
        copy.sections.swapAt(0, 5)
        let decoded = try Checkpoint.decode(try copy.file())
        XCTAssertEqual(decoded.meta.extra, ["ZZ01": [9, 9]])
        XCTAssertEqual(decoded.state, try Checkpoint.decode(try sections.file()).state)
        copy = sections!
        copy.sections.append((tag: "a\u{1}bc", payload: []))
        assertRefused(try copy.file(), "header", "not 4 printable ASCII bytes")
    }

    func testASectionLongerThanTheContainerIsTruncated() throws {
        var container = sections.container
        container.put(UInt64(1 << 40), at: 12 + 4)
        assertRefused(try Checkpoint.file(containing: container), "truncated section \"CONF\"", "needs 1099511627776")
        container = sections.container
        container.removeLast(5)
        assertRefused(try Checkpoint.file(containing: container), "truncated section \"VERS\"")
    }

    /// Only v1's frame options are accepted: a plain LZ4 frame of a valid container (no block checksums) is
    /// refused, and so is a frame whose descriptor was changed even with a recomputed header checksum.
    func testTheFrameMustBeV1s() throws {
        let file = try sections.file()
        XCTAssertEqual(Array(file[0..<6]), [0x04, 0x22, 0x4D, 0x18, 0x7C, 0x40])
        var other = file
        other[5] = 0x50  // 256 KiB blocks: still decodable by liblz4, but not v1
        assertRefused(other, "not a learnd checkpoint", "FLG 0x7C BD 0x50")
        assertRefused([], "shorter than an LZ4 frame header")
        assertRefused(Array("LEARNDCK and more bytes".utf8), "no LZ4 frame magic")
        other = file
        other[6 + 7] = 0x7F  // content size near 2^63
        assertRefused(other, "exceeds the limit")
    }

    func testFrameCorruptionIsNamed() throws {
        var file = try sections.file()
        file[file.count - 1] ^= 1
        assertRefused(file, "corrupt or truncated", "ERROR_contentChecksum_invalid")
        file = try sections.file()
        assertRefused(Array(file.dropLast(3)), "corrupt or truncated", "truncated")
        assertRefused(file + [0], "trailing")
    }
}
