import Foundation
import Storage
import XCTest

final class DurableFileTests: XCTestCase {
    func testWriteReplacesTheFileAndLeavesNoTemporary() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appending("state.bin")
        try DurableFile.write([1, 2, 3], to: path)
        XCTAssertEqual(try contents(path), [1, 2, 3])
        try DurableFile.write(Array(repeating: 7, count: 100_000), to: path)
        XCTAssertEqual(try contents(path), Array(repeating: 7, count: 100_000))
        XCTAssertEqual(try names(in: dir), ["state.bin"])
        let mode = try FileManager.default.attributesOfItem(atPath: path.string)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640)
        XCTAssertEqual(try DurableFile.read(path, maxBytes: 100_000).count, 100_000)
    }

    func testTheTemporaryFileIsHiddenBesideTheTarget() {
        let temporary = DurableFile.temporaryPath(for: "/var/lib/learnd/learnd-20260101T000000Z-000001.ckpt")
        XCTAssertEqual(temporary.removingLastComponent(), "/var/lib/learnd")
        XCTAssertTrue(temporary.lastComponent!.string.hasPrefix(".learnd-20260101T000000Z-000001.ckpt."))
        XCTAssertTrue(temporary.string.hasSuffix(".tmp"))
        XCTAssertEqual(DurableFile.temporaryPath(for: "x").removingLastComponent(), ".")
    }

    /// Run as root, permissions do not stop writes: a path under a regular file does.
    func testAFailedWriteNamesTheStepAndPathAndTouchesNothing() throws {
        let dir = try temporaryDirectory(self)
        try put([9], dir.appending("plain"))
        let target = dir.appending("plain/state.bin")
        XCTAssertThrowsError(try DurableFile.write([1], to: target)) { error in
            let e = error as! StorageError
            XCTAssertEqual(e.step, .create)
            XCTAssertEqual(e.errno, .notDirectory)
            XCTAssertEqual("\(e)", "Failed to create '\(DurableFile.temporaryPath(for: target))': Not a directory")
        }
        XCTAssertEqual(try names(in: dir), ["plain"])
        XCTAssertEqual(try contents(dir.appending("plain")), [9])
    }

    /// A rename that fails (the target is a non-empty directory) removes the temporary file.
    func testAFailedRenameRemovesTheTemporaryFile() throws {
        let dir = try temporaryDirectory(self)
        let target = dir.appending("busy")
        try FileManager.default.createDirectory(atPath: target.string + "/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try DurableFile.write([1], to: target)) { error in
            XCTAssertEqual((error as! StorageError).step, .rename)
            XCTAssertTrue("\(error)".hasPrefix("Failed to rename '"), "\(error)")
            XCTAssertTrue("\(error)".contains("' to '\(target)': "), "\(error)")
        }
        XCTAssertEqual(try names(in: dir), ["busy"])
    }

    func testMessagesReadLikeSystemd() {
        let error = StorageError(.fsync, "/var/lib/learnd/.learnd-x.ckpt.1.tmp", errno: .noSpace)
        XCTAssertEqual("\(error)", "Failed to fsync '/var/lib/learnd/.learnd-x.ckpt.1.tmp': No space left on device")
    }

    func testReadHasASizeCapAndNamesMissingFiles() throws {
        let dir = try temporaryDirectory(self)
        try put(Array(repeating: 1, count: 1000), dir.appending("f"))
        XCTAssertThrowsError(try DurableFile.read(dir.appending("f"), maxBytes: 999)) { error in
            XCTAssertTrue("\(error)".hasSuffix("larger than the limit of 999 bytes"), "\(error)")
        }
        XCTAssertThrowsError(try DurableFile.read(dir.appending("none"), maxBytes: 10)) { error in
            XCTAssertEqual("\(error)", "Failed to open '\(dir.appending("none"))': No such file or directory")
        }
        var chunks = 0
        try DurableFile.forEachChunk(of: dir.appending("f"), chunkBytes: 300) { _ in chunks += 1 }
        XCTAssertEqual(chunks, 4)
    }

    /// Issue 13, cases 3 and 4: only regular files are read for a restore, and never more than the limit.
    func testReadRegularRefusesFIFOsDevicesDirectoriesAndOversizedFilesWithoutReading() throws {
        let dir = try temporaryDirectory(self)
        try put(Array(repeating: 7, count: 1000), dir.appending("f"))
        XCTAssertEqual(try DurableFile.readRegular(dir.appending("f"), maxBytes: 1000), Array(repeating: 7, count: 1000))
        XCTAssertEqual(try DurableFile.readRegular(dir.appending("f"), maxBytes: 5000).count, 1000)
        XCTAssertEqual(mkfifo(dir.appending("fifo").string, 0o600), 0)
        let sparse = dir.appending("sparse")
        try put([], sparse)
        XCTAssertEqual(truncate(sparse.string, 3 << 30), 0)
        let cases: [(FilePath, String)] = [
            (dir.appending("f"), "1000 bytes, larger than the limit of 999 bytes"),
            (dir.appending("fifo"), "not a regular file (FIFO)"), ("/dev/zero", "not a regular file (device)"),
            (dir, "not a regular file (directory)"), (sparse, "3221225472 bytes, larger than the limit of 999 bytes"),
        ]
        for (path, reason) in cases {
            let started = Date()
            XCTAssertThrowsError(try DurableFile.readRegular(path, maxBytes: 999)) { error in
                XCTAssertEqual("\(error)", "Failed to read '\(path)': \(reason)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(started), 0.1, "\(path)")
        }
    }
}
