import LearnCore

/// Builders for the common kinds of key, so the table reads as a list of names and rules.
extension ConfigKey {
    /// An integer in `min...max`.
    static func int(_ name: String, _ doc: String, _ reload: Reload, min: Int, max: Int = .max,
                    _ path: WritableKeyPath<LearndConfig, Int>) -> ConfigKey {
        ConfigKey(name, doc, reload, set: { c, v in
            store(Read.int(v, min: min, max: max), into: &c, path)
        }, get: { c in .int(c[keyPath: path]) })
    }

    /// A finite number (integer or float) satisfying `rule`, described as `must` (e.g. "> 0").
    static func double(_ name: String, _ doc: String, _ reload: Reload, must: String, _ rule: @escaping (Double) -> Bool,
                       _ path: WritableKeyPath<LearndConfig, Double>) -> ConfigKey {
        ConfigKey(name, doc, reload, set: { c, v in
            store(Read.double(v).flatMap { rule($0) ? .success($0) : .failure(.must(must)) }, into: &c, path)
        }, get: { c in .float(c[keyPath: path]) })
    }

    /// One of an enumeration's raw values.
    static func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ doc: String, _ reload: Reload,
                                                           _ path: WritableKeyPath<LearndConfig, E>) -> ConfigKey
    where E.RawValue == String {
        ConfigKey(name, doc, reload, bareWord: true, set: { c, v in
            store(Read.choice(v, E.self), into: &c, path)
        }, get: { c in .string(c[keyPath: path].rawValue) })
    }

    /// An optional Unix socket path: non-empty, at most 107 bytes (`sun_path` holds 108 with the NUL).
    static func socketPath(_ name: String, _ doc: String, _ path: WritableKeyPath<LearndConfig, String?>) -> ConfigKey {
        ConfigKey(name, doc, .restart, optional: true, bareWord: true, set: { c, v in
            guard let s = Read.string(v) else { return .expected("a path string") }
            if s.isEmpty || s.utf8.contains(0) { return .must("a non-empty path without NUL") }
            if s.utf8.count > 107 { return .must("at most 107 bytes long (the Unix socket path limit)") }
            c[keyPath: path] = s
            return nil
        }, get: { c in c[keyPath: path].map { .string($0) } })
    }

    /// Writes a successfully read value; passes a problem through.
    static func store<T>(_ result: Result<T, Problem>, into c: inout LearndConfig,
                         _ path: WritableKeyPath<LearndConfig, T>) -> Problem? {
        switch result {
        case .success(let value):
            c[keyPath: path] = value
            return nil
        case .failure(let problem):
            return problem
        }
    }
}
