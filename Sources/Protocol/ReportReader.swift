import Wire

/// A report (`status` reply, `learnd stream` report, `learnctl inspect`) that lacks a key or holds a
/// value of another kind; the message names the report and the key path.
public struct ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
}

/// The error of `StatusReport(json:)`.
public typealias StatusReportError = ReportError

/// Typed reads of key paths in a report, each failure naming the path (`status key drift.last:
/// not an array`). The one reader behind every report's decoder.
struct ReportReader {
    let root: JSON
    /// `status key`, `stream report key`, `inspect key`.
    let subject: String
    /// Where `root` sits in the whole report (for messages).
    let prefix: [String]

    init(_ root: JSON, subject: String, prefix: [String] = []) {
        self.root = root
        self.subject = subject
        self.prefix = prefix
    }

    func value(_ path: String...) throws(ReportError) -> JSON { try value(path) }

    func value(_ path: [String]) throws(ReportError) -> JSON {
        var node = root
        for key in path {
            guard let next = node[key] else { throw fail(path, "missing") }
            node = next
        }
        return node
    }

    /// A reader of the object at `path`.
    func at(_ path: String...) throws(ReportError) -> ReportReader {
        let node = try value(path)
        guard node.objectValue != nil else { throw fail(path, "not an object") }
        return ReportReader(node, subject: subject, prefix: prefix + path)
    }

    /// A reader of each element of the array at `path`.
    func items(_ path: String...) throws(ReportError) -> [ReportReader] {
        guard let items = try value(path).arrayValue else { throw fail(path, "not an array") }
        return items.indices.map { ReportReader(items[$0], subject: subject, prefix: prefix + path + ["\($0)"]) }
    }

    func isNull(_ path: String...) throws(ReportError) -> Bool { try value(path).isNull }

    func bool(_ path: String...) throws(ReportError) -> Bool {
        guard let b = try value(path).boolValue else { throw fail(path, "not a boolean") }
        return b
    }

    func string(_ path: String...) throws(ReportError) -> String {
        guard let s = try value(path).stringValue else { throw fail(path, "not a string") }
        return s
    }

    /// A string, or nil where the report holds `null`.
    func optionalString(_ path: String...) throws(ReportError) -> String? {
        let v = try value(path)
        if v.isNull { return nil }
        guard let s = v.stringValue else { throw fail(path, "not a string or null") }
        return s
    }

    func double(_ path: String...) throws(ReportError) -> Double { try double(value(path), path) }

    /// A number, or nil where the report holds `null`.
    func optionalDouble(_ path: String...) throws(ReportError) -> Double? {
        let v = try value(path)
        return v.isNull ? nil : try double(v, path)
    }

    func int(_ path: String...) throws(ReportError) -> Int { try int(value(path), path) }

    /// An integer, or nil where the report holds `null`.
    func optionalInt(_ path: String...) throws(ReportError) -> Int? {
        let v = try value(path)
        return v.isNull ? nil : try int(v, path)
    }

    func ints(_ path: String...) throws(ReportError) -> [Int] { try rows(path, int) }

    func doubles(_ path: String...) throws(ReportError) -> [Double] { try doubles(value(path), path) }

    /// An array of arrays of numbers (a matrix, row by row).
    func doubleRows(_ path: String...) throws(ReportError) -> [[Double]] { try rows(path, doubles) }

    func strings(_ path: String...) throws(ReportError) -> [String] { try strings(value(path), path) }

    /// An array of arrays of strings.
    func stringRows(_ path: String...) throws(ReportError) -> [[String]] { try rows(path, strings) }

    /// Each element of the array at `path`, read by `row`.
    private func rows<T>(_ path: [String], _ row: (JSON, [String]) throws(ReportError) -> T) throws(ReportError) -> [T] {
        guard let items = try value(path).arrayValue else { throw fail(path, "not an array") }
        var out: [T] = []
        for item in items { out.append(try row(item, path)) }
        return out
    }

    /// An object of integer counts, e.g. rejections per kind.
    func counts(_ path: String...) throws(ReportError) -> [String: Int] {
        var out: [String: Int] = [:]
        for c in try orderedCounts(path) { out[c.name] = c.count }
        return out
    }

    /// An object of integer counts in document order.
    func orderedCounts(_ path: String...) throws(ReportError) -> [NamedCount] { try orderedCounts(path) }

    /// An object of numbers, e.g. accuracy per class.
    func numbers(_ path: String...) throws(ReportError) -> [String: Double] {
        guard let members = try value(path).objectValue else { throw fail(path, "not an object") }
        var out: [String: Double] = [:]
        for (key, v) in members { out[key] = try double(v, path + [key]) }
        return out
    }

    private func orderedCounts(_ path: [String]) throws(ReportError) -> [NamedCount] {
        guard let members = try value(path).objectValue else { throw fail(path, "not an object") }
        var out: [NamedCount] = []
        for (key, v) in members { out.append(NamedCount(key, try int(v, path + [key]))) }
        return out
    }

    private func int(_ v: JSON, _ path: [String]) throws(ReportError) -> Int {
        guard let i = v.intValue else { throw fail(path, "not an integer") }
        return i
    }

    private func double(_ v: JSON, _ path: [String]) throws(ReportError) -> Double {
        guard let d = v.doubleValue else { throw fail(path, "not a number") }
        return d
    }

    private func doubles(_ v: JSON, _ path: [String]) throws(ReportError) -> [Double] {
        guard let items = v.arrayValue else { throw fail(path, "not an array") }
        let out = items.compactMap(\.doubleValue)
        guard out.count == items.count else { throw fail(path, "holds a value that is not a number") }
        return out
    }

    private func strings(_ v: JSON, _ path: [String]) throws(ReportError) -> [String] {
        guard let items = v.arrayValue else { throw fail(path, "not an array") }
        let out = items.compactMap(\.stringValue)
        guard out.count == items.count else { throw fail(path, "holds a value that is not a string") }
        return out
    }

    func fail(_ path: [String], _ what: String) -> ReportError {
        ReportError(description: "\(subject) \((prefix + path).joined(separator: ".")): \(what)")
    }
}

/// A name and its count, kept in order (a class histogram in slot order).
public struct NamedCount: Equatable, Sendable {
    public var name: String
    public var count: Int

    public init(_ name: String, _ count: Int) {
        self.name = name
        self.count = count
    }
}

/// The encoders' shared pieces: integers and count tables as JSON.
enum ReportJSON {
    static func int(_ value: Int) -> JSON { .number(Double(value)) }

    /// Counts by name, keys sorted (rejections per kind, replay items per class).
    static func counts(_ table: [String: Int]) -> JSON {
        .object(table.sorted { $0.key < $1.key }.map { ($0.key, int($0.value)) })
    }

    static func optional(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }
    static func optional(_ value: Double?) -> JSON { value.map { .number($0) } ?? .null }
}
