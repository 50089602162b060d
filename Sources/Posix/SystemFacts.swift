import Glibc

extension ProcessInfo {
    /// The running kernel's release, as `uname -r` prints it (`uname(2)`); "unknown" if the call fails.
    public static func kernelRelease() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &names.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
