import Wire

/// A `status` reply that lacks a key or holds a value of another kind.
public struct StatusReportError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
}

extension StatusReport {
    /// Decodes a `status` reply. Every documented key must be there with its kind of value; a
    /// count that is not a representable integer is an error, never a trap.
    public init(json: JSON) throws(StatusReportError) {
        let r = Reader(json)
        self.init()
        version = try r.string("version")
        kernel = try r.string("kernel")
        uptimeSeconds = try r.double("uptime_seconds")
        rssBytes = try r.isNull("rss_bytes") ? nil : try r.int("rss_bytes")
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
        drift.detector = try r.string(ReportKey.drift, ReportKey.driftDetector)
        drift.detections = try r.int(ReportKey.drift, ReportKey.driftDetections)
        drift.last = try r.ints(ReportKey.drift, ReportKey.driftLast)
        labels = try LabelsFigures(r, classify: task != "regress")
        checkpoint.lastPath = try r.isNull("checkpoint", "last_path") ? nil : try r.string("checkpoint", "last_path")
        checkpoint.ageSeconds = try r.isNull("checkpoint", "age_seconds") ? nil : try r.double("checkpoint", "age_seconds")
        checkpoint.bytes = try r.int("checkpoint", "bytes")
        checkpoint.writeMilliseconds = try r.double("checkpoint", "write_milliseconds")
        checkpoint.written = try r.int("checkpoint", "written")
        checkpoint.failed = try r.int("checkpoint", "failed")
        checkpoint.lastError = try r.isNull("checkpoint", "last_error") ? nil : try r.string("checkpoint", "last_error")
        connections.ingest = try r.int("connections", "ingest")
        connections.ingestTotal = try r.int("connections", "ingest_total")
        connections.control = try r.int("connections", "control")
        connections.controlRefused = try r.int("connections", "control_refused")
        connections.bufferedBytes = try r.int("connections", "buffered_bytes")
        connections.budgetBytes = try r.int("connections", "budget_bytes")
        repliesDropped = try r.int("replies_dropped")
        history = try r.value("history")
    }

    /// Typed reads of key paths, each failure naming the path.
    struct Reader {
        let root: JSON
        init(_ root: JSON) { self.root = root }

        func value(_ path: String...) throws(StatusReportError) -> JSON { try value(path) }

        func value(_ path: [String]) throws(StatusReportError) -> JSON {
            var node = root
            for key in path {
                guard let next = node[key] else { throw fail(path, "missing") }
                node = next
            }
            return node
        }

        func isNull(_ path: String...) throws(StatusReportError) -> Bool { try value(path).isNull }

        func string(_ path: String...) throws(StatusReportError) -> String {
            guard let s = try value(path).stringValue else { throw fail(path, "not a string") }
            return s
        }

        func double(_ path: String...) throws(StatusReportError) -> Double {
            guard let d = try value(path).doubleValue else { throw fail(path, "not a number") }
            return d
        }

        func int(_ path: String...) throws(StatusReportError) -> Int { try int(value(path), path) }

        func ints(_ path: String...) throws(StatusReportError) -> [Int] {
            guard let items = try value(path).arrayValue else { throw fail(path, "not an array") }
            var out: [Int] = []
            for item in items { out.append(try int(item, path)) }
            return out
        }

        func doubles(_ path: String...) throws(StatusReportError) -> [Double] {
            guard let items = try value(path).arrayValue else { throw fail(path, "not an array") }
            let out = items.compactMap(\.doubleValue)
            guard out.count == items.count else { throw fail(path, "holds a value that is not a number") }
            return out
        }

        func strings(_ path: String...) throws(StatusReportError) -> [String] {
            guard let items = try value(path).arrayValue else { throw fail(path, "not an array") }
            let out = items.compactMap(\.stringValue)
            guard out.count == items.count else { throw fail(path, "holds a value that is not a string") }
            return out
        }

        func counts(_ path: String...) throws(StatusReportError) -> [String: Int] {
            guard let members = try value(path).objectValue else { throw fail(path, "not an object") }
            var out: [String: Int] = [:]
            for (key, v) in members { out[key] = try int(v, path + [key]) }
            return out
        }

        private func int(_ v: JSON, _ path: [String]) throws(StatusReportError) -> Int {
            guard let i = v.intValue else { throw fail(path, "not an integer") }
            return i
        }

        private func fail(_ path: [String], _ what: String) -> StatusReportError {
            StatusReportError(description: "status key \(path.joined(separator: ".")): \(what)")
        }
    }
}
