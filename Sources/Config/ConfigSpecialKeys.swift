import LearnCore

/// The keys whose rules do not fit a builder: "auto"-or-integer, arrays, octal modes.
extension ConfigKey {
    /// Largest input width accepted, a sanity bound against typos (features per record).
    static let maxInputs = 1 << 20
    /// Largest layer width accepted.
    static let maxWidth = 1 << 16

    static var modelInputs: ConfigKey {
        ConfigKey("model.inputs", "input width, or \"auto\" to take it from the first valid record", .newModel,
                  set: { c, v in
                      if Read.string(v) == "auto" { c.model.inputs = nil; return nil }
                      guard case .integer = v else { return .expected("\"auto\" or a positive integer") }
                      return store(Read.int(v, min: 1, max: maxInputs).map { Optional($0) }, into: &c, \.model.inputs)
                  }, get: { c in c.model.inputs.map { .int($0) } ?? .string("auto") })
    }

    static var modelHidden: ConfigKey {
        let what = "an array of positive integers"
        return ConfigKey("model.hidden", "hidden layer widths, from input to output ([] = no hidden layer)", .newModel,
                         set: { c, v in
                             store(Read.array(v, of: what) { item in
                                 guard case .integer(let w) = item, w >= 1 else { return .failure(.expected(what)) }
                                 return w <= maxWidth ? .success(Int(w)) : .failure(.must("widths <= \(maxWidth)"))
                             }, into: &c, \.model.hidden)
                         }, get: { c in .array(c.model.hidden.map { .int($0) }) })
    }

    static var modelSeed: ConfigKey {
        ConfigKey("model.seed", "seed of the learner's one random generator (initialisation, replay draws)", .newModel,
                  set: { c, v in
                      store(Read.int(v, min: 0).map { UInt64($0) }, into: &c, \.model.seed)
                  }, get: { c in .integer(Int64(clamping: c.model.seed)) })
    }

    static var modelFeatureNames: ConfigKey {
        names("model.feature_names",
              "feature names, checked against CSV headers and used as JSON \"x\" keys (sets inputs when \"auto\")",
              \.model.featureNames)
    }

    static var modelClasses: ConfigKey {
        names("model.classes", "classify: fixed class map, class i in output slot i (the same on every device of a federation)",
              \.model.classes)
    }

    /// An optional array of names (`namesProblem` says which are acceptable); needs a new model.
    private static func names(_ name: String, _ doc: String, _ path: WritableKeyPath<LearndConfig, [String]?>) -> ConfigKey {
        ConfigKey(name, doc, .newModel, optional: true, set: { c, v in
            let read = Read.array(v, of: "an array of strings") { item in
                Read.string(item).map { .success($0) } ?? .failure(.expected(""))
            }
            switch read {
            case .failure(let problem): return problem
            case .success(let names):
                if let problem = featureNamesProblem(names) { return problem }
                c[keyPath: path] = names
                return nil
            }
        }, get: { c in c[keyPath: path].map(TOMLValue.strings) })
    }

    /// Names (features, classes) must be usable as CSV header fields and JSON keys, and tell each other apart.
    private static func featureNamesProblem(_ names: [String]) -> Problem? {
        if names.isEmpty { return .must("a non-empty array") }
        let bad = names.first { name in
            name.isEmpty || name.unicodeScalars.contains { $0.value < 0x20 || $0 == "," || $0 == "\"" || $0.value == 0x7F }
        }
        if bad != nil { return .must("non-empty names without commas, quotes or control characters") }
        if Set(names).count != names.count { return .must("unique names") }
        return nil
    }

    static var driftAction: ConfigKey {
        let names = DriftActions.names.map { "\"\($0.0)\"" }.joined(separator: ", ")
        return ConfigKey("drift.action", "on drift: \"none\", or one or more of \(names) joined by \"+\"", .live,
                         bareWord: true, set: { c, v in
                             guard let actions = Read.string(v).flatMap(DriftActions.init(text:)) else {
                                 return .expected("\"none\" or actions joined by \"+\" from \(names)")
                             }
                             c.drift.action = actions
                             return nil
                         }, get: { c in .string(c.drift.action.text) })
    }

    static var controlMode: ConfigKey {
        ConfigKey("control.mode", "control socket permission bits, octal (a string \"0660\" or 0o660)", .restart,
                  set: { c, v in
                      let mode: Int
                      switch v {
                      case .integer(let i): mode = Int(i)
                      case .string(let s) where !s.isEmpty && s.count <= 4 && s.allSatisfy({ $0 >= "0" && $0 <= "7" }):
                          mode = Int(s, radix: 8)!
                      default: return .expected("octal permission bits like \"0660\" or 0o660")
                      }
                      guard (0...0o777).contains(mode) else { return .must("between 0 and 0o777 (\"0777\")") }
                      c.control.mode = UInt32(mode)
                      return nil
                  }, get: { c in .string("0" + String(c.control.mode, radix: 8)) })
    }

    static var controlGroup: ConfigKey {
        ConfigKey("control.group", "group given the control socket (with mode \"0660\": its members may connect)",
                  .restart, optional: true, bareWord: true, set: { c, v in
                      guard let s = Read.string(v) else { return .expected("a group name") }
                      if s.isEmpty || s.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == ":" }) {
                          return .must("a group name without spaces, colons or control characters")
                      }
                      c.control.group = s
                      return nil
                  }, get: { c in c.control.group.map { .string($0) } })
    }

    static var controlAllowUIDs: ConfigKey {
        ConfigKey("control.allow_uids", "uids allowed on the control socket besides root and learnd's own", .restart,
                  set: { c, v in
                      store(Read.array(v, of: "an array of uids (non-negative integers)") { item in
                          Read.int(item, min: 0, max: Int(UInt32.max) - 1).map { UInt32($0) }
                      }, into: &c, \.control.allowUIDs)
                  }, get: { c in .array(c.control.allowUIDs.map { .int(Int($0)) }) })
    }
}
