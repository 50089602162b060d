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
            (#"{"cmd": "stats"}"#, #"unknown command "stats" (status, predict, checkpoint, restore, reload, config, weights, set_weights)"#),
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
