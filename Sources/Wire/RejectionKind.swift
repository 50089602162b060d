/// Short counter keys for rejected lines (`status` and reports count rejections by kind):
/// `width` (wrong number of features), `too-long` (over `max_record_bytes`), `parse` (the rest).
public enum RejectionKind {
    public static func of(_ reason: String) -> String {
        if reason.hasPrefix("expected ") && reason.contains("features") { return "width" }
        if reason.hasPrefix("record longer") { return "too-long" }
        return "parse"
    }
}
