import Foundation
import XCTest

/// The fixed class map (`model.classes`): classes keep their listed slots from the first record, a
/// checkpoint made with the map restores under it, and one whose slots differ is refused naming both.
final class StreamClassMapTests: XCTestCase {
    private let classes = "model.classes=[\"9\",\"8\",\"7\",\"6\",\"5\",\"4\",\"3\",\"2\",\"1\",\"0\"]"

    func testSlotsFollowTheMapAndRestoreChecksIt() throws {
        let dir = try Harness.tempDir(self)
        let train = Harness.fixture("digits_ci_train.csv"), test = Harness.fixture("digits_ci_test.csv")
        let fixed = dir.appendingPathComponent("fixed.ckpt").path, free = dir.appendingPathComponent("free.ckpt").path
        let mapped = try Harness.run(["stream", train, "--set", "model.outputs=10", "--set", classes, "--checkpoint-out", fixed])
        XCTAssertEqual(mapped.status, 0, mapped.stderr)
        XCTAssertTrue(mapped.stdout.contains("classes      9 8 7 6 5 4 3 2 1 0\n"), mapped.stdout)
        XCTAssertEqual(try Harness.run(["stream", train, "--set", "model.outputs=10", "--checkpoint-out", free, "--quiet"]).status, 0)

        let resumed = try Harness.run(["stream", test, "--set", "model.outputs=10", "--set", classes, "--restore", fixed, "--quiet"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let refused = try Harness.run(["stream", test, "--set", "model.outputs=10", "--set", classes, "--restore", free, "--quiet"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains(#"its class slots ["0", "1", "3", "2""#), refused.stderr)
        XCTAssertTrue(refused.stderr.contains(#"are not model.classes ["9", "8""#), refused.stderr)
    }
}
