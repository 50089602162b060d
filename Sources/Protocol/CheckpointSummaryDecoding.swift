import Wire

extension CheckpointSummary {
    /// Decodes `learnctl inspect --json`. Every key `json` writes must be there with its kind of value.
    public init(json: JSON) throws(ReportError) {
        let r = ReportReader(json, subject: "inspect key")
        self.init()
        file = try r.string("file")
        formatVersion = try r.int("format_version")
        fileBytes = try r.int("file_bytes")
        containerBytes = try r.int("container_bytes")
        createdUnixSeconds = try r.int("created_unix_seconds")
        created = try r.string("created")
        learndVersion = try r.string("learnd_version")
        model = try Model(try r.at("model"))
        records = try RecordCounts(try r.at("records"))
        labels = try r.strings("labels")
        labelCapacity = try r.int("label_capacity")
        sparsity = try r.double("sparsity")
        sparsityPerLayer = try r.doubles("sparsity_per_layer")
        pruned = try r.bool("pruned")
        replay = try Replay(try r.at("replay"))
        metrics = try Metrics(try r.at("metrics"), classify: model.task != "regress")
        drift = try DriftFigures(r)
        protection.kind = try r.string("protection", "kind")
        protection.consolidations = try r.int("protection", "consolidations")
        history = try r.isNull("history") ? nil : try History(try r.at("history"))
        sections = []
        for s in try r.items("sections") { sections.append(NamedCount(try s.string("tag"), try s.int("bytes"))) }
        configText = try r.string("config_text")
    }
}

extension CheckpointSummary.Model {
    init(_ r: ReportReader) throws(ReportError) {
        self.init()
        widths = try r.ints("widths")
        task = try r.string("task")
        activation = try r.string("activation")
        optimizer = try r.string("optimizer")
        learningRate = try r.double("learning_rate")
        parameters = try r.int("parameters")
        optimizerSteps = try r.int("optimizer_steps")
    }
}

extension CheckpointSummary.Replay {
    init(_ r: ReportReader) throws(ReportError) {
        self.init()
        count = try r.int("count")
        capacity = try r.int("capacity")
        seen = try r.int("seen")
        policy = try r.string("policy")
        classHistogram = try r.orderedCounts("class_histogram")
    }
}

extension CheckpointSummary.Metrics {
    init(_ r: ReportReader, classify: Bool) throws(ReportError) {
        self.init()
        count = try r.int("count")
        window = try r.int("window")
        meanLoss = try r.double("mean_loss")
        guard classify else {
            score = .regress(rmse: try r.double("prequential_rmse"), recentRMSE: try r.double("recent_rmse"))
            return
        }
        let perClass = try r.at("per_class")
        var classes: [CheckpointSummary.ClassScore] = []
        for (name, _) in perClass.root.objectValue ?? [] {
            let c = try perClass.at(name)
            classes.append(.init(name: name, seen: try c.int("seen"), correct: try c.int("correct"),
                                 accuracy: try c.double("accuracy")))
        }
        score = .classify(accuracy: try r.double("prequential_accuracy"), recentAccuracy: try r.double("recent_accuracy"),
                          perClass: classes)
    }
}

extension CheckpointSummary.History {
    init(_ r: ReportReader) throws(ReportError) {
        self.init()
        periodSeconds = try r.double("period_seconds")
        samples = try r.int("samples")
        checkpoints = try r.int("checkpoints")
        firstUnixSeconds = try r.optionalInt("first_unix_seconds")
        lastUnixSeconds = try r.optionalInt("last_unix_seconds")
    }
}
