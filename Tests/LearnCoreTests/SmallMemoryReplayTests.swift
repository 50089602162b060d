import XCTest
@testable import LearnCore

/// `LearnerConfig.resolvingSmallMemory`: with tuning "auto" a classifier's small memory (fewer than 50
/// records per output slot) replays class-balanced, with stored outputs and ER-ACE where those are off;
/// a larger memory, regression, and every setting with tuning "off" stay as configured.
final class SmallMemoryReplayTests: XCTestCase {
    func config(capacity: Int, outputs: Int = 10, tuning: TuningMode = .auto) -> LearnerConfig {
        var c = LearnerConfig(inputs: 64)
        c.outputs = outputs
        c.replayCapacity = capacity
        c.tuning = tuning
        return c
    }

    func testASmallMemoryWithTuningGetsTheRemedy() {
        let c = config(capacity: 200).resolvingSmallMemory
        XCTAssertEqual(c.replayPolicy, .classBalanced)
        XCTAssertEqual(c.replayLogitWeight, 0.1)
        XCTAssertEqual(c.aceWindow, 20)
        XCTAssertEqual(config(capacity: 499).resolvingSmallMemory.replayPolicy, .classBalanced, "49.9 per slot")
    }

    func testEverythingElseStaysAsConfigured() {
        for c in [config(capacity: 500), config(capacity: 1000), config(capacity: 200, tuning: .off),
                  config(capacity: 0), config(capacity: 200, outputs: 2).with { $0.task = .regress }] {
            XCTAssertEqual(c.resolvingSmallMemory, c, "\(c.replayCapacity) \(c.tuning) \(c.task)")
        }
    }

    /// A setting given keeps its value, and the others still take theirs: the policy (a model
    /// setting) does not depend on the live weight and window.
    func testEachSettingIsDecidedOnItsOwn() {
        let c = config(capacity: 200).with { $0.replayLogitWeight = 0.5; $0.aceWindow = 5 }.resolvingSmallMemory
        XCTAssertEqual(c.replayPolicy, .classBalanced)
        XCTAssertEqual(c.replayLogitWeight, 0.5)
        XCTAssertEqual(c.aceWindow, 5)
    }
}

private extension LearnerConfig {
    func with(_ change: (inout LearnerConfig) -> Void) -> LearnerConfig {
        var c = self
        change(&c)
        return c
    }
}
