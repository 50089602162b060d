// Checkpoint cost for the default model (inputs 64, hidden [128], outputs 16, SGD) with a full 1000-record
// reservoir, trained on the digits stream: encode (container + read-back check + LZ4), durable write
// (temp file, fsync, rename, directory fsync), decode, and file size; dense and at 80 % sparsity.
// Also the learner thread's share of a checkpoint: taking the snapshot is O(1) (copy-on-write
// arrays), and the next step pays for copying what it changes: a step after a snapshot against a
// step alone.
// Usage: bench-checkpoint DIGITS.csv STATE_DIR [RUNS]
import CheckpointFormat
import LearnCore
import Storage

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fatalError("usage: bench-checkpoint DIGITS.csv STATE_DIR [RUNS]") }
let runs = arguments.count > 3 ? Int(arguments[3])! : 20

/// Labelled rows of the digits CSV (header skipped): (label, 64 features).
func readDigits(_ path: String) throws -> [(String, [Float])] {
    let text = String(decoding: try DurableFile.read(FilePath(path), maxBytes: 1 << 26), as: UTF8.self)
    return text.split(separator: "\n").dropFirst().map { line in
        let fields = line.split(separator: ",")
        return (String(fields[0]), fields.dropFirst().map { Float($0)! })
    }
}

func trained(sparsity: Float, optimizer: OptimizerKind, rows: [(String, [Float])]) -> LearnerState {
    var c = LearnerConfig(inputs: 64)
    c.optimizer = optimizer
    if optimizer == .adam { c.learningRate = 0.001 }
    c.pruneTargetSparsity = sparsity
    c.pruneEnd = 1000
    let learner = Learner(config: c)
    for (label, x) in rows { _ = learner.learn(x, target: .label(label)) }
    precondition(learner.reservoir.count == 1000)
    return learner.snapshot()
}

/// Median wall time of `body` over `runs` runs, in milliseconds.
func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<runs {
        let start = clock.now
        try body()
        let d = clock.now - start
        times.append(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15)
    }
    return times.sorted()[times.count / 2]
}

func fixed(_ v: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int((v * scale).rounded())
    let frac = String(n % Int(scale))
    return "\(n / Int(scale))." + String(repeating: "0", count: digits - frac.count) + frac
}

let rows = try readDigits(arguments[1])
let store = CheckpointStore(directory: FilePath(arguments[2]), keep: 3)
let meta = CheckpointMeta(createdUnixSeconds: 1_767_225_600, learndVersion: "bench", configText: "")
print("model 64-128-16, reservoir 1000/1000, \(rows.count) digits records learned; median of \(runs) runs")
print("case                 file bytes  container  ratio  encode ms  write ms  decode ms")
for (name, sparsity, optimizer) in [("sgd dense", Float(0), OptimizerKind.sgd), ("sgd 80 % sparse", 0.8, .sgd),
                                    ("adam dense", 0, .adam), ("adam 80 % sparse", 0.8, .adam)] {
    let state = trained(sparsity: sparsity, optimizer: optimizer, rows: rows)
    var file: [UInt8] = []
    let encode = try median(runs) { file = try Checkpoint.encode(state, meta: meta) }
    let write = try median(runs) { _ = try store.save(file, now: 1_767_225_600) }
    let decode = try median(runs) { _ = try Checkpoint.decode(file) }
    let container = try Checkpoint.container(of: file).count
    print(name + String(repeating: " ", count: 21 - name.count) + [
        String(file.count), String(container), fixed(Double(container) / Double(file.count), 2), fixed(encode, 2),
        fixed(write, 2), fixed(decode, 2),
    ].map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined(separator: " "))
}

/// The learner thread's cost of a checkpoint, in microseconds: the time of one learning step
/// alone and of a snapshot followed by one step, each as (median, 99th percentile) over 1000.
func snapshotCost(sparsity: Float, rows: [(String, [Float])]) -> (plain: [Double], snapped: [Double]) {
    var c = LearnerConfig(inputs: 64)
    c.pruneTargetSparsity = sparsity
    c.pruneEnd = 1000
    let learner = Learner(config: c)
    for (label, x) in rows { _ = learner.learn(x, target: .label(label)) }
    var kept: [LearnerState] = []
    let clock = ContinuousClock()
    func microseconds(_ body: () -> Void) -> Double {
        let start = clock.now
        body()
        let d = clock.now - start
        return Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) * 1e-12
    }
    var plain: [Double] = [], snapped: [Double] = []
    for i in 0..<2000 {
        let (label, x) = rows[(i * 7919) % rows.count]
        if i % 2 == 0 {
            plain.append(microseconds { _ = learner.learn(x, target: .label(label)) })
        } else {
            snapped.append(microseconds {
                kept.append(learner.snapshot())   // kept alive, as the writer keeps it while it encodes
                _ = learner.learn(x, target: .label(label))
            })
            kept.removeAll()
        }
    }
    func stats(_ v: [Double]) -> [Double] { let s = v.sorted(); return [s[s.count / 2], s[s.count * 99 / 100]] }
    return (stats(plain), stats(snapped))
}
print("learner thread: one step alone, and a snapshot then one step (copy-on-write); 1000 of each")
for (name, sparsity) in [("sgd dense", Float(0)), ("sgd 80 % sparse", 0.8)] {
    let (plain, snapped) = snapshotCost(sparsity: sparsity, rows: rows)
    print(name + String(repeating: " ", count: 21 - name.count)
          + "step median \(fixed(plain[0], 1)) µs, p99 \(fixed(plain[1], 1)) µs; "
          + "snapshot + step median \(fixed(snapped[0], 1)) µs, p99 \(fixed(snapped[1], 1)) µs")
}
