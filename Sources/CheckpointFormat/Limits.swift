/// Sanity bounds a v1 reader holds every value to, so that a restored learner never traps or allocates
/// without bound. They match the configuration's own ranges (Sources/Config) where it has one.
enum Limits {
    /// Input width (`model.inputs`).
    static let inputs = 1 << 20
    /// Hidden and output widths (`model.hidden`, `model.outputs`).
    static let width = 1 << 16
    /// Hidden layers.
    static let hiddenLayers = 256
    /// Records replayed per step (`train.replay_k`): the learner's workspace grows with it.
    static let replayK = 1024
    /// Reservoir capacity (`replay.capacity`).
    static let replayCapacity = 1 << 24
    /// ER-ACE's recent-class window (`train.ace_window`).
    static let aceWindow = 1 << 20
    /// Recent-metrics window (`metrics.recent_window`).
    static let window = 1 << 20
    /// Any record count or step number: 2^53, exact as a float64 (JSON) and far from overflow.
    static let count = 1 << 53
    /// Class names and rejection kinds, in UTF-8 bytes (Wire's `RecordParser.maxLabelBytes`).
    static let nameBytes = 64
    /// Distinct rejection kinds.
    static let rejectionKinds = 1024
    /// The TOML text, in bytes.
    static let configText = 1 << 20
    /// ADWIN histogram levels (level i holds buckets of 2^i values).
    static let adwinLevels = 48
    /// ADWIN buckets per level (River's default is 5).
    static let adwinBuckets = 1024
    /// The learnd version string, in bytes.
    static let version = 1024
    /// History samples, and checkpoint marks, in section `HIST` (each; learnd keeps 300 samples).
    static let historyEntries = 1 << 16
}
