import Foundation
import Protocol
import Wire
import XCTest

/// The contract documents in docs/ say what the code does: the generated ones equal what the
/// code's tables render (`LEARND_WRITE_DOCS=1` rewrites them), the written ones name every
/// command and rejection kind the code knows.
final class ContractDocsTests: XCTestCase {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    /// Compares docs/NAME with `generated`, or writes it when LEARND_WRITE_DOCS=1.
    static func check(_ name: String, _ generated: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = docs.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LEARND_WRITE_DOCS"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(onDisk, generated, "docs/\(name) is stale: run LEARND_WRITE_DOCS=1 swift test --filter ContractDocsTests",
                       file: file, line: line)
    }

    func testStatusKeysDocIsGenerated() throws {
        try Self.check("status-keys.md", StatusKeys.markdown())
        let keys = StatusKeys.table.map(\.keys).joined()
        for name in [ReportKey.rejectedByKind, "drift.\(ReportKey.driftDetections)", "drift.\(ReportKey.driftLast)"] {
            XCTAssertTrue(keys.contains(name), name)
        }
    }

    func testWrittenDocsNameEveryCommandAndKind() throws {
        let control = try String(contentsOf: Self.docs.appendingPathComponent("control-protocol.md"), encoding: .utf8)
        for command in ControlCommand.documented { XCTAssertTrue(control.contains("### `\(command.rawValue)`"), command.rawValue) }
        let records = try String(contentsOf: Self.docs.appendingPathComponent("records-and-replies.md"), encoding: .utf8)
        for kind in RejectionKind.allCases { XCTAssertTrue(records.contains("| `\(kind.rawValue)` |"), kind.rawValue) }
    }
}
