import Foundation
import Storage
import XCTest

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> FilePath {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("storage-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return FilePath(url.path)
}

func names(in directory: FilePath) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.string).sorted()
}

func contents(_ path: FilePath) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path.string)))
}

func put(_ bytes: [UInt8], _ path: FilePath) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path.string))
}

/// 2026-01-01T00:00:00Z.
let newYear: Int64 = 1_767_225_600
