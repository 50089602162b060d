/// The keys of the `status` reply with their meaning: the table docs/status-keys.md is generated
/// from (ProtocolTests checks it; `LEARND_WRITE_DOCS=1 swift test --filter ContractDocsTests`
/// rewrites it). A new key is one row here; a renamed key also gets a line in the README's
/// changelog.
public enum StatusKeys {
    public static let table: [(keys: String, meaning: String)] = [
        ("`ok`",
         "`true`"),
        ("`version`",
         "learnd's version"),
        ("`kernel`",
         "the layer kernels in use, chosen at start for this CPU: `avx512`, `avx2-fma`, `sse2` or `portable`"),
        ("`uptime_seconds`",
         "time since `learnd serve` started"),
        ("`rss_bytes`",
         "resident memory (`null` where /proc is not mounted)"),
        ("`model.shape`",
         "layer widths, inputs first (`[64, 128, 10]`); empty until `model.inputs = \"auto\"` is fixed by the "
         + "first record"),
        ("`model.task`",
         "`classify` or `regress`"),
        ("`records.read`",
         "records read from producers since start (every one is then learned, predicted or rejected)"),
        ("`records.learned`, `records.predicted`, `records.rejected`",
         "the learner's counters (restored with a checkpoint, so they may exceed `read`)"),
        ("`records.queued`",
         "read and not yet processed"),
        ("`records.rejected_by_kind`",
         "rejections per kind (`parse`, `width`, `too-long`, `non-finite`, `class-capacity`, `bad-id`, "
         + "`unknown-id`, `duplicate-id`)"),
        ("`records.outliers`",
         "learned records kept out of the feature statistics because a feature lay over 1000 σ from its mean "
         + "(their inputs are clipped to ±3 σ when learned; at most 1 record in 100; restored with a checkpoint)"),
        ("`records_per_second`",
         "records processed per second over the last ~10 s"),
        ("`learning_rate`",
         "the learning rate in use (with `train.tuning = \"auto\"`, the predicting member's)"),
        ("`tuning.mode`",
         "`auto` (a population of learners tunes the step size online) or `off` (`train.tuning`)"),
        ("`tuning.learning_rates`",
         "each member's learning rate, in member order (one with `off`)"),
        ("`tuning.leader`",
         "the member that predicts (0-based)"),
        ("`tuning.exploits`, `tuning.resets`",
         "members replaced by a copy of the best at a moved rate; members reset after a non-finite step"),
        ("`accuracy`, `recent_accuracy`",
         "classify: prequential (test-then-train) accuracy over all labelled records, and over the last "
         + "`metrics.recent_window`"),
        ("`rmse`, `recent_rmse`",
         "regress, instead of the two above"),
        ("`classes`",
         "classify: class names in slot order (order of first appearance)"),
        ("`loss`",
         "mean prequential loss"),
        ("`replay.size`, `replay.capacity`",
         "records in the replay memory, and its size"),
        ("`replay.classes`",
         "classify: records in the replay memory per class name"),
        ("`sparsity`, `sparsity_per_layer`",
         "fraction of the weights in use that are pruned (zero), overall and per layer; in use: every hidden "
         + "layer's weights and the output rows of the classes seen so far (a row of a class not seen yet is "
         + "not pruned before its class arrives)"),
        ("`drift.detector`",
         "`adwin`, `page-hinkley` or `none` (`drift.detector` of the configuration)"),
        ("`drift.detections`",
         "drift detections so far (restored with a checkpoint); learnd logs one line per detection"),
        ("`drift.last`",
         "learned-record indices (0-based) of the last detections, at most 64, oldest first"),
        ("`labels.pending`, `labels.capacity`",
         "predictions with an id waiting for their label, and `labels.pending_capacity`"),
        ("`labels.matched`, `labels.expired`, `labels.evicted`",
         "labels that found their prediction; predictions dropped after `labels.pending_seconds`, and to stay "
         + "within the capacity (oldest first); all restored with a checkpoint"),
        ("`labels.delayed_accuracy` (classify), `labels.delayed_rmse` (regress)",
         "delayed prequential score: each matched prediction scored as it was made, when its label came "
         + "(separate from `accuracy`/`rmse`, which score the model at the time it learns)"),
        ("`labels.delay_median_seconds`, `labels.delay_p99_seconds`",
         "median and 99th percentile of the time from prediction to label over the last 1024 matches"),
        ("`checkpoint.last_path`, `checkpoint.age_seconds`",
         "the last checkpoint written by this process and its age (`null` before the first)"),
        ("`checkpoint.bytes`, `checkpoint.write_milliseconds`",
         "its size and how long writing it took"),
        ("`checkpoint.written`, `checkpoint.failed`, `checkpoint.last_error`",
         "checkpoints written and failed since start, and the last failure (`null` once one succeeds)"),
        ("`connections.ingest`, `connections.ingest_total`",
         "producers connected now, and since start"),
        ("`connections.control`, `connections.control_refused`",
         "control clients now (including this one), and peers refused since start"),
        ("`connections.buffered_bytes`, `connections.budget_bytes`",
         "bytes of partial lines and unsent replies held for all clients now, and `ingest.max_buffered_bytes`: "
         + "at the budget, producers are no longer read until it frees"),
        ("`replies_dropped`",
         "replies that did not fit a producer's buffer (it was not reading them)"),
        ("`history.period_seconds`",
         "seconds between two samples (2)"),
        ("`history.capacity`",
         "samples kept at most (300, i.e. the last 10 minutes)"),
        ("`history.samples`",
         "oldest first, each `{unix_seconds, learned, records_per_second, accuracy, recent_accuracy, loss, "
         + "sparsity, drift_detections}` (regress: `rmse`, `recent_rmse` instead of the accuracies; a value not "
         + "available, such as a score before the first record is learned, is `null`)"),
        ("`history.checkpoints`",
         "checkpoints written (the last 300, across restarts), oldest first, each `{unix_seconds, learned}`"),
    ]

    /// docs/status-keys.md.
    public static func markdown() -> String {
        var text = """
            # Status keys

            <!-- Generated from Sources/Protocol/StatusKeys.swift by ProtocolTests; do not edit by hand. -->

            `learnctl status --json` prints learnd's reply to `{"cmd": "status"}` as it is. These keys are
            stable: scripts and dashboards may rely on them; new keys may be added, none is renamed or
            removed without a line in the README's changelog. Counts are integers, times are seconds,
            fractions are in 0..1. The learner's figures are exact whenever its queue is empty (so after
            `learnctl feed` returns, or once a producer's connection has been closed by learnd, they
            count all its records); while records are queued they are at most 50 ms old.

            The same facts carry the same names in the `learnd stream` report (`rejected_by_kind`,
            `drift.detections`, `drift.last`) and in `learnctl inspect --json` (`records.rejected_by_kind`,
            `drift.detections`, `drift.last`). Each of the three is a type in `Sources/Protocol` with one
            encoder and one decoder (`StatusReport`, `StreamReport`, `CheckpointSummary`), and the objects
            they share are one type each (`DriftFigures`, `RecordCounts`, `LabelsFigures`, `TuningFigures`).

            | key | meaning |
            | --- | --- |

            """
        for row in table { text += "| \(row.keys) | \(row.meaning) |\n" }
        return text
    }
}
