import XCTest
@testable import Config

final class ConfigRenderingTests: XCTestCase {
    /// A non-default value for every key (keys with a single allowed value excepted), and the
    /// key the reload check names first when only that override differs.
    private static let changes: [(override: String, firstKey: String)] = [
        ("shutdown_timeout=2.5", "shutdown_timeout"),
        ("model.inputs=3", "model.inputs"), ("model.hidden=[64,32]", "model.hidden"), ("model.outputs=4", "model.outputs"),
        ("model.task=regress", "model.task"), ("model.activation=tanh", "model.activation"), ("model.seed=42", "model.seed"),
        ("model.feature_names=[\"a\",\"b\",\"c\"]", "model.inputs"),  // names also fix inputs, listed first
        ("model.classes=[\"a\",\"b\"]", "model.classes"),
        ("model.max_memory=1000000000", "model.max_memory"),
        ("train.optimizer=adam", "train.optimizer"), ("train.learning_rate=0.01", "train.learning_rate"),
        ("train.tuning=off", "train.tuning"),
        ("train.momentum=0.9", "train.momentum"), ("train.replay_k=4", "train.replay_k"),
        ("train.clip_norm=1", "train.clip_norm"), ("train.adam_beta1=0.8", "train.adam_beta1"),
        ("train.adam_beta2=0.99", "train.adam_beta2"), ("train.adam_epsilon=1e-6", "train.adam_epsilon"),
        ("train.protect=si", "train.protect"), ("train.normalize_targets=false", "train.normalize_targets"),
        ("train.ace_window=20", "train.ace_window"), ("replay.logit_weight=0.2", "replay.logit_weight"),
        ("replay.capacity=10", "replay.capacity"), ("replay.policy=class-balanced", "replay.policy"),
        ("prune.target_sparsity=0.5", "prune.target_sparsity"), ("prune.start=10", "prune.start"),
        ("prune.end=20", "prune.end"), ("prune.every=5", "prune.every"),
        ("protect.strength=2", "protect.strength"), ("protect.min_interval=100", "protect.min_interval"),
        ("drift.detector=page-hinkley", "drift.detector"), ("drift.action=boost-lr", "drift.action"),
        ("drift.boost_factor=2", "drift.boost_factor"), ("drift.boost_records=100", "drift.boost_records"),
        ("drift.replay_keep=0.5", "drift.replay_keep"),
        ("checkpoint.every_seconds=30", "checkpoint.every_seconds"), ("checkpoint.every_records=100", "checkpoint.every_records"),
        ("checkpoint.keep=2", "checkpoint.keep"),
        ("ingest.socket=/tmp/i.sock", "ingest.socket"), ("ingest.format=csv", "ingest.format"),
        ("ingest.max_record_bytes=1024", "ingest.max_record_bytes"), ("ingest.queue=16", "ingest.queue"),
        ("ingest.max_buffered_bytes=1048576", "ingest.max_buffered_bytes"),
        ("control.socket=/tmp/c.sock", "control.socket"), ("control.mode=0660", "control.mode"),
        ("control.group=wheel", "control.group"), ("control.allow_uids=[1000,1001]", "control.allow_uids"),
        ("metrics.recent_window=100", "metrics.recent_window"), ("metrics.socket=/tmp/m.sock", "metrics.socket"),
        ("labels.pending_capacity=10", "labels.pending_capacity"),
        ("labels.pending_seconds=60", "labels.pending_seconds"),
    ]
    private static let singleValued: Set<String> = ["prune.schedule", "ingest.missing"]
    private static let live: Set<String> = [
        "train.learning_rate", "train.momentum", "train.replay_k", "train.clip_norm", "train.protect",
        "train.ace_window", "replay.logit_weight",
        "prune.target_sparsity", "prune.start", "prune.end", "prune.every", "prune.schedule",
        "protect.strength", "protect.min_interval",
        "drift.detector", "drift.action", "drift.boost_factor", "drift.boost_records", "drift.replay_keep",
        "checkpoint.every_seconds", "checkpoint.every_records", "checkpoint.keep", "model.max_memory",
        "labels.pending_capacity", "labels.pending_seconds",
    ]

    func testTheChangeTableCoversEveryKey() {
        let covered = Set(Self.changes.map { String($0.override.prefix { $0 != "=" }) })
        XCTAssertEqual(covered.union(Self.singleValued), Set(ConfigKey.all.map(\.name)))
        XCTAssertEqual(Set(ConfigKey.all.filter { $0.reload == .live }.map(\.name)), Self.live)
    }

    func testDefaultTextParsesBackToTheDefaultsAndDocumentsEveryKey() throws {
        let text = LearndConfig.defaultConfigText()
        XCTAssertEqual(try LearndConfig.load(tomlText: text), LearndConfig())
        let lines = text.split(separator: "\n").map(String.init)
        for key in ConfigKey.all {
            let (section, short) = ConfigKey.split(key.name)
            let assignment = key.optional ? "# \(short) = " : "\(short) = "
            guard let at = lines.firstIndex(where: { $0.hasPrefix(assignment) && sectionOf(line: $0, in: lines) == section })
            else { XCTFail("\(key.name) missing from the default text"); continue }
            XCTAssertTrue(lines[at - 1].hasPrefix("# \(key.doc)"), key.name)
            XCTAssertEqual(lines[at - 1].hasSuffix("(reloadable)"), Self.live.contains(key.name), key.name)
        }
        XCTAssertTrue(lines.contains("hidden = [128]"))
        XCTAssertTrue(lines.contains("mode = \"0600\""))
        XCTAssertTrue(lines.contains("# socket = \"/run/learnd/ingest.sock\""))
        XCTAssertEqual(lines.filter { $0.hasPrefix("[") }, ["[model]", "[train]", "[replay]", "[prune]", "[protect]", "[drift]",
                                                            "[checkpoint]", "[ingest]", "[control]", "[metrics]",
                                                            "[labels]"])
    }

    /// The section header above `line`, or "" before the first header.
    private func sectionOf(line: String, in lines: [String]) -> String {
        let index = lines.firstIndex(of: line)!
        let header = lines[..<index].last { $0.hasPrefix("[") }
        return header.map { String($0.dropFirst().dropLast()) } ?? ""
    }

    func testEffectiveTextRoundTripsAChangedConfig() throws {
        let overrides = Self.changes.map(\.override).filter { $0 != "model.task=regress" && $0 != "model.inputs=3" }
        let changed = try LearndConfig.load(tomlText: nil, overrides: overrides)
        XCTAssertEqual(changed.model.featureNames, ["a", "b", "c"])
        XCTAssertEqual(changed.control.group, "wheel")
        let text = changed.effectiveText()
        XCTAssertEqual(try LearndConfig.load(tomlText: text), changed)
        XCTAssertTrue(text.contains("[control]\nsocket = \"/tmp/c.sock\"\nmode = \"0660\"\ngroup = \"wheel\"\n"), text)
        XCTAssertFalse(LearndConfig().effectiveText().contains("socket"))
        XCTAssertEqual(try LearndConfig.load(tomlText: LearndConfig().effectiveText()), LearndConfig())
    }

    func testLiveChangesAcceptTuningAndNameTheFirstRefusedKey() throws {
        let old = LearndConfig()
        XCTAssertEqual(try old.liveChanges(to: old).get(), [])
        for (override, firstKey) in Self.changes {
            let new = try LearndConfig.load(tomlText: nil, overrides: [override])
            switch old.liveChanges(to: new) {
            case .success(let keys):
                XCTAssertTrue(Self.live.contains(firstKey), override)
                XCTAssertEqual(keys, [firstKey], override)
            case .failure(let error):
                XCTAssertFalse(Self.live.contains(firstKey), override)
                XCTAssertTrue(error.description.hasPrefix("\(firstKey) cannot change on reload: "), error.description)
            }
        }
        let tuned = try LearndConfig.load(tomlText: nil, overrides: [
            "checkpoint.keep=9", "train.learning_rate=0.01", "drift.detector=page-hinkley", "train.replay_k=4",
        ])
        XCTAssertEqual(try old.liveChanges(to: tuned).get(),
                       ["train.learning_rate", "train.replay_k", "drift.detector", "checkpoint.keep"])
    }

    func testRefusalMessagesSayWhy() throws {
        let old = LearndConfig()
        let reshaped = try LearndConfig.load(tomlText: nil, overrides: ["train.learning_rate=0.01", "model.hidden=[64]"])
        XCTAssertEqual(old.liveChanges(to: reshaped).failure,
                       ConfigError("model.hidden cannot change on reload: it needs a new model; keeping the old configuration"))
        let moved = try LearndConfig.load(tomlText: nil, overrides: ["ingest.queue=8"])
        XCTAssertEqual(old.liveChanges(to: moved).failure,
                       ConfigError("ingest.queue cannot change on reload: it takes effect on restart; keeping the old configuration"))
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
