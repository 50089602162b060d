import Foundation
import LearnCore
import Protocol
import Wire
import XCTest

/// The control protocol round-trips: what learnctl encodes learnd decodes to the same request,
/// what learnd encodes learnctl decodes to the same response; bad requests get the documented
/// one-line errors.
final class ControlProtocolTests: XCTestCase {
    static let requests: [ControlRequest] = [
        .status, .config, .checkpoint, .reload, .predict([0.5, -2, 1e-3]), .restore(path: "/var/lib/learnd/a.ckpt", adopt: false),
        .restore(path: "/tmp/b c.ckpt", adopt: true), .fault(stall: true, slowMilliseconds: nil), .fault(stall: nil, slowMilliseconds: 7),
        .weights, .setWeights(dense), .setWeights(sparse),
    ]

    /// widths [2, 1, 2]: layer 0 weight 2 + bias 1, layer 1 weight 2 + bias 2; values that are not
    /// exact in decimal (1/3, 1e-30, -0) and statistics in float64.
    static let dense = ModelWeights(widths: [2, 1, 2], parameters: [1.0 / 3, -0.0, 1e-30, 4, -5, 6, 7],
                                    normalizer: Normalizer(count: 3, mean: [0.1, -1.0 / 3], m2: [2, 0]))
    static let sparse = ModelWeights(widths: [2, 1, 2], parameters: [0, 2, 3, 0, 5, 6, 7], masks: [0, 1, 1, 0, 1, 1, 1],
                                     targetNormalizer: Normalizer(count: 1, mean: [1, 2], m2: [0, 0]))

    func testRequestsRoundTrip() throws {
        for request in Self.requests {
            let line = Array(request.json.serialized().utf8)
            XCTAssertEqual(try ControlRequest(decoding: line[...]), request)
        }
        XCTAssertEqual(ControlRequest.status.json.serialized(), #"{"cmd":"status"}"#)
        XCTAssertEqual(ControlRequest.restore(path: "/x", adopt: false).json.serialized(), #"{"cmd":"restore","path":"/x"}"#)
    }

    func testBadRequestsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("[1]", #"expected a JSON object like {"cmd": "status"}"#),
            ("{", #"expected a JSON object like {"cmd": "status"}"#),
            (#"{"x": 1}"#, #"missing "cmd""#),
            (#"{"cmd": "stats"}"#, #"unknown command "stats" (status, predict, checkpoint, restore, reload, config, weights, set_weights, metrics)"#),
            (#"{"cmd": "predict"}"#, #"predict needs "x": [numbers]"#),
            (#"{"cmd": "predict", "x": [1, "a"]}"#, #""x" must hold finite numbers"#),
            (#"{"cmd": "predict", "x": [1e300]}"#, #""x" must hold finite numbers"#),
            (#"{"cmd": "restore"}"#, #"restore needs "path""#),
            (#"{"cmd": "set_weights"}"#, #"set_weights needs "widths""#),
            (#"{"cmd": "set_weights", "widths": [2, 1], "layers": []}"#, #""layers" must hold 1 layers for widths [2, 1]"#),
            (#"{"cmd": "set_weights", "widths": [1, 1], "layers": [{"weight": "AAAAQA==", "bias": "AAAAQA", "mask": "AACAPw=="}]}"#,
             "layer 0 bias must be base64 of 1 little-endian float32 values"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try ControlRequest(decoding: Array(text.utf8)[...]), text) { error in
                XCTAssertEqual((error as? ControlRequestError)?.description, message, text)
            }
        }
    }

    func testResponsesRoundTrip() {
        let responses: [(ControlResponse, ControlCommand)] = [
            (.failure("refused /x: not a checkpoint"), .restore), (.done, .fault),
            (.config(text: "[model]\n", ingestSocket: "/run/i", controlSocket: "/run/c", stateDirectory: "/var"), .config),
            (.label("cat", confidence: 0.93), .predict), (.label(nil, confidence: 0), .predict), (.values([1.5, -2]), .predict),
            (.checkpointWritten(path: "/var/a.ckpt", bytes: 1234, milliseconds: 2.5), .checkpoint),
            (.restored(path: "/var/a.ckpt", learned: 99), .restore), (.reloaded(changed: ["train.learning_rate"]), .reload),
            (.weights(Self.sparse, WeightsInfo(task: "classify", classes: ["a", "b"], learned: 5, sparsity: 0.5, milliseconds: 0.02)),
             .weights),
            (.weightsLoaded(changed: 7, WeightsInfo(task: "regress", classes: [], learned: 1, sparsity: 0, milliseconds: 1)), .setWeights),
        ]
        for (response, command) in responses {
            let text = response.json.serialized()
            XCTAssertEqual(ControlResponse(json: try! JSON.parse(Array(text.utf8)[...]), to: command), response, text)
        }
        XCTAssertEqual(ControlResponse.failure("no").json.serialized(), #"{"ok":false,"error":"no"}"#)
    }

    func testOddRepliesBecomeFailuresNotTraps() {
        XCTAssertTrue(ControlResponse(json: .array([]), to: .status).isFailure)
        XCTAssertTrue(ControlResponse(json: .object([("ok", true)]), to: .restore).isFailure)
        XCTAssertEqual(ControlResponse(json: .object([("ok", true), ("path", .string("p")), ("learned", .number(1e300))]), to: .restore),
                       .restored(path: "p", learned: 0))
    }
}

/// The status report round-trips, and every key it sends is documented in docs/status-keys.md
/// (whose table is `StatusKeys.table`).
final class StatusReportTests: XCTestCase {
    static func sample(regress: Bool) -> StatusReport {
        var r = StatusReport()
        r.version = "0.1.0"
        r.uptimeSeconds = 12.5
        r.rssBytes = regress ? nil : 15_000_000
        r.shape = [64, 128, 10]
        r.task = regress ? "regress" : "classify"
        r.records.read = 300
        r.records.learned = 290
        r.records.predicted = 4
        r.records.rejected = 6
        r.records.rejectedByKind = ["parse": 5, "width": 1]
        r.recordsPerSecond = 1234.5
        r.learningRate = 0.05
        r.score = regress ? .regress(rmse: 0.3, recentRMSE: 0.2) : .classify(accuracy: 0.9, recentAccuracy: 0.95, classes: ["a", "b"])
        r.loss = 0.4
        r.replaySize = 290
        r.replayCapacity = 1000
        r.replayClasses = regress ? [:] : ["a": 140, "b": 150]
        r.sparsity = 0.25
        r.sparsityPerLayer = [0.2, 0.3]
        r.drift.detector = "adwin"
        r.drift.detections = 2
        r.drift.last = [100, 250]
        r.checkpoint.lastPath = regress ? nil : "/var/lib/learnd/x.ckpt"
        r.checkpoint.ageSeconds = regress ? nil : 3.5
        r.checkpoint.bytes = 4096
        r.checkpoint.written = 1
        r.checkpoint.lastError = regress ? "disk full" : nil
        r.connections.ingest = 2
        r.connections.bufferedBytes = 10
        r.connections.budgetBytes = 16 << 20
        r.repliesDropped = 3
        r.history.capacity = 300
        var early = StatusHistory.Sample(), later = StatusHistory.Sample()
        (early.unixSeconds, early.recordsPerSecond) = (1_796_409_000, 0)   // nothing learned yet: no score
        (later.unixSeconds, later.learned, later.recordsPerSecond, later.driftDetections) = (1_796_409_002, 290, 145.5, 2)
        (later.score, later.recentScore, later.loss, later.sparsity) = (0.9, 0.95, 0.4, 0.25)
        r.history.samples = [early, later]
        r.history.checkpoints = [.init(unixSeconds: 1_796_409_001, learned: 200)]
        return r
    }

    func testRoundTrip() throws {
        for regress in [false, true] {
            let report = Self.sample(regress: regress)
            let text = report.json.serialized()
            XCTAssertEqual(try StatusReport(json: try JSON.parse(Array(text.utf8)[...])), report, text)
            XCTAssertEqual(ControlResponse(json: ControlResponse.status(report).json, to: .status), .status(report))
        }
    }

    func testEveryKeySentIsDocumented() {
        let documented = StatusKeys.table.map(\.keys).joined(separator: " ")
        for regress in [false, true] {
            for path in Self.leafPaths(Self.sample(regress: regress).json, prefix: "") where !path.hasPrefix("history.") {
                XCTAssertTrue(documented.contains("`\(path)`"), "\(path) is not in docs/status-keys.md")
            }
        }
    }

    func testMissingOrOddValuesAreErrorsNotTraps() {
        var json = Self.sample(regress: false).json
        if case .object(var members) = json {
            members.removeAll { $0.0 == "loss" }
            json = .object(members)
        }
        XCTAssertThrowsError(try StatusReport(json: json)) { XCTAssertEqual("\($0)", "status key loss: missing") }
        let huge = try! JSON.parse(Array(Self.sample(regress: false).json.serialized()
            .replacingOccurrences(of: #""replies_dropped":3"#, with: #""replies_dropped":1e300"#).utf8)[...])
        XCTAssertThrowsError(try StatusReport(json: huge)) { XCTAssertEqual("\($0)", "status key replies_dropped: not an integer") }
    }

    /// `a.b.c` paths of the leaves of an object (arrays and objects of counts are leaves).
    static func leafPaths(_ json: JSON, prefix: String) -> [String] {
        guard case .object(let members) = json else { return [prefix] }
        if prefix.hasSuffix("rejected_by_kind") || prefix.hasSuffix("classes") { return [prefix] }
        return members.flatMap { leafPaths($0.1, prefix: prefix.isEmpty ? $0.0 : prefix + "." + $0.0) }
    }
}
