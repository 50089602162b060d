import Wire

extension StreamReport {
    /// Decodes a `learnd stream` report. Every key `json` writes must be there with its kind of
    /// value (`continual` and `labels` only when the run had them).
    public init(json: JSON) throws(ReportError) {
        let r = ReportReader(json, subject: "stream report key")
        self.init()
        total = try r.int("records")
        counts = try RecordCounts(r)
        task = try r.string("task")
        if classify {
            score = .classify(accuracy: try r.double("prequential_accuracy"),
                              recentAccuracy: try r.double("recent_accuracy"), classes: try r.strings("classes"))
        } else {
            score = .regress(rmse: try r.double("prequential_rmse"), recentRMSE: try r.double("recent_rmse"))
        }
        loss = try r.double("prequential_loss")
        shape = try r.ints("shape")
        kernel = try r.string("kernel")
        sparsity = try r.double("sparsity")
        sparsityPerLayer = try r.doubles("sparsity_per_layer")
        replaySize = try r.int("replay", "size")
        replayCapacity = try r.int("replay", "capacity")
        drift = try DriftFigures(r)
        consolidations = try r.int("consolidations")
        seconds = try r.double("seconds")
        recordsPerSecond = try r.double("records_per_second")
        evaluations = try r.items("evaluations").map { e throws(ReportError) in try Evaluation(e, classify: classify) }
        stages = try r.items("stages").map { s throws(ReportError) in try Stage(s, classify: classify) }
        if json["continual"] != nil { continual = try r.items("continual").map { c throws(ReportError) in try Continual(c) } }
        if json[ReportKey.labels] != nil { labels = try LabelsFigures(r, classify: classify) }
        tuning = try TuningFigures(r)
    }
}

extension StreamReport.Evaluation {
    init(_ r: ReportReader, classify: Bool) throws(ReportError) {
        self.init()
        afterRecords = try r.int("after_records")
        afterFile = try r.optionalString("after_file")
        file = try r.string("file")
        score = classify ? .classify(accuracy: try r.double("accuracy"), perClass: try r.numbers("per_class"))
            : .regress(rmse: try r.double("rmse"))
    }
}

extension StreamReport.Stage {
    init(_ r: ReportReader, classify: Bool) throws(ReportError) {
        self.init()
        file = try r.string("file")
        learned = try r.int("learned")
        score = try r.optionalDouble(classify ? "prequential_accuracy" : "prequential_rmse")
        newClasses = try r.strings("new_classes")
    }
}

extension StreamReport.Continual {
    init(_ r: ReportReader) throws(ReportError) {
        self.init()
        file = try r.string("file")
        tasks = try r.stringRows("tasks")
        accuracyMatrix = try r.doubleRows("accuracy_matrix")
        averageAccuracy = try r.double("average_accuracy")
        backwardTransfer = try r.double("backward_transfer")
        averageForgetting = try r.double("average_forgetting")
    }
}
