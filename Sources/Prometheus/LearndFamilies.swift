extension LearndMetrics {
    /// The metric families, in a fixed order (README, "Metrics", lists each).
    public var families: [MetricFamily] {
        counters + gauges
    }

    private var counters: [MetricFamily] {
        let reasons = Set(Self.knownRejectionKinds).union(rejectedByKind.keys).sorted()
        return [
            MetricFamily("learnd_records", .counter, help: "Records handled, by outcome: learned, predicted "
                + "(asked for a prediction) or rejected (not a valid record).", samples: [
                    Sample(Double(learned), ("outcome", "learned")),
                    Sample(Double(predicted), ("outcome", "predicted")),
                    Sample(Double(rejected), ("outcome", "rejected")),
                ]),
            MetricFamily("learnd_records_rejected", .counter, help: "Rejected records by kind (records.rejected_by_kind): "
                + "width (wrong number of features), too-long (over ingest.max_record_bytes), parse, and the rest.",
                samples: reasons.map { Sample(Double(rejectedByKind[$0] ?? 0), ("kind", $0)) }),
            MetricFamily("learnd_drift_detections", .counter, help: "Drift detections of the drift detector on the "
                + "prequential error.", value: Double(driftDetections)),
            MetricFamily("learnd_checkpoints_written", .counter, help: "Checkpoints written durably by this "
                + "process.", value: Double(checkpointsWritten)),
            MetricFamily("learnd_checkpoints_failed", .counter, help: "Checkpoint writes that failed (the "
                + "previous checkpoint stays).", value: Double(checkpointsFailed)),
            MetricFamily("learnd_replies_dropped", .counter, help: "Reply lines not delivered because the "
                + "producer had gone.", value: Double(repliesDropped)),
            MetricFamily("learnd_labels_matched", .counter, help: "Delayed labels matched to their pending "
                + "prediction (labels.matched).", value: Double(labels.matched)),
            MetricFamily("learnd_labels_expired", .counter, help: "Pending predictions whose label did not come "
                + "within labels.pending_seconds (labels.expired).", value: Double(labels.expired)),
            MetricFamily("learnd_labels_evicted", .counter, help: "Pending predictions evicted, oldest first, at "
                + "labels.pending_capacity (labels.evicted).", value: Double(labels.evicted)),
            MetricFamily("learnd_tuning_resets", .counter, help: "Tuning members reset to a copy of the best after "
                + "a non-finite step (tuning.resets; each logged).", value: Double(tuningResets)),
            MetricFamily("learnd_connections_accepted", .counter, help: "Connections accepted, by socket.",
                samples: [Sample(Double(ingestAccepted), ("socket", "ingest")),
                          Sample(Double(controlAccepted), ("socket", "control"))]),
            MetricFamily("learnd_connections_refused", .counter, help: "Control connections refused (peer "
                + "not root, learnd's uid or in control.allow_uids).",
                samples: [Sample(Double(controlRefused), ("socket", "control"))]),
        ]
    }

    private var gauges: [MetricFamily] {
        var out = [scoreFamily]
        out += [
            MetricFamily("learnd_loss", .gauge, help: "Mean training loss over the recent window.", value: loss),
            MetricFamily("learnd_sparsity_ratio", .gauge, unit: "ratio", help: "Fraction of the weights pruned to "
                + "zero.", value: sparsity),
            MetricFamily("learnd_replay_records", .gauge, unit: "records", help: "Records in the replay "
                + "reservoir.", value: Double(replayRecords)),
            MetricFamily("learnd_replay_capacity_records", .gauge, unit: "records", help: "Capacity of the "
                + "replay reservoir (replay.capacity).", value: Double(replayCapacity)),
            MetricFamily("learnd_queued_records", .gauge, unit: "records", help: "Records waiting for the "
                + "learner (ingest.queue is the bound).", value: Double(queuedRecords)),
            MetricFamily("learnd_labels_pending", .gauge, help: "Predictions with an id waiting for their "
                + "label (labels.pending).", value: Double(labels.pending)),
            MetricFamily("learnd_learning_rate", .gauge, help: "Learning rate of each tuning member "
                + "(tuning.learning_rates; one member with train.tuning = \"off\").",
                samples: learningRates.enumerated().map { Sample($0.element, ("member", "\($0.offset)")) }),
            MetricFamily("learnd_connections_open", .gauge, help: "Connections open now, by socket.",
                samples: [Sample(Double(openIngest), ("socket", "ingest")),
                          Sample(Double(openControl), ("socket", "control"))]),
            MetricFamily("learnd_checkpoint_interval_seconds", .gauge, unit: "seconds", help: "Seconds between "
                + "periodic checkpoints (checkpoint.every_seconds; 0 = off).", value: checkpointIntervalSeconds),
        ]
        if let last = lastCheckpoint {
            out += [
                MetricFamily("learnd_last_checkpoint_timestamp_seconds", .gauge, unit: "seconds", help: "Unix "
                    + "time of the last checkpoint this process wrote.", value: last.unixSeconds),
                MetricFamily("learnd_last_checkpoint_size_bytes", .gauge, unit: "bytes", help: "Size of the "
                    + "last checkpoint this process wrote.", value: Double(last.bytes)),
            ]
        }
        if let residentBytes {
            out.append(MetricFamily("learnd_resident_memory_bytes", .gauge, unit: "bytes", help: "Resident "
                + "set size of the learnd process.", value: Double(residentBytes)))
        }
        out += [
            MetricFamily("learnd_start_time_seconds", .gauge, unit: "seconds", help: "Unix time at which this "
                + "learnd process started.", value: startUnixSeconds),
            MetricFamily("learnd_build_info", .gauge, help: "Always 1; the labels name learnd's version, the "
                + "kernel release and the model's task.",
                samples: [Sample(1, ("version", version), ("kernel", kernel), ("task", task))]),
        ]
        return out
    }

    /// Accuracy (classify) or RMSE (regress), over all records and over the recent window.
    private var scoreFamily: MetricFamily {
        switch score {
        case .accuracy(let all, let recent):
            return MetricFamily("learnd_accuracy_ratio", .gauge, unit: "ratio", help: "Prequential accuracy "
                + "(predicted before learning), over all records and over the recent window.",
                samples: [Sample(all, ("window", "all")), Sample(recent, ("window", "recent"))])
        case .rmse(let all, let recent):
            return MetricFamily("learnd_rmse", .gauge, help: "Prequential root mean squared error in target "
                + "units, over all records and over the recent window.",
                samples: [Sample(all, ("window", "all")), Sample(recent, ("window", "recent"))])
        }
    }
}
