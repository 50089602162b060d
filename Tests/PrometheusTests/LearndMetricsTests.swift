import XCTest
@testable import Prometheus

final class LearndMetricsTests: XCTestCase {
    private func sampleLines(_ metrics: LearndMetrics) -> [String] {
        Exposition.text(metrics.families).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    func testEmptyDaemonHasEveryCounterAtZeroAndNoCheckpointGauges() {
        var m = LearndMetrics()
        m.version = "0.1.0"
        m.kernel = "6.1.0-18-amd64"
        let lines = sampleLines(m)
        for line in ["learnd_records_total{outcome=\"learned\"} 0", "learnd_records_total{outcome=\"rejected\"} 0",
                     "learnd_records_rejected_total{kind=\"parse\"} 0", "learnd_records_rejected_total{kind=\"too-long\"} 0",
                     "learnd_records_rejected_total{kind=\"width\"} 0", "learnd_drift_detections_total 0",
                     "learnd_checkpoints_written_total 0", "learnd_checkpoints_failed_total 0",
                     "learnd_build_info{version=\"0.1.0\",kernel=\"6.1.0-18-amd64\",task=\"classify\"} 1"] {
            XCTAssertTrue(lines.contains(line), "missing \(line)")
        }
        XCTAssertFalse(lines.contains { $0.hasPrefix("learnd_last_checkpoint") })
        XCTAssertFalse(lines.contains { $0.hasPrefix("learnd_resident_memory_bytes") })
    }

    func testValuesReachTheirSamples() {
        var m = LearndMetrics()
        m.learned = 1437
        m.predicted = 12
        m.rejectedByKind = ["width": 3, "parse": 2, "header": 1]
        m.score = .accuracy(all: 0.875, recent: 0.9)
        m.lastCheckpoint = .init(unixSeconds: 1_764_862_000.5, bytes: 153_704)
        m.residentBytes = 15 << 20
        m.openIngest = 8
        m.learningRates = [0.05, 0.1]
        m.tuningResets = 2
        let lines = sampleLines(m)
        for line in ["learnd_records_total{outcome=\"learned\"} 1437", "learnd_records_total{outcome=\"predicted\"} 12",
                     "learnd_records_total{outcome=\"rejected\"} 6", "learnd_records_rejected_total{kind=\"header\"} 1",
                     "learnd_records_rejected_total{kind=\"width\"} 3", "learnd_accuracy_ratio{window=\"all\"} 0.875",
                     "learnd_accuracy_ratio{window=\"recent\"} 0.9", "learnd_last_checkpoint_timestamp_seconds 1764862000.5",
                     "learnd_last_checkpoint_size_bytes 153704", "learnd_resident_memory_bytes 15728640",
                     "learnd_connections_open{socket=\"ingest\"} 8", "learnd_learning_rate{member=\"0\"} 0.05",
                     "learnd_learning_rate{member=\"1\"} 0.1", "learnd_tuning_resets_total 2"] {
            XCTAssertTrue(lines.contains(line), "missing \(line)")
        }
        XCTAssertFalse(lines.contains { $0.hasPrefix("learnd_rmse") })
    }

    func testRegressionExposesRMSEInsteadOfAccuracy() {
        var m = LearndMetrics()
        m.task = "regress"
        m.score = .rmse(all: 2.5, recent: 1.25)
        let lines = sampleLines(m)
        XCTAssertTrue(lines.contains("learnd_rmse{window=\"recent\"} 1.25"))
        XCTAssertFalse(lines.contains { $0.hasPrefix("learnd_accuracy_ratio") })
    }

    /// Each family once, each with HELP and TYPE, names by the conventions (counters `_total`, units as suffixes).
    func testEveryFamilyIsDescribedOnce() {
        var m = LearndMetrics()
        m.lastCheckpoint = .init(unixSeconds: 1, bytes: 2)
        m.residentBytes = 3
        let text = Exposition.text(m.families)
        let names = m.families.map(\.sampleName)
        XCTAssertEqual(Set(names).count, names.count)
        for name in names {
            XCTAssertEqual(text.components(separatedBy: "# TYPE \(name) ").count, 2, name)
            XCTAssertEqual(text.components(separatedBy: "# HELP \(name) ").count, 2, name)
            XCTAssertTrue(name.hasPrefix("learnd_"), name)
        }
        for family in m.families where family.kind == .counter { XCTAssertTrue(family.sampleName.hasSuffix("_total")) }
        XCTAssertEqual(names.count, 27)
    }
}
