import Foundation
import Storage
import XCTest

final class CheckpointStoreTests: XCTestCase {
    /// A stand-in decoder: a "checkpoint" is valid when it starts with "OK".
    struct Invalid: Error, CustomStringConvertible { var description: String { "bad magic" } }
    static func decode(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.starts(with: Array("OK".utf8)) else { throw Invalid() }
        return bytes
    }
    static func valid(_ n: UInt8) -> [UInt8] { Array("OK".utf8) + [n] }

    func testNamesUseUTCAndAZeroPaddedSequence() throws {
        let dir = try temporaryDirectory(self)
        let store = CheckpointStore(directory: dir, keep: 5)
        let first = try store.save(Self.valid(1), now: newYear)
        XCTAssertEqual(first, dir.appending("learnd-20260101T000000Z-000001.ckpt"))
        let second = try store.save(Self.valid(2), now: newYear + 86_400 + 3_661)
        XCTAssertEqual(second.lastComponent?.string, "learnd-20260102T010101Z-000002.ckpt")
        XCTAssertEqual(try contents(second), Self.valid(2))
        XCTAssertEqual(CheckpointName(parsing: "learnd-20260101T000000Z-1234567.ckpt")?.sequence, 1_234_567)
        for bad in ["learnd-20260101T000000Z-.ckpt", "learnd-2026010XT000000Z-000001.ckpt",
                    "learnd-20260101T000000Z-000001.ckpt.broken", ".learnd-20260101T000000Z-000001.ckpt.1.tmp",
                    "learnd-20260101T000000Z-000001.ckp"] {
            XCTAssertNil(CheckpointName(parsing: bad), bad)
        }
    }

    func testSequenceContinuesAcrossRestartsAndPastBrokenFiles() throws {
        let dir = try temporaryDirectory(self)
        try CheckpointStore(directory: dir, keep: 5).save(Self.valid(1), now: newYear)
        try put([0], dir.appending("learnd-20250101T000000Z-000041.ckpt.broken"))
        let again = CheckpointStore(directory: dir.string, keep: 5)  // a new process
        XCTAssertEqual(try again.save(Self.valid(2), now: newYear).lastComponent?.string,
                       "learnd-20260101T000000Z-000042.ckpt")
        try put([0], dir.appending("learnd-20250101T000000Z-999999.ckpt"))
        XCTAssertEqual(try again.save(Self.valid(3), now: newYear).lastComponent?.string,
                       "learnd-20260101T000000Z-1000000.ckpt")
        XCTAssertEqual(try again.list().map(\.name.sequence), [1_000_000, 999_999, 42, 1])
    }

    func testRotationKeepsTheNewest() throws {
        let dir = try temporaryDirectory(self)
        let store = CheckpointStore(directory: dir, keep: 3)
        var last: FilePath = ""
        for n in 1...6 { last = try store.save(Self.valid(UInt8(n)), now: newYear + Int64(n)) }
        XCTAssertEqual(try store.list().map(\.name.sequence), [6, 5, 4])
        XCTAssertEqual(try store.list().first?.path, last)
        let one = CheckpointStore(directory: dir, keep: 1)
        let written = try one.save(Self.valid(7), now: newYear)
        XCTAssertEqual(try names(in: dir), [written.lastComponent!.string])
    }

    func testInvalidNewerCheckpointsAreSetAsideAndTheNextOlderLoads() throws {
        let dir = try temporaryDirectory(self)
        let store = CheckpointStore(directory: dir, keep: 5)
        try store.save(Self.valid(1), now: newYear)
        let good = try store.save(Self.valid(2), now: newYear)
        let bad1 = try store.save(Array("XX".utf8), now: newYear)
        let bad2 = try store.save([], now: newYear)
        var broken: [(FilePath, String)] = []
        let found = try store.loadNewestValid(decode: Self.decode) { broken.append(($0, $1)) }
        XCTAssertEqual(found?.path, good)
        XCTAssertEqual(found?.value, Self.valid(2))
        XCTAssertEqual(broken.map(\.0), [bad2, bad1])
        XCTAssertEqual(broken.map(\.1), ["bad magic", "bad magic"])
        XCTAssertEqual(try store.list().map(\.name.sequence), [2, 1])
        XCTAssertTrue(FileManager.default.fileExists(atPath: bad1.string + ".broken"))
        XCTAssertEqual(try store.save(Self.valid(5), now: newYear).lastComponent?.string,
                       "learnd-20260101T000000Z-000005.ckpt")
    }

    func testNothingValidGivesNil() throws {
        let dir = try temporaryDirectory(self)
        let store = CheckpointStore(directory: dir, keep: 5)
        XCTAssertNil(try store.loadNewestValid(decode: Self.decode))
        try store.save([1], now: newYear)
        var count = 0
        XCTAssertNil(try store.loadNewestValid(decode: Self.decode) { _, _ in count += 1 })
        XCTAssertEqual(count, 1)
        XCTAssertEqual(try names(in: dir), ["learnd-20260101T000000Z-000001.ckpt.broken"])
    }

    func testAFileOverTheSizeCapIsInvalid() throws {
        let dir = try temporaryDirectory(self)
        var store = CheckpointStore(directory: dir, keep: 5)
        try store.save(Self.valid(1), now: newYear)
        try store.save(Self.valid(2) + [UInt8](repeating: 0, count: 100), now: newYear)
        store.maxFileBytes = 50
        var reasons: [String] = []
        XCTAssertEqual(try store.loadNewestValid(decode: Self.decode) { reasons.append($1) }?.value, Self.valid(1))
        XCTAssertTrue(reasons.first?.hasSuffix("larger than the limit of 50 bytes") == true, "\(reasons)")
    }

    /// A writer that died mid-write leaves `.learnd-….tmp`: never loaded or listed, removed by the next save.
    func testStaleTemporaryFilesAreIgnoredThenCleaned() throws {
        let dir = try temporaryDirectory(self)
        let store = CheckpointStore(directory: dir, keep: 5)
        let good = try store.save(Self.valid(1), now: newYear)
        let stale = ".learnd-20260101T000000Z-000002.ckpt.4242.tmp"
        try put(Self.valid(9), dir.appending(stale))
        XCTAssertEqual(try store.list().map(\.path), [good])
        XCTAssertEqual(try store.loadNewestValid(decode: Self.decode)?.path, good)
        try store.save(Self.valid(2), now: newYear)
        XCTAssertFalse(try names(in: dir).contains(stale))
    }

    /// A save that fails leaves the previous checkpoint as it was. Run as root, so the failure is forced by a
    /// directory where the new file's temporary file must go.
    func testAFailedSaveLeavesThePreviousCheckpointIntact() throws {
        let dir = try temporaryDirectory(self)
        let store = CheckpointStore(directory: dir, keep: 1)
        let first = try store.save(Self.valid(1), now: newYear)
        let next = dir.appending("learnd-20260101T000001Z-000002.ckpt")
        try FileManager.default.createDirectory(atPath: DurableFile.temporaryPath(for: next).string,
                                                withIntermediateDirectories: false)
        XCTAssertThrowsError(try store.save(Self.valid(2), now: newYear + 1)) { error in
            XCTAssertEqual((error as! StorageError).step, .create)
            XCTAssertTrue("\(error)".hasSuffix(".tmp': Is a directory"), "\(error)")
        }
        XCTAssertEqual(try store.list().map(\.path), [first])
        XCTAssertEqual(try contents(first), Self.valid(1))
        XCTAssertEqual(try store.loadNewestValid(decode: Self.decode)?.path, first)
    }

    func testAStoreUnderARegularFileFailsToList() throws {
        let dir = try temporaryDirectory(self)
        try put([1], dir.appending("file"))
        let store = CheckpointStore(directory: dir.appending("file"), keep: 2)
        XCTAssertThrowsError(try store.save(Self.valid(1), now: newYear)) { error in
            XCTAssertEqual("\(error)", "Failed to list directory '\(dir.appending("file"))': Not a directory")
        }
        XCTAssertThrowsError(try store.loadNewestValid(decode: Self.decode))
    }
}
