import Glibc
import SystemPackage

/// The `events`/`revents` bits of `poll(2)`.
///
/// Ask for `readable` and/or `writable`; `error`, `hangup` and `invalid` are reported whether
/// asked for or not.
public struct PollEvents: OptionSet, Hashable, Sendable {
    public let rawValue: Int16

    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// POLLIN: data to read, a connection to accept, or end of input.
    public static let readable = PollEvents(rawValue: Int16(POLLIN))
    /// POLLOUT: writing would not block.
    public static let writable = PollEvents(rawValue: Int16(POLLOUT))
    /// POLLERR: an error is pending on the descriptor.
    public static let error = PollEvents(rawValue: Int16(POLLERR))
    /// POLLHUP: the peer hung up; reads give what is left, then end of input.
    public static let hangup = PollEvents(rawValue: Int16(POLLHUP))
    /// POLLNVAL: the descriptor is not open (a bug in the caller's bookkeeping).
    public static let invalid = PollEvents(rawValue: Int16(POLLNVAL))
}

/// A set of descriptors to wait on with `poll(2)`, rebuilt by its owner each loop turn.
///
/// Entries are addressed by the index `add` returned. Fine for a few hundred descriptors: the
/// kernel scans them all on each call, which costs microseconds at that size.
public struct PollSet: Sendable {
    private var entries: [pollfd] = []

    public init() {}

    /// The number of descriptors added.
    public var count: Int { entries.count }

    /// Adds `fd`, to be watched for `events`, and returns its index.
    @discardableResult
    public mutating func add(_ fd: FileDescriptor, events: PollEvents) -> Int {
        entries.append(pollfd(fd: fd.rawValue, events: events.rawValue, revents: 0))
        return entries.count - 1
    }

    /// Removes every descriptor, keeping the storage for the next turn.
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }

    /// The descriptor at `index`.
    public func fileDescriptor(at index: Int) -> FileDescriptor {
        FileDescriptor(rawValue: entries[index].fd)
    }

    /// What the last `wait` reported for the descriptor at `index` (empty when nothing).
    public func returnedEvents(at index: Int) -> PollEvents {
        PollEvents(rawValue: entries[index].revents)
    }

    /// Waits until a descriptor is ready or the timeout passes (`poll(2)`).
    ///
    /// - Parameter timeoutMilliseconds: how long to wait at most; 0 returns at once, a negative
    ///   value waits without limit.
    /// - Returns: how many descriptors have events (0 on timeout). A signal that interrupts the
    ///   wait (EINTR) also gives 0 with no events, so that the loop goes on to its signalfd.
    public mutating func wait(timeoutMilliseconds: Int32) throws(PosixError) -> Int {
        let count = entries.count
        do {
            let ready = try entries.withUnsafeMutableBufferPointer { (buffer) throws(PosixError) -> Int32 in
                try systemCall("poll", retryOnInterrupt: false) {
                    poll(buffer.baseAddress, nfds_t(count), timeoutMilliseconds)
                }
            }
            return Int(ready)
        } catch where error.errno == .interrupted {
            for index in entries.indices { entries[index].revents = 0 }
            return 0
        }
    }
}
