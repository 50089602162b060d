import LearnCore

/// Builders for the common kinds of key, so the table reads as a list of names and rules.
extension ConfigKey {
    static func int(_ name: String, _ doc: String, live: Bool = false, min: Int, max: Int,
                    _ path: WritableKeyPath<LearndConfig, Int>) -> ConfigKey {
        let expected = max == .max ? "an integer >= \(min)" : "an integer in \(min)...\(max)"
        return ConfigKey(name, doc, live: live, set: { c, v in
            guard let i = Read.int(v, min: min, max: max) else { return expected }
            c[keyPath: path] = i; return nil
        }, get: { c in .int(c[keyPath: path]) })
    }

    static func double(_ name: String, _ doc: String, live: Bool = false, _ expected: String,
                       _ ok: @escaping (Double) -> Bool, _ path: WritableKeyPath<LearndConfig, Double>) -> ConfigKey {
        ConfigKey(name, doc, live: live, set: { c, v in
            guard let d = Read.double(v, ok) else { return expected }
            c[keyPath: path] = d; return nil
        }, get: { c in .float(c[keyPath: path]) })
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ doc: String, live: Bool = false,
                                                           _ path: WritableKeyPath<LearndConfig, E>) -> ConfigKey
    where E.RawValue == String {
        ConfigKey(name, doc, live: live, set: { c, v in
            guard let e = Read.choice(v, E.self) else { return Read.choices(E.self) }
            c[keyPath: path] = e; return nil
        }, get: { c in .string(c[keyPath: path].rawValue) })
    }

    static func word(_ name: String, _ doc: String, live: Bool, _ allowed: [String],
                     _ path: WritableKeyPath<LearndConfig, String>) -> ConfigKey {
        ConfigKey(name, doc, live: live, set: { c, v in
            guard let s = Read.string(v), allowed.contains(s) else {
                return "one of " + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            }
            c[keyPath: path] = s; return nil
        }, get: { c in .string(c[keyPath: path]) })
    }

    static func path(_ name: String, _ doc: String, _ path: WritableKeyPath<LearndConfig, String?>) -> ConfigKey {
        ConfigKey(name, doc, optional: true, set: { c, v in
            guard let s = Read.string(v), !s.isEmpty else { return "a non-empty string" }
            c[keyPath: path] = s; return nil
        }, get: { c in c[keyPath: path].map { .string($0) } })
    }
}
