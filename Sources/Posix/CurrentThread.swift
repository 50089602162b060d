import CLinuxShims
import SystemPackage

/// The calling thread: its name and its CPU scheduling priority. Linux keeps a nice value per
/// thread (`setpriority(2)` on the thread id), so one thread can yield the CPU to the others of
/// its process: learnd's checkpoint writer runs at a higher nice value than the learner.
public enum CurrentThread {
    /// Names the calling thread (shown by `top -H`, `ps -L` and /proc/PID/task/TID/comm);
    /// `name` is cut to 15 bytes, the kernel's limit.
    public static func setName(_ name: String) {
        _ = clinux_set_thread_name(String(decoding: name.utf8.prefix(15), as: UTF8.self))
    }

    /// The calling thread's nice value, -20 (first) .. 19 (last).
    public static func nice() -> Int {
        Int(clinux_thread_nice())
    }

    /// Sets the calling thread's nice value (`nice` is clamped to -20 ... 19). Raising it needs
    /// no privilege; a system-call filter without `setpriority` makes it fail with EPERM.
    public static func setNice(_ nice: Int) throws(PosixError) {
        let value = Int32(min(max(nice, -20), 19))
        _ = try systemCall("set the thread's nice value to \(value)") { clinux_set_thread_nice(value) }
    }
}
