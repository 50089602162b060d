import Wire

extension StatusReport {
    /// Decodes a `status` reply. Every documented key must be there with its kind of value; a
    /// count that is not a representable integer is an error, never a trap.
    public init(json: JSON) throws(StatusReportError) {
        let r = ReportReader(json, subject: "status key")
        self.init()
        version = try r.string("version")
        kernel = try r.string("kernel")
        uptimeSeconds = try r.double("uptime_seconds")
        rssBytes = try r.optionalInt("rss_bytes")
        shape = try r.ints("model", "shape")
        task = try r.string("model", "task")
        records.read = try r.int("records", "read")
        records.learned = try r.int("records", "learned")
        records.predicted = try r.int("records", "predicted")
        records.rejected = try r.int("records", "rejected")
        records.queued = try r.int("records", "queued")
        records.rejectedByKind = try r.counts("records", ReportKey.rejectedByKind)
        records.outliers = try r.int("records", "outliers")
        recordsPerSecond = try r.double("records_per_second")
        learningRate = try r.double("learning_rate")
        tuning = try TuningFigures(r)
        if task == "regress" {
            score = .regress(rmse: try r.double("rmse"), recentRMSE: try r.double("recent_rmse"))
        } else {
            score = .classify(accuracy: try r.double("accuracy"), recentAccuracy: try r.double("recent_accuracy"),
                              classes: try r.strings("classes"))
        }
        loss = try r.double("loss")
        replaySize = try r.int("replay", "size")
        replayCapacity = try r.int("replay", "capacity")
        replayClasses = try r.counts("replay", "classes")
        sparsity = try r.double("sparsity")
        sparsityPerLayer = try r.doubles("sparsity_per_layer")
        drift = try DriftFigures(r)
        labels = try LabelsFigures(r, classify: task != "regress")
        checkpoint.lastPath = try r.optionalString("checkpoint", "last_path")
        checkpoint.ageSeconds = try r.optionalDouble("checkpoint", "age_seconds")
        checkpoint.bytes = try r.int("checkpoint", "bytes")
        checkpoint.writeMilliseconds = try r.double("checkpoint", "write_milliseconds")
        checkpoint.written = try r.int("checkpoint", "written")
        checkpoint.failed = try r.int("checkpoint", "failed")
        checkpoint.lastError = try r.optionalString("checkpoint", "last_error")
        connections.ingest = try r.int("connections", "ingest")
        connections.ingestTotal = try r.int("connections", "ingest_total")
        connections.control = try r.int("connections", "control")
        connections.controlRefused = try r.int("connections", "control_refused")
        connections.bufferedBytes = try r.int("connections", "buffered_bytes")
        connections.budgetBytes = try r.int("connections", "budget_bytes")
        repliesDropped = try r.int("replies_dropped")
        history = try StatusHistory(try r.at("history"), classify: task != "regress")
    }
}
