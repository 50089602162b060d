import LearnCore
import Protocol
import Wire
import XCTest

/// The `learnd stream` report and the `learnctl inspect` summary round-trip through their one
/// encoder and one decoder, keep today's key names, and share the drift object with `status`.
final class ReportRoundTripTests: XCTestCase {
    static func drift() -> DriftFigures { DriftFigures(detector: "adwin", detections: 2, last: [100, 250]) }

    static func stream(regress: Bool) -> StreamReport {
        var r = StreamReport()
        r.total = 1205
        r.counts = RecordCounts(learned: 1190, predicted: 10, rejected: 5, rejectedByKind: ["parse": 4, "width": 1])
        r.task = regress ? "regress" : "classify"
        r.score = regress ? .regress(rmse: 0.41, recentRMSE: 0.39)
            : .classify(accuracy: 0.9, recentAccuracy: 0.95, classes: ["x", "y", "z"])
        r.loss = 0.25
        r.shape = [4, 128, 3]
        r.kernel = "avx2-fma"
        r.sparsity = 0.5
        r.sparsityPerLayer = [0.4, 0.6]
        (r.replaySize, r.replayCapacity) = (1000, 1000)
        r.drift = drift()
        r.consolidations = 3
        (r.seconds, r.recordsPerSecond) = (0.5, 2410)
        var e = StreamReport.Evaluation()
        (e.afterRecords, e.afterFile, e.file) = (600, regress ? nil : "a.csv", "e.csv")
        e.score = regress ? .regress(rmse: 0.5) : .classify(accuracy: 0.75, perClass: ["x": 1, "y": 0.5])
        r.evaluations = [e, e]
        var s = StreamReport.Stage()
        (s.file, s.learned, s.score, s.newClasses) = ("a.csv", 600, regress ? nil : 0.875, regress ? [] : ["x", "y"])
        r.stages = [s]
        if !regress {
            var c = StreamReport.Continual()
            (c.file, c.tasks, c.accuracyMatrix) = ("e.csv", [["x", "y"], ["z"]], [[0.9, 0], [0.5, 1.0 / 3]])
            (c.averageAccuracy, c.backwardTransfer, c.averageForgetting) = (0.7, -0.4, 0.4)
            r.continual = [c]
            var l = LabelsFigures()
            (l.pending, l.capacity, l.matched, l.delayedScore, l.delayMedian, l.delayP99) = (5, 4096, 600, 0.8, 0.1, 2)
            r.labels = l
        }
        r.tuning.mode = "auto"
        r.tuning.learningRates = [0.05, 0.1]
        return r
    }

    static func summary(regress: Bool) -> CheckpointSummary {
        var s = CheckpointSummary()
        s.file = "/var/lib/learnd/a.ckpt"
        (s.formatVersion, s.fileBytes, s.containerBytes) = (9, 47_497, 120_000)
        (s.createdUnixSeconds, s.created, s.learndVersion) = (1_796_409_812, "2026-12-04T18:43:32Z", "0.1.0")
        s.model.widths = [4, 128, regress ? 1 : 4]
        s.model.task = regress ? "regress" : "classify"
        (s.model.activation, s.model.optimizer, s.model.learningRate) = ("relu", "sgd", Double(Float(0.05)))
        (s.model.parameters, s.model.optimizerSteps) = (1156, 1200)
        s.records = RecordCounts(learned: 1200, predicted: 0, rejected: 2, rejectedByKind: ["non-finite": 2])
        (s.labels, s.labelCapacity) = (regress ? [] : ["y", "x"], regress ? 1 : 4)
        (s.sparsity, s.sparsityPerLayer, s.pruned) = (0.25, [0.2, 0.3], true)
        (s.replay.count, s.replay.capacity, s.replay.seen, s.replay.policy) = (1000, 1000, 1200, "reservoir")
        s.replay.classHistogram = regress ? [] : [NamedCount("y", 600), NamedCount("x", 400)]   // slot order, not sorted
        (s.metrics.count, s.metrics.window, s.metrics.meanLoss) = (1200, 500, 0.3)
        s.metrics.score = regress ? .regress(rmse: 0.4, recentRMSE: 0.35)
            : .classify(accuracy: 0.9, recentAccuracy: 0.92, perClass: [
                .init(name: "y", seen: 700, correct: 650, accuracy: 650.0 / 700), .init(name: "x", seen: 500, correct: 430, accuracy: 0.86),
            ])
        s.drift = drift()
        (s.protection.kind, s.protection.consolidations) = ("ewc", 2)
        if !regress {
            var h = CheckpointSummary.History()
            (h.periodSeconds, h.samples, h.checkpoints, h.firstUnixSeconds, h.lastUnixSeconds) = (2, 300, 4, 1_796_409_000, 1_796_409_600)
            s.history = h
        }
        s.sections = [NamedCount("CONF", 1110), NamedCount("NETW", 2589)]
        s.configText = "[model]\nhidden = [128]\n"
        return s
    }

    static func parse(_ json: JSON) throws -> JSON { try JSON.parse(Array(json.serialized().utf8)[...]) }

    func testStreamReportRoundTrips() throws {
        for regress in [false, true] {
            let report = Self.stream(regress: regress)
            XCTAssertEqual(try StreamReport(json: try Self.parse(report.json)), report, report.json.serialized())
        }
    }

    func testCheckpointSummaryRoundTrips() throws {
        for regress in [false, true] {
            let summary = Self.summary(regress: regress)
            XCTAssertEqual(try CheckpointSummary(json: try Self.parse(summary.json)), summary, summary.json.serialized())
        }
    }

    /// The keys scripts use, in today's order (docs/status-keys.md; renamed keys need a changelog line).
    func testKeysAreToday() {
        func keys(_ j: JSON) -> [String] { j.objectValue?.map(\.0) ?? [] }
        XCTAssertEqual(keys(Self.stream(regress: false).json), [
            "records", "learned", "predicted", "rejected", "rejected_by_kind", "task", "prequential_accuracy",
            "recent_accuracy", "classes", "prequential_loss", "shape", "kernel", "sparsity", "sparsity_per_layer",
            "replay", "drift", "consolidations", "seconds", "records_per_second", "evaluations", "stages", "continual",
            "labels", "tuning",
        ])
        XCTAssertEqual(keys(Self.summary(regress: false).json), [
            "file", "valid", "format_version", "file_bytes", "container_bytes", "created_unix_seconds", "created",
            "learnd_version", "model", "records", "labels", "label_capacity", "sparsity", "sparsity_per_layer", "pruned",
            "replay", "metrics", "drift", "protection", "history", "sections", "config_text",
        ])
        XCTAssertEqual(keys(Self.summary(regress: true).json["metrics"]!),
                       ["count", "window", "mean_loss", "prequential_rmse", "recent_rmse"])
        XCTAssertEqual(keys(Self.summary(regress: false).json["replay"]!["class_histogram"]!), ["y", "x"])
    }

    /// One name per fact: the drift object and the rejection counts are spelled the same in all three reports.
    func testSharedFactsHaveOneName() {
        var status = StatusReportTests.sample(regress: false)
        status.drift = Self.drift()
        let stream = Self.stream(regress: false).json, inspect = Self.summary(regress: false).json
        XCTAssertEqual(status.json["drift"], stream["drift"])
        XCTAssertEqual(stream["drift"], inspect["drift"])
        XCTAssertEqual(stream["rejected_by_kind"], .object([("parse", 4), ("width", 1)]))
        XCTAssertNotNil(inspect["records"]?["rejected_by_kind"])
        XCTAssertNotNil(status.json["records"]?["rejected_by_kind"])
        XCTAssertEqual(status.json["tuning"]?.objectValue?.map(\.0), stream["tuning"]?.objectValue?.map(\.0))
    }

    func testMissingOrOddValuesNameTheKey() throws {
        let text = Self.stream(regress: false).json.serialized()
            .replacingOccurrences(of: #""file":"e.csv","accuracy":0.75"#, with: #""accuracy":0.75"#)
        XCTAssertThrowsError(try StreamReport(json: try JSON.parse(Array(text.utf8)[...]))) {
            XCTAssertEqual("\($0)", "stream report key evaluations.0.file: missing")
        }
        let odd = Self.summary(regress: false).json.serialized().replacingOccurrences(of: #""pruned":true"#, with: #""pruned":1"#)
        XCTAssertThrowsError(try CheckpointSummary(json: try JSON.parse(Array(odd.utf8)[...]))) {
            XCTAssertEqual("\($0)", "inspect key pruned: not a boolean")
        }
    }
}

/// A learner's rejection carries the wire kind of the same name, so a counter the learner keeps
/// (and a checkpoint stores) reads as that kind in status, the stream report and inspect.
final class LearnerRejectionKindTests: XCTestCase {
    func testEveryLearnerRejectionIsTheWireKindOfTheSameName() {
        for kind in LearnerRejection.allCases { XCTAssertEqual(RejectionKind(kind).rawValue, kind.rawValue) }
        XCTAssertEqual(Set(LearnerRejection.allCases.map(RejectionKind.init)), [.nonFinite, .classCapacity, .unknownId, .duplicateId])
    }
}
