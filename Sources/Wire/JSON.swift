/// A JSON value (RFC 8259).
///
/// Invariants:
/// - `object` keeps its members in document order and may hold duplicate keys exactly
///   as parsed; `subscript(key:)` returns the first member with that key.
/// - `number` holds a float64. The parser never produces a non-finite number; the writer
///   prints a non-finite number as `null`.
/// - Equality is structural and order-sensitive for objects (two objects with the same
///   members in a different order are different values); numbers compare with `==`
///   on `Double` (so `0` equals `-0`).
public enum JSON: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
}

extension JSON: Equatable {
    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.0 != y.0 || x.1 != y.1 { return false }
            return true
        default: return false
        }
    }
}

// MARK: - Accessors

extension JSON {
    /// The first member named `key` when this is an object; nil otherwise or when absent.
    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        for (k, v) in members where k == key { return v }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range.
    public subscript(index: Int) -> JSON? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// The number as an `Int` when it is integral and representable; nil otherwise.
    public var intValue: Int? {
        guard case .number(let d) = self, d.rounded(.towardZero) == d,
              let i = Int(exactly: d) else { return nil }
        return i
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of an object, in document order.
    public var objectValue: [(String, JSON)]? {
        if case .object(let o) = self { return o }
        return nil
    }
}

// MARK: - Literals

extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral {
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// Keeps the literal's order (a dictionary literal is ordered source text).
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(elements) }
}

extension JSON: CustomStringConvertible {
    /// The compact serialization.
    public var description: String { serialized() }
}
