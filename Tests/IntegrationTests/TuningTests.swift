import Foundation
import XCTest

/// Issue 14 on the real binary: learnd at its defaults (`train.tuning = "auto"`, nothing set but the
/// outputs/task) on the digits and water-flow streams, scale invariance, the tuner's state in the
/// report and the checkpoint. One seed each to stay fast; Tools/cl-eval prints the 5-seed figures.
final class TuningTests: XCTestCase {
    static let regress = ["--set", "model.task=regress", "--set", "model.outputs=1"]
    static let quiet = ["--quiet", "--report", "json"]

    private func stream(_ arguments: [String]) throws -> [String: Any] {
        let result = try Harness.run(["stream"] + arguments + Self.quiet)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(result.json, "report is JSON: \(result.stdout.prefix(300))")
    }

    /// The water-flow fixture split in two halves, each value of the features × `features` and of
    /// the target × `target` (the target is the first column).
    private func halves(_ dir: URL, features: Double = 1, target: Double = 1) throws -> [String] {
        let lines = try String(contentsOfFile: Harness.fixture("waterflow_regress.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let rows = lines.dropFirst().map { line in
            line.split(separator: ",").enumerated()
                .map { i, v in String(Double(v)! * (i == 0 ? target : features)) }.joined(separator: ",")
        }
        let half = rows.count / 2
        return try [rows[..<half], rows[half...]].enumerated().map { i, part in
            let path = dir.appendingPathComponent("half\(i + 1)-\(features)-\(target).csv").path
            let text = ([String(lines[0])] + part).joined(separator: "\n") + "\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    private func secondHalfRMSE(_ report: [String: Any]) throws -> Double {
        let stages = try XCTUnwrap(report["stages"] as? [[String: Any]])
        return try XCTUnwrap(stages.last?["prequential_rmse"] as? Double)
    }

    func testDigitsAtTheDefaultsReachTheHandTunedAccuracyAndPruningCostsUnderAPoint() throws {
        let dir = try Harness.tempDir(self)
        let tasks = try Harness.digitsTasks(in: dir)
            + ["--eval", Harness.fixture("digits_ci_test.csv"), "--set", "model.outputs=10"]
        let dense = try stream(tasks)
        let tuning = try XCTUnwrap(dense["tuning"] as? [String: Any])
        XCTAssertEqual(tuning["mode"] as? String, "auto")
        XCTAssertEqual((tuning["learning_rates"] as? [Double])?.count, 2)
        let accuracy = try XCTUnwrap((dense["evaluations"] as? [[String: Any]])?.last?["accuracy"] as? Double)
        XCTAssertGreaterThanOrEqual(accuracy, 0.965)
        let continual = try XCTUnwrap((dense["continual"] as? [[String: Any]])?.first)
        let forgetting = try XCTUnwrap(continual["average_forgetting"] as? Double)
        XCTAssertLessThanOrEqual(forgetting, 0.02)
        let pruned = try stream(tasks + ["--set", "prune.target_sparsity=0.8"])
        let prunedAccuracy = try XCTUnwrap((pruned["evaluations"] as? [[String: Any]])?.last?["accuracy"] as? Double)
        XCTAssertLessThanOrEqual(accuracy - prunedAccuracy, 0.01)
    }

    /// No record rejected, better than persistence (2.618) on the second half, and the same RMSE
    /// in its own units within 2 % with features and target × 1000 and with features × 0.001.
    func testWaterflowAtTheDefaultsBeatsPersistenceAndIsScaleInvariant() throws {
        let dir = try Harness.tempDir(self)
        let base = try stream(try halves(dir) + Self.regress)
        XCTAssertEqual(base["rejected"] as? Int, 0)
        let rmse = try secondHalfRMSE(base)
        XCTAssertLessThan(rmse, 2.618)
        let large = try secondHalfRMSE(try stream(try halves(dir, features: 1000, target: 1000) + Self.regress)) / 1000
        XCTAssertEqual(large, rmse, accuracy: 0.02 * rmse)
        let small = try secondHalfRMSE(try stream(try halves(dir, features: 0.001) + Self.regress))
        XCTAssertEqual(small, rmse, accuracy: 0.02 * rmse)
    }

    /// A checkpoint after the first half, restored for the second, continues exactly (the tuner's
    /// state included); a checkpoint without tuner state (tuning off) restores into a population.
    func testTunerStateInTheCheckpointContinuesExactlyAndOldCheckpointsRestore() throws {
        let dir = try Harness.tempDir(self)
        let parts = try halves(dir)
        let whole = try stream(parts + Self.regress)
        let ckpt = dir.appendingPathComponent("a.ckpt").path
        _ = try stream([parts[0]] + Self.regress + ["--checkpoint-out", ckpt])
        let resumed = try stream([parts[1]] + Self.regress + ["--restore", ckpt])
        XCTAssertEqual(resumed["prequential_rmse"] as? Double, whole["prequential_rmse"] as? Double)
        let a = try XCTUnwrap(whole["tuning"] as? [String: Any]), b = try XCTUnwrap(resumed["tuning"] as? [String: Any])
        XCTAssertEqual(a["learning_rates"] as? [Double], b["learning_rates"] as? [Double])
        XCTAssertEqual(a["leader"] as? Int, b["leader"] as? Int)
        let off = dir.appendingPathComponent("off.ckpt").path
        _ = try stream([parts[0]] + Self.regress + ["--set", "train.tuning=off", "--checkpoint-out", off])
        let adopted = try stream([parts[1]] + Self.regress + ["--restore", off])
        XCTAssertEqual(((adopted["tuning"] as? [String: Any])?["learning_rates"] as? [Double])?.count, 2)
        XCTAssertEqual(adopted["learned"] as? Int, 622)
    }
}
